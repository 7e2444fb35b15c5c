"""Reviews: reviewer profiles and panels, conflicts, assignments, scores, decisions, results."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grants.models import Call, Criterion, Sector
from portal.bilingual import Bilingual
from proposals.models import Proposal

from .enums import (
    AssignmentMethod,
    AssignmentState,
    ConflictSource,
    DecisionOutcome,
    ReviewState,
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


class Assignment(models.Model):
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("proposal")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("reviewer"),
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=AssignmentState.choices,
        default=AssignmentState.AWAITING_DECLARATION,
    )
    method = models.CharField(
        _("assignment method"), max_length=20, choices=AssignmentMethod.choices
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)
    declared_at = models.DateTimeField(_("no conflict declared at"), null=True, blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "reviewer"], name="unique_assignment")
        ]
        indexes = [models.Index(fields=["reviewer", "state"])]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.proposal}"


class Review(models.Model):
    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="review", verbose_name=_("assignment")
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ReviewState.choices, default=ReviewState.DRAFT
    )
    comment = models.TextField(_("comment for the committee"), blank=True)
    feedback = models.TextField(
        _("feedback for the applicant"),
        blank=True,
        help_text=_("Optional. Shown to the applicant after the results, without your name."),
    )
    # The weighted total (0–100), written by reviews.scoring when the review is submitted.
    total = models.DecimalField(
        _("total score"), max_digits=6, decimal_places=3, null=True, blank=True
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self) -> str:
        return f"{self.assignment}"


class Score(models.Model):
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="scores", verbose_name=_("review")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("criterion")
    )
    points = models.DecimalField(
        _("points"), max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [models.UniqueConstraint(fields=["review", "criterion"], name="unique_score")]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"


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
