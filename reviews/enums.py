"""Choices of the reviews app, with translated labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AssignmentState(models.TextChoices):
    AWAITING_DECLARATION = "awaiting", _("Awaiting conflict declaration")
    ACTIVE = "active", pgettext_lazy("assignment state", "Active")
    CONFLICT = "conflict", _("Ended: conflict of interest")
    REMOVED = "removed", pgettext_lazy("assignment state", "Removed")


class AssignmentMethod(models.TextChoices):
    MANUAL = "manual", pgettext_lazy("assignment method", "By hand")
    AUTOMATIC = "automatic", pgettext_lazy("assignment method", "Automatic")


class ConflictSource(models.TextChoices):
    DECLARED = "declared", pgettext_lazy("conflict source", "Declared by the reviewer")
    AUTOMATIC = "automatic", pgettext_lazy("conflict source", "Same organisation")


class ReviewState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("review state", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("review state", "Submitted")


class DecisionOutcome(models.TextChoices):
    AWARD = "award", pgettext_lazy("decision", "Award")
    RESERVE = "reserve", pgettext_lazy("decision", "Reserve list")
    NOT_SELECTED = "not_selected", pgettext_lazy("decision", "Not selected")


class MeetingState(models.TextChoices):
    SCHEDULED = "scheduled", pgettext_lazy("meeting state", "Scheduled")
    OPEN = "open", pgettext_lazy("meeting state", "In session")
    CLOSED = "closed", pgettext_lazy("meeting state", "Closed")


class QuorumRule(models.TextChoices):
    MAJORITY = "majority", _("More than half of the members")
    TWO_THIRDS = "two_thirds", _("At least two thirds of the members")
    FIXED = "fixed", _("A fixed number of members")


class AgendaItemState(models.TextChoices):
    PENDING = "pending", pgettext_lazy("agenda item state", "Pending")
    OPEN = "open", pgettext_lazy("agenda item state", "Under consideration")
    RESOLVED = "resolved", pgettext_lazy("agenda item state", "Resolved")


class VoteChoice(models.TextChoices):
    FUND = "fund", pgettext_lazy("vote", "Fund")
    RESERVE = "reserve", pgettext_lazy("vote", "Reserve list")
    NOT_FUND = "not_fund", pgettext_lazy("vote", "Do not fund")
    ABSTAIN = "abstain", pgettext_lazy("vote", "Abstain")


# What a resolution decides: the committee's decision it records (reviews.services.decisions).
VOTE_OUTCOMES = {
    VoteChoice.FUND: DecisionOutcome.AWARD,
    VoteChoice.RESERVE: DecisionOutcome.RESERVE,
    VoteChoice.NOT_FUND: DecisionOutcome.NOT_SELECTED,
}


class AppealState(models.TextChoices):
    LODGED = "lodged", pgettext_lazy("appeal state", "Lodged")
    WITH_COMMITTEE = "with_committee", pgettext_lazy("appeal state", "With the committee")
    UPHELD = "upheld", pgettext_lazy("appeal state", "Upheld")
    REJECTED = "rejected", pgettext_lazy("appeal state", "Rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("appeal state", "Withdrawn")
