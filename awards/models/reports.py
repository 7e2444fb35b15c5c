"""Reports, the submissions kept for the diff, and the files attached to them."""

import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..enums import ReportKind, ReportState
from .grants import Grant
from .money import Tranche


class Report(models.Model):
    """A progress report (one per tranche) or the final report of a grant, written by the
    grantee, reviewed by the officer. The indicators, the spending against the proposal's
    budget lines and the outcomes are kept as JSON lists (see awards.reports)."""

    grant = models.ForeignKey(
        Grant, on_delete=models.CASCADE, related_name="reports", verbose_name=_("grant")
    )
    tranche = models.OneToOneField(
        Tranche,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report",
        verbose_name=_("tranche"),
    )
    kind = models.CharField(_("kind of report"), max_length=10, choices=ReportKind.choices)
    due_on = models.DateField(_("due on"))
    state = models.CharField(
        _("state"), max_length=20, choices=ReportState.choices, default=ReportState.DRAFT
    )
    # Each save increments the version: a save based on an older version is refused.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    narrative = models.TextField(_("what was done"), max_length=20000, blank=True)
    lessons = models.TextField(_("lessons learned"), max_length=10000, blank=True)
    recommendations = models.TextField(
        _("recommendations for scaling to other areas"), max_length=10000, blank=True
    )
    indicators = models.JSONField(_("indicators"), default=list, blank=True)
    spending = models.JSONField(_("spending by budget line"), default=list, blank=True)
    outcomes = models.JSONField(_("people reached"), default=list, blank=True)
    social_return = models.DecimalField(
        _("social return on investment (ratio)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    updated_at = models.DateTimeField(_("last saved"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("officer's comments"), max_length=5000, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["grant", "due_on", "pk"]
        indexes = [models.Index(fields=["state", "due_on"])]

    def __str__(self) -> str:
        return f"{self.grant}: {self.get_kind_display()}"


class ReportVersion(models.Model):
    """A report as submitted each time (for the officer's diff between submissions)."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="versions", verbose_name=_("report")
    )
    number = models.PositiveIntegerField(_("submission"))
    content = models.JSONField(_("content"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="unique_report_submission"),
        ]

    def __str__(self) -> str:
        return f"{self.report} #{self.number}"


def report_file_path(instance, filename: str) -> str:
    # A random name: the original name is kept in the row, never in the file system or URL.
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"reports/{instance.report.grant_id}/{uuid.uuid4().hex}{suffix}"


class ReportFile(models.Model):
    """A photo or a document the grantee attaches to a report (the proposals' file checks)."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="files", verbose_name=_("report")
    )
    file = models.FileField(_("file"), upload_to=report_file_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
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

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        ordering = ["report", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def grant(self):
        return self.report.grant

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
