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
