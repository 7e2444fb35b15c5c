"""Choices of the awards app, with translated labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class GrantState(models.TextChoices):
    """Where a grant stands; changed only through awards.states (GRANTS.move)."""

    AGREEMENT_PENDING = "agreement_pending", pgettext_lazy("grant state", "Agreement pending")
    ACTIVE = "active", pgettext_lazy("grant state", "Active")
    SUSPENDED = "suspended", pgettext_lazy("grant state", "Suspended")
    CLOSED = "closed", pgettext_lazy("grant state", "Closed")
    CANCELLED = "cancelled", pgettext_lazy("grant state", "Cancelled")


class ReportKind(models.TextChoices):
    PROGRESS = "progress", pgettext_lazy("report kind", "Progress report")
    FINAL = "final", pgettext_lazy("report kind", "Final report")


class ReportState(models.TextChoices):
    """Where a report stands; changed only through awards.states (REPORTS.move)."""

    DRAFT = "draft", pgettext_lazy("report state", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("report state", "Submitted")
    CHANGES_REQUESTED = "changes_requested", pgettext_lazy("report state", "Changes requested")
    APPROVED = "approved", pgettext_lazy("report state", "Approved")


class AmendmentKind(models.TextChoices):
    EXTENSION = "extension", _("No-cost extension of the end date")
    BUDGET = "budget", _("Moving money between budget lines")
    CONTACT = "contact", _("Change of contact person")


class AmendmentState(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("amendment state", "Requested")
    APPROVED = "approved", pgettext_lazy("amendment state", "Approved")
    REFUSED = "refused", pgettext_lazy("amendment state", "Refused")
