"""Reviewer profiles, a call's panel and declared conflicts."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grants.models import Call, Sector
from proposals.models import Proposal

from ..enums import (
    ConflictSource,
)

EXPERTISE_MAX_LENGTH = 3_000


class ReviewerProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reviewer_profile",
        verbose_name=_("user"),
    )
    expertise = models.ManyToManyField(
        Sector, blank=True, related_name="+", verbose_name=_("expertise")
    )
    # In the reviewer's words, Thai or English: compared with each proposal's text when
    # reviewers are assigned automatically (reviews.matching). `expertise` above holds the
    # sectors, so the text has its own name.
    expertise_text = models.TextField(
        _("expertise in your own words"),
        max_length=EXPERTISE_MAX_LENGTH,
        blank=True,
        help_text=_(
            "What you know and have worked on, in Thai or English: proposals whose text is "
            "close to it are offered to you first."
        ),
    )
    organisation_name = models.CharField(_("organisation"), max_length=250, blank=True)
    organisation_tax_id = models.CharField(
        _("organisation's tax ID"),
        max_length=13,
        blank=True,
        help_text=_("Used to find conflicts with applicants from the same organisation."),
    )
    max_per_call = models.PositiveSmallIntegerField(
        _("maximum proposals per call"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
    )

    class Meta:
        verbose_name = _("reviewer profile")
        verbose_name_plural = _("reviewer profiles")

    def __str__(self) -> str:
        return str(self.user)


class PanelMember(models.Model):
    """A reviewer invited to review a call's proposals."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="panel", verbose_name=_("call")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="panels",
        verbose_name=_("reviewer"),
    )
    max_proposals = models.PositiveSmallIntegerField(
        _("maximum proposals"),
        null=True,
        blank=True,
        help_text=_("Leave empty to use the reviewer's own maximum."),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")
        constraints = [
            models.UniqueConstraint(fields=["call", "reviewer"], name="unique_panel_member")
        ]

    def __str__(self) -> str:
        return f"{self.call} – {self.reviewer}"


class Conflict(models.Model):
    """A reviewer who must not review, nor see the scores of, a proposal."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="conflicts", verbose_name=_("proposal")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="conflicts",
        verbose_name=_("reviewer"),
    )
    source = models.CharField(_("source"), max_length=20, choices=ConflictSource.choices)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "reviewer"], name="unique_conflict")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} × {self.proposal}"
