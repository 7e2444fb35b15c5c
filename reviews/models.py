"""Reviews: reviewer profiles and panels, conflicts, assignments, scores, decisions, results."""

import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grants.models import Call, Criterion, Sector
from portal.bilingual import Bilingual
from proposals.models import Proposal

from .enums import (
    AgendaItemState,
    AppealState,
    AssignmentMethod,
    AssignmentState,
    ConflictSource,
    DecisionOutcome,
    MeetingState,
    QuorumRule,
    ReviewState,
    VoteChoice,
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


# ---------------------------------------------------------------- committee meetings


class Meeting(models.Model):
    """A committee meeting on a call: its members, quorum rule and agenda (reviews.meetings)."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("call")
    )
    number = models.PositiveSmallIntegerField(_("meeting number"))
    state = models.CharField(
        _("state"), max_length=20, choices=MeetingState.choices, default=MeetingState.SCHEDULED
    )
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=250, blank=True)
    link = models.URLField(_("online meeting link"), blank=True)
    quorum_rule = models.CharField(
        _("quorum"), max_length=20, choices=QuorumRule.choices, default=QuorumRule.MAJORITY
    )
    quorum_number = models.PositiveSmallIntegerField(
        _("quorum: number of members"), null=True, blank=True
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chair"),
    )
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("secretary"),
    )
    scheduled_at = models.DateTimeField(_("scheduled at"), default=timezone.now)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )

    class Meta:
        verbose_name = _("committee meeting")
        verbose_name_plural = _("committee meetings")
        constraints = [
            models.UniqueConstraint(fields=["call", "number"], name="unique_meeting_number")
        ]

    def __str__(self) -> str:
        return f"{self.call} – {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("reviews:meeting", kwargs={"pk": self.pk})


class MeetingMember(models.Model):
    """A committee member invited to a meeting, and whether they came."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="members", verbose_name=_("meeting")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="meeting_seats",
        verbose_name=_("member"),
    )
    present = models.BooleanField(_("present"), default=False)

    class Meta:
        verbose_name = _("meeting member")
        verbose_name_plural = _("meeting members")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="unique_meeting_member")
        ]

    def __str__(self) -> str:
        return str(self.user)


class AgendaItem(models.Model):
    """One proposal on a meeting's agenda: discussed alone (around the funding line) or one
    of the clear cases resolved in bulk; its resolution once resolved."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("meeting")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("proposal")
    )
    in_bulk = models.BooleanField(_("clear case, resolved in bulk"), default=False)
    proposed = models.CharField(_("proposed resolution"), max_length=20, choices=VoteChoice.choices)
    proposed_amount = models.DecimalField(
        _("proposed amount (baht)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=AgendaItemState.choices,
        default=AgendaItemState.PENDING,
    )
    notes_th = models.TextField(_("discussion notes (Thai)"), blank=True)
    notes_en = models.TextField(_("discussion notes (English)"), blank=True)
    result = models.CharField(
        _("resolution"), max_length=20, choices=VoteChoice.choices, blank=True
    )
    amount = models.DecimalField(
        _("amount resolved (baht)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )

    notes = Bilingual()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "proposal"], name="unique_agenda_item")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} – {self.position}"


class ItemConflict(models.Model):
    """A member's conflict of interest on an item: they leave it, and do not count for it."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="conflicts", verbose_name=_("item")
    )
    member = models.ForeignKey(
        MeetingMember,
        on_delete=models.CASCADE,
        related_name="conflicts",
        verbose_name=_("member"),
    )
    reason = models.TextField(_("reason"), blank=True)
    declared_at = models.DateTimeField(_("declared at"), default=timezone.now)

    class Meta:
        verbose_name = _("conflict declared at a meeting")
        verbose_name_plural = _("conflicts declared at meetings")
        constraints = [
            models.UniqueConstraint(fields=["item", "member"], name="unique_item_conflict")
        ]

    def __str__(self) -> str:
        return f"{self.member} × {self.item}"


class Vote(models.Model):
    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="votes", verbose_name=_("item")
    )
    member = models.ForeignKey(
        MeetingMember, on_delete=models.CASCADE, related_name="votes", verbose_name=_("member")
    )
    choice = models.CharField(_("vote"), max_length=20, choices=VoteChoice.choices)
    amount = models.DecimalField(
        _("amount (baht)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    cast_at = models.DateTimeField(_("cast at"), default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [models.UniqueConstraint(fields=["item", "member"], name="unique_vote")]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_choice_display()}"


# ---------------------------------------------------------------- appeals and amendments


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
