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
    # Final states, applied when the committee publishes the call's results.
    AWARDED = "awarded", pgettext_lazy("proposal state", "Awarded")
    RESERVE = "reserve", pgettext_lazy("proposal state", "Reserve list")
    NOT_SELECTED = "not_selected", pgettext_lazy("proposal state", "Not selected")


class EventKind(models.TextChoices):
    """What an activity-log row records besides a state change."""

    STATE = "state", _("State change")
    EXTENSION = "extension", _("Extension granted")
    INFO_REQUEST = "info_request", _("More information requested")
    ATTACHMENT = "attachment", _("Attachment")
    NOTE = "note", _("Note")
    ASSIGNMENT = "assignment", _("Reviewer assigned")
    CONFLICT = "conflict", _("Conflict of interest")
    REVIEW = "review", _("Review submitted")
    DECISION = "decision", _("Decision recorded")
    PUBLICATION = "publication", _("Results published")


class MemberRole(models.TextChoices):
    """What a person may do in their organisation (OrganisationMembership.role)."""

    OWNER = "owner", pgettext_lazy("organisation role", "Owner")
    EDITOR = "editor", pgettext_lazy("organisation role", "Editor")
    VIEWER = "viewer", pgettext_lazy("organisation role", "Viewer")


# The roles that write to the organisation's proposals (edit, submit, withdraw, reopen).
EDITING_ROLES = frozenset({MemberRole.OWNER, MemberRole.EDITOR})
