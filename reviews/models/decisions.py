"""The committee's decision on each proposal and the publication of a call's results."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grants.models import Call
from portal.bilingual import Bilingual
from proposals.models import Proposal

from ..enums import (
    DecisionOutcome,
)


class Decision(models.Model):
    """The committee's decision on a proposal: pending until the results are published."""

    proposal = models.OneToOneField(
        Proposal, on_delete=models.CASCADE, related_name="decision", verbose_name=_("proposal")
    )
    outcome = models.CharField(_("decision"), max_length=20, choices=DecisionOutcome.choices)
    amount = models.DecimalField(
        _("amount awarded (baht)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    reserve_rank = models.PositiveSmallIntegerField(
        _("place on the reserve list"), null=True, blank=True
    )
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)
    final = models.BooleanField(_("final"), default=False)  # frozen by publishing the results

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.proposal}: {self.get_outcome_display()}"


class Publication(models.Model):
    """A call's published results: made once, by one action."""

    call = models.OneToOneField(
        Call, on_delete=models.PROTECT, related_name="publication", verbose_name=_("call")
    )
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    total_awarded = models.DecimalField(_("total awarded"), max_digits=14, decimal_places=2)
    # When every result message was queued (see reviews.tasks); empty until then.
    notified_at = models.DateTimeField(_("results notified at"), null=True, blank=True)
    thai_numerals = models.BooleanField(
        _("Thai numerals"),
        default=False,
        help_text=_("Print numbers on the Thai results page as ๑๒๓, as official documents do."),
    )
    # Who signs the announcement, as official announcements close: the name (printed in
    # brackets under the signature, in Thai) and the position, typed by whoever publishes.
    signatory_name_th = models.CharField(_("signed by (Thai)"), max_length=200, blank=True)
    signatory_name_en = models.CharField(_("signed by (English)"), max_length=200, blank=True)
    signatory_position_th = models.CharField(
        _("position of the signatory (Thai)"), max_length=250, blank=True
    )
    signatory_position_en = models.CharField(
        _("position of the signatory (English)"), max_length=250, blank=True
    )

    signatory_name = Bilingual()
    signatory_position = Bilingual()

    class Meta:
        verbose_name = _("published results")
        verbose_name_plural = _("published results")

    def __str__(self) -> str:
        return str(self.call)


# ---------------------------------------------------------------- committee meetings
