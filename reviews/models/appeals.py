"""Appeals against results and the amendments to published results."""

import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from proposals.models import Proposal

from ..enums import (
    AppealState,
    DecisionOutcome,
)
from .decisions import Publication


def appeal_path(instance, filename: str) -> str:
    # A random name, as for proposals' attachments: the original name stays in the row.
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"appeals/{instance.proposal.call_id}/{uuid.uuid4().hex}{suffix}"


# An appeal still waiting for the committee: a proposal has at most one at a time.
OPEN_APPEAL_STATES = (AppealState.LODGED, AppealState.WITH_COMMITTEE)


class Appeal(models.Model):
    """An applicant's appeal against a published result, and the committee's answer to it.

    Lodged by a member of the proposal's organisation within the call's appeal window,
    routed to the committee by an officer, then upheld (with the new result, which an
    Amendment publishes) or rejected, with a reason; the applicant may withdraw it until then.
    """

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="appeals", verbose_name=_("proposal")
    )
    state = models.CharField(
        _("state"), max_length=20, choices=AppealState.choices, default=AppealState.LODGED
    )
    grounds = models.TextField(_("grounds of the appeal"))
    file = models.FileField(_("file"), upload_to=appeal_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    scanned_at = models.DateTimeField(_("scanned for viruses at"), null=True, blank=True)
    lodged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("lodged by"),
    )
    # When the appeal reached the portal (portal.arrival), as the window judges it.
    lodged_at = models.DateTimeField(_("lodged at"), default=timezone.now)
    routed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent to the committee by"),
    )
    routed_at = models.DateTimeField(_("sent to the committee at"), null=True, blank=True)
    officer_note = models.TextField(_("note for the committee"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the committee's decision"), blank=True)
    # The new result of an upheld appeal (published by its Amendment).
    outcome = models.CharField(
        _("new result"), max_length=20, choices=DecisionOutcome.choices, blank=True
    )
    amount = models.DecimalField(
        _("amount awarded (baht)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-lodged_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal"],
                condition=models.Q(state__in=OPEN_APPEAL_STATES),
                name="one_open_appeal_per_proposal",
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposal} ({self.get_state_display()})"

    def get_absolute_url(self) -> str:
        return reverse("reviews:appeal_detail", kwargs={"pk": self.pk})


class Amendment(models.Model):
    """A numbered amendment to a call's published results: one result changed, with why.

    The Publication it amends is never edited; its announcement keeps reading as published,
    and each amendment is published after it, numbered 1, 2, 3… per publication.
    """

    publication = models.ForeignKey(
        Publication,
        on_delete=models.PROTECT,
        related_name="amendments",
        verbose_name=_("published results"),
    )
    number = models.PositiveSmallIntegerField(_("number"))
    appeal = models.OneToOneField(
        Appeal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendment",
        verbose_name=_("appeal"),
    )
    proposal = models.ForeignKey(
        Proposal, on_delete=models.PROTECT, related_name="amendments", verbose_name=_("proposal")
    )
    # What changed: the result before and after, as the announcements print them.
    previous_state = models.CharField(_("previous result"), max_length=20)
    previous_amount = models.DecimalField(
        _("previous amount (baht)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    previous_reason = models.TextField(_("previous reason"), blank=True)
    new_state = models.CharField(_("new result"), max_length=20)
    new_amount = models.DecimalField(
        _("new amount (baht)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    reason = models.TextField(_("reason"))
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        verbose_name = _("amendment to the results")
        verbose_name_plural = _("amendments to the results")
        ordering = ["publication", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "number"], name="unique_amendment_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.publication} – {self.number}"
