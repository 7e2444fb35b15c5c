"""Choices of the portal app, with translated labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    OFFICER = "officer", _("Program officer")
    REVIEWER = "reviewer", _("Reviewer")
    COMMITTEE = "committee", _("Committee member")
    ADMINISTRATOR = "admin", _("Administrator")


# When a person holds several roles, login lands on the first of these they hold.
ROLE_PRIORITY = [Role.ADMINISTRATOR, Role.OFFICER, Role.COMMITTEE, Role.REVIEWER, Role.APPLICANT]

# Roles that officers invite by email; applicants sign up themselves.
INVITABLE_ROLES = [Role.REVIEWER, Role.COMMITTEE]


class Language(models.TextChoices):
    THAI = "th", pgettext_lazy("language", "Thai")
    ENGLISH = "en", pgettext_lazy("language", "English")


class NotificationState(models.TextChoices):
    PENDING = "pending", pgettext_lazy("notification state", "Pending")
    SENDING = "sending", pgettext_lazy("notification state", "Sending")
    SENT = "sent", pgettext_lazy("notification state", "Sent")
    FAILED = "failed", pgettext_lazy("notification state", "Failed")


class AuditAction(models.TextChoices):
    """What the audit log records (portal.audit.record)."""

    SIGN_IN = "sign_in", pgettext_lazy("audit", "Signed in")
    SIGN_IN_FAILED = "sign_in_failed", pgettext_lazy("audit", "Failed sign-in")
    SIGN_OUT = "sign_out", pgettext_lazy("audit", "Signed out")
    DOWNLOAD = "download", pgettext_lazy("audit", "Downloaded a file")
    EXPORT = "export", pgettext_lazy("audit", "Exported data")
    VIEW_PDF = "view_pdf", pgettext_lazy("audit", "Opened a generated PDF")
    ROLE_GRANTED = "role_granted", pgettext_lazy("audit", "Role granted")
    ROLE_REVOKED = "role_revoked", pgettext_lazy("audit", "Role removed")
    ADMIN_ADD = "admin_add", pgettext_lazy("audit", "Administrator added")
    ADMIN_CHANGE = "admin_change", pgettext_lazy("audit", "Administrator changed")
    ADMIN_DELETE = "admin_delete", pgettext_lazy("audit", "Administrator deleted")
    DATA_EXPORT_REQUESTED = "data_export", pgettext_lazy("audit", "Asked for a copy of their data")
    DATA_EXPORT_DOWNLOADED = (
        "data_export_download",
        pgettext_lazy("audit", "Downloaded the copy of their data"),
    )
    CONSENT_WITHDRAWN = "consent_withdrawn", pgettext_lazy("audit", "Consent withdrawn")
    ERASURE = "erasure", pgettext_lazy("audit", "Personal data erased")


class DataExportState(models.TextChoices):
    PENDING = "pending", pgettext_lazy("data export state", "Being prepared")
    READY = "ready", pgettext_lazy("data export state", "Ready")
    FAILED = "failed", pgettext_lazy("data export state", "Failed")
    EXPIRED = "expired", pgettext_lazy("data export state", "Expired")
