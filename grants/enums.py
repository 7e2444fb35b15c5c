"""Choices of the grants app, with translated labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CallState(models.TextChoices):
    """What officers (and publishing results) have done to a call; stored."""

    DRAFT = "draft", pgettext_lazy("call state", "Draft")
    PUBLISHED = "published", pgettext_lazy("call state", "Published")
    CLOSED = "closed", pgettext_lazy("call state", "Closed early")
    IN_REVIEW = "in_review", pgettext_lazy("call state", "In review")
    RESULTS_PUBLISHED = "results_published", pgettext_lazy("call state", "Results published")
    ARCHIVED = "archived", pgettext_lazy("call state", "Archived")


class CallPhase(models.TextChoices):
    """Where a call stands now: its state read against its timeline (see `grants.phases`)."""

    DRAFT = "draft", pgettext_lazy("call phase", "Draft")
    UPCOMING = "upcoming", pgettext_lazy("call phase", "Opening soon")
    OPEN = "open", pgettext_lazy("call phase", "Open")
    CLOSED = "closed", pgettext_lazy("call phase", "Closed")
    IN_REVIEW = "in_review", pgettext_lazy("call phase", "In review")
    RESULTS_PUBLISHED = "results_published", pgettext_lazy("call phase", "Results published")
    ARCHIVED = "archived", pgettext_lazy("call phase", "Archived")


class ApplicantType(models.TextChoices):
    COMMUNITY_ENTERPRISE = "community_enterprise", _("Community enterprise")
    SOCIAL_ENTERPRISE = "social_enterprise", _("Social enterprise")
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    UNIVERSITY = "university", _("University")
    FOUNDATION_NGO = "foundation_ngo", _("Foundation or NGO")
    SME_STARTUP = "sme_startup", _("SME or start-up")
    YOUTH_GROUP = "youth_group", _("Youth group")
    INDIVIDUAL = "individual", _("Individual")


class Region(models.TextChoices):
    NORTH = "north", _("Northern")
    NORTHEAST = "northeast", _("Northeastern")
    CENTRAL = "central", _("Central")
    EAST = "east", _("Eastern")
    WEST = "west", _("Western")
    SOUTH = "south", _("Southern")


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    NUMBER = "number", _("Number")
    SINGLE_CHOICE = "single_choice", _("Single choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
    YES_NO = "yes_no", _("Yes / no")
    FILE = "file", _("File")


class StageKind(models.TextChoices):
    """What a stage of a call asks for (see `grants.stages`). A one-stage call is SINGLE."""

    SINGLE = "single", pgettext_lazy("call stage", "Proposal")
    CONCEPT = "concept", pgettext_lazy("call stage", "Concept note")
    PITCH = "pitch", pgettext_lazy("call stage", "Pitch")
    FULL = "full", pgettext_lazy("call stage", "Full proposal")
