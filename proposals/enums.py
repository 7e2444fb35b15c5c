"""Choices of the proposals app, with translated labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProposalState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("proposal state", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("proposal state", "Submitted")
    WITHDRAWN = "withdrawn", pgettext_lazy("proposal state", "Withdrawn")
    NEEDS_INFO = "needs_info", pgettext_lazy("proposal state", "More information requested")
    ELIGIBLE = "eligible", pgettext_lazy("proposal state", "Eligible")
    INELIGIBLE = "ineligible", pgettext_lazy("proposal state", "Ineligible")


class EventKind(models.TextChoices):
    """What an activity-log row records besides a state change."""

    STATE = "state", _("State change")
    EXTENSION = "extension", _("Extension granted")
    INFO_REQUEST = "info_request", _("More information requested")
    ATTACHMENT = "attachment", _("Attachment")
    NOTE = "note", _("Note")
