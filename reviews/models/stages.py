"""A proposal's result at a stage of a multi-stage call (grants.stages): shortlisted for the
next stage or not, why, by whom. Written by reviews.services.shortlist.shortlist_stage."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from proposals.models import Proposal


class StageResult(models.Model):
    proposal = models.OneToOneField(
        Proposal, on_delete=models.CASCADE, related_name="stage_result", verbose_name=_("proposal")
    )
    advanced = models.BooleanField(_("shortlisted for the next stage"))
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        verbose_name = _("stage result")
        verbose_name_plural = _("stage results")

    def __str__(self) -> str:
        return f"{self.proposal}: {'+' if self.advanced else '-'}"
