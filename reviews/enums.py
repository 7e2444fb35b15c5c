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


class AppealState(models.TextChoices):
    LODGED = "lodged", pgettext_lazy("appeal state", "Lodged")
    WITH_COMMITTEE = "with_committee", pgettext_lazy("appeal state", "With the committee")
    UPHELD = "upheld", pgettext_lazy("appeal state", "Upheld")
    REJECTED = "rejected", pgettext_lazy("appeal state", "Rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("appeal state", "Withdrawn")
