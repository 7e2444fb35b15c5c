"""Proposals and what belongs to them: the applicant's organisation, budget lines, team,
outcomes, attachments, answers to the call's questions, submitted versions and the log."""

import secrets
import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from grants.enums import ApplicantType
from grants.models import Call, Province, Question, Sector

from .enums import EventKind, MemberRole, ProposalState
from .validators import validate_thai_tax_id

# How long the long texts may be, in characters (a Thai letter, vowel or tone mark is one):
# checked by the forms and counted down under each field (static/js/proposal_form.js). A
# title is a line (250, as it always was); a summary, the target group and an address fit
# half a page; the problem, the innovation and a long answer to a call's own question fit
# about three pages; an officer's reason or request is a paragraph.
SUMMARY_MAX_LENGTH = 3_000
LONG_TEXT_MAX_LENGTH = 10_000
NOTE_MAX_LENGTH = 2_000
ADDRESS_MAX_LENGTH = 500


class Organisation(models.Model):
    """The applicant's organisation; its members see its proposals, and edit them or run the
    team as their role allows (OrganisationMembership)."""

    name = models.CharField(_("organisation name"), max_length=250)
    type = models.CharField(_("type of organisation"), max_length=30, choices=ApplicantType.choices)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    address = models.TextField(_("address"), max_length=ADDRESS_MAX_LENGTH)
    phone = models.CharField(
        _("phone"),
        max_length=20,
        validators=[
            RegexValidator(r"^\+?[0-9 -]{9,20}$", _("Enter a phone number, e.g. 02 017 5555."))
        ],
    )
    tax_id = models.CharField(
        _("tax or citizen ID"),
        max_length=13,
        blank=True,
        validators=[validate_thai_tax_id],
        help_text=_("Optional: the 13-digit number of the organisation or person."),
    )
    # Who belongs, with their role: read and written through OrganisationMembership rows
    # (proposals.services.team); `organisation.members` lists the people.
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="OrganisationMembership",
        through_fields=("organisation", "user"),
        related_name="organisations",
        verbose_name=_("members"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("proposals:team", kwargs={"pk": self.pk})


class OrganisationMembership(models.Model):
    """One person in one organisation, with a role: an owner runs the team and edits, an
    editor edits and submits, a viewer reads. An organisation always keeps an owner."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("member"),
    )
    role = models.CharField(
        pgettext_lazy("organisation", "role"),
        max_length=10,
        choices=MemberRole.choices,
        default=MemberRole.EDITOR,
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("organisation member")
        verbose_name_plural = _("organisation members")
        ordering = ["organisation", "added_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="unique_membership_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


def new_team_invitation_token() -> str:
    return secrets.token_urlsafe(32)


class TeamInvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(
            accepted_at__isnull=True, cancelled_at__isnull=True, expires_at__gt=timezone.now()
        )


class TeamInvitation(models.Model):
    """An owner's invitation by email to join the organisation with a role; the link in the
    email (the token) is the key. Pending until accepted, cancelled or expired."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(
        pgettext_lazy("organisation", "role"), max_length=10, choices=MemberRole.choices
    )
    token = models.CharField(
        _("token"), max_length=64, unique=True, default=new_team_invitation_token
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    objects = TeamInvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("team invitation")
        verbose_name_plural = _("team invitations")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.email} – {self.get_role_display()}"

    def get_absolute_url(self) -> str:
        return reverse("proposals:team_join", kwargs={"token": self.token})

    @property
    def is_usable(self) -> bool:
        return (
            self.accepted_at is None
            and self.cancelled_at is None
            and self.expires_at > timezone.now()
        )


def attachment_path(instance, filename: str) -> str:
    # A random name: the original name is kept in the row, never in the file system or URL.
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"attachments/{instance.proposal.call_id}/{uuid.uuid4().hex}{suffix}"


class Proposal(models.Model):
    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("call")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("organisation"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    state = models.CharField(
        _("status"), max_length=20, choices=ProposalState.choices, default=ProposalState.DRAFT
    )
    sequence = models.PositiveIntegerField(
        _("sequence number"), null=True, blank=True, editable=False
    )
    reference = models.CharField(_("reference number"), max_length=30, blank=True, editable=False)
    # Each save increments the version: a save based on an older version is refused.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    # The same project's proposal at the stage before (a multi-stage call, grants.stages):
    # the later stage's form starts from it, and the final ranking may weigh its scores.
    previous_stage = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_stage",
        verbose_name=_("proposal at the stage before"),
    )

    title = models.CharField(_("project title"), max_length=250)
    summary = models.TextField(_("summary"), max_length=SUMMARY_MAX_LENGTH, blank=True)
    problem = models.TextField(_("the problem"), max_length=LONG_TEXT_MAX_LENGTH, blank=True)
    innovation = models.TextField(_("the innovation"), max_length=LONG_TEXT_MAX_LENGTH, blank=True)
    target_group = models.TextField(_("target group"), max_length=SUMMARY_MAX_LENGTH, blank=True)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province of the target area"),
    )
    district = models.CharField(_("district"), max_length=120, blank=True)
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="proposals", verbose_name=_("sectors")
    )
    primary_sector = models.ForeignKey(
        Sector,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("primary sector"),
    )
    requested_amount = models.DecimalField(
        _("requested amount (baht)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )

    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("last saved"), default=timezone.now)
    # Who wrote updated_at: set by every save of the draft (the form, autosave, starting it).
    last_saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("last saved by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    # The call deadline the applicant was last told about; a change is announced to them.
    deadline_seen = models.DateTimeField(
        _("deadline last announced"), null=True, blank=True, editable=False
    )

    extension_until = models.DateTimeField(_("extended until"), null=True, blank=True)
    extension_reason = models.TextField(
        _("reason for the extension"), max_length=NOTE_MAX_LENGTH, blank=True
    )

    info_request = models.TextField(
        _("information requested"), max_length=NOTE_MAX_LENGTH, blank=True
    )
    info_due = models.DateTimeField(_("information due"), null=True, blank=True)

    screening_reason = models.TextField(
        _("screening reason"), max_length=NOTE_MAX_LENGTH, blank=True
    )
    screened_at = models.DateTimeField(_("screened at"), null=True, blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("screened by"),
    )

    # Written by proposals.search.index_proposal whenever the proposal is saved or submitted:
    # its words (portal.thai.words) separated by spaces, with a space at either end; on
    # PostgreSQL also a search vector over them (GIN index, migration 0007) and a small one
    # of the title and the start of the summary that ranks; and the MinHash signature of its
    # text for near-duplicates (portal.thai.minhash).
    search_text = models.TextField(_("words for search"), blank=True, editable=False)
    search_vector = SearchVectorField(_("search vector"), null=True, editable=False)
    search_head = SearchVectorField(_("search vector of the title"), null=True, editable=False)
    fingerprint = models.BinaryField(_("text fingerprint"), null=True, editable=False)
    duplicates_checked_at = models.DateTimeField(
        _("compared with other proposals at"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "sequence"], name="unique_proposal_sequence_per_call"
            ),
        ]
        indexes = [
            # A call's received proposals without reading the table (an index-only scan):
            # what the officer's search joins its matches with, and counts.
            models.Index(
                fields=["call", "state", "submitted_at", "id"], name="proposal_call_state_cover"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("proposals:proposal_detail", kwargs={"pk": self.pk})


class BudgetLine(models.Model):
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="budget_lines", verbose_name=_("proposal")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    item = models.CharField(_("item"), max_length=250)
    amount = models.DecimalField(
        _("amount (baht)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["proposal", "position", "id"]

    def __str__(self) -> str:
        return self.item


class TeamMember(models.Model):
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="team", verbose_name=_("proposal")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role in the project"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["proposal", "position", "id"]

    def __str__(self) -> str:
        return self.name


class Outcome(models.Model):
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("proposal")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    outcome = models.CharField(_("expected social outcome"), max_length=500)
    indicator = models.CharField(_("measurable indicator"), max_length=500)
    target = models.CharField(_("target"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("expected outcome")
        verbose_name_plural = _("expected outcomes")
        ordering = ["proposal", "position", "id"]

    def __str__(self) -> str:
        return self.outcome


class Attachment(models.Model):
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("proposal")
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    # When ClamAV found nothing in it; None: not scanned (no scanner configured, or it did
    # not answer), which officers are shown.
    scanned_at = models.DateTimeField(_("scanned for viruses at"), null=True, blank=True)
    # The text of a PDF or DOCX, read once at upload (proposals.textextract) for search.
    text = models.TextField(_("text of the file"), blank=True, editable=False)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["proposal", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class Answer(models.Model):
    """An answer to one of the call's questions, with the question as it was answered."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="answers", verbose_name=_("proposal")
    )
    question = models.ForeignKey(
        Question,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answers",
        verbose_name=_("question"),
    )
    question_snapshot = models.JSONField(_("question as answered"))
    value = models.JSONField(_("answer"), null=True, blank=True)
    attachment = models.ForeignKey(
        Attachment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("attachment"),
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "question"], name="unique_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return str(self.question_snapshot.get("text_th", ""))


class ProposalVersion(models.Model):
    """What was submitted, each time: the officer compares versions."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="versions", verbose_name=_("proposal")
    )
    number = models.PositiveIntegerField(_("version number"))
    data = models.JSONField(_("data"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )

    class Meta:
        verbose_name = _("submitted version")
        verbose_name_plural = _("submitted versions")
        ordering = ["proposal", "number"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "number"], name="unique_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.proposal} v{self.number}"


class ProposalEvent(models.Model):
    """The activity log of a proposal: state changes (from, to), extensions, requests, notes."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="events", verbose_name=_("proposal")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=EventKind.choices, default=EventKind.STATE
    )
    from_state = models.CharField(
        _("from status"), max_length=20, choices=ProposalState.choices, blank=True
    )
    to_state = models.CharField(
        _("to status"), max_length=20, choices=ProposalState.choices, blank=True
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activity log")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.proposal}: {self.kind} {self.from_state}→{self.to_state}"


class SimilarProposal(models.Model):
    """Another proposal whose text is nearly the same (proposals.services.screening
    .check_duplicates): the same project sent twice, or copied. One row each way."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="similar", verbose_name=_("proposal")
    )
    other = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="+", verbose_name=_("similar proposal")
    )
    similarity = models.FloatField(_("similarity"))
    found_at = models.DateTimeField(_("found at"), default=timezone.now)

    class Meta:
        verbose_name = _("similar proposal")
        verbose_name_plural = _("similar proposals")
        ordering = ["proposal", "-similarity", "other"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "other"], name="unique_similar_pair")
        ]

    def __str__(self) -> str:
        return f"{self.proposal} ≈ {self.other} ({self.percent}%)"

    @property
    def percent(self) -> int:
        return round(self.similarity * 100)
