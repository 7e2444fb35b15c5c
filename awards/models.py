"""The awards app's models: the grant made for each awarded proposal and what follows it."""

import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grants.models import Call
from portal.bilingual import Bilingual
from proposals.models import Organisation, Proposal

from .enums import AmendmentKind, AmendmentState, GrantState, ReportKind, ReportState


class Grant(models.Model):
    """The grant made for one awarded proposal when the results are published."""

    proposal = models.OneToOneField(
        Proposal, on_delete=models.PROTECT, related_name="grant", verbose_name=_("proposal")
    )
    # The proposal's call and organisation, kept on the grant: the officer's list filters
    # and the ledger group by them over thousands of grants.
    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="grants", verbose_name=_("call")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="grants",
        verbose_name=_("grantee organisation"),
    )
    number = models.PositiveIntegerField(_("number in the call"), editable=False)
    reference = models.CharField(_("grant reference"), max_length=30, unique=True, editable=False)
    amount = models.DecimalField(
        _("grant amount (baht)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="grants_in_charge",
        verbose_name=_("officer in charge"),
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=GrantState.choices,
        default=GrantState.AGREEMENT_PENDING,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # The grant's budget lines ({"line", "amount"}), from the proposal's at publication;
    # amendments move money between them, the total unchanged.
    budget = models.JSONField(_("budget lines"), default=list, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    # At closure, what was not paid and will not be (with the reason in the state log).
    cancelled_remainder = models.DecimalField(
        _("remainder cancelled (baht)"), max_digits=14, decimal_places=2, default=Decimal("0")
    )

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        ordering = ["call", "number"]
        constraints = [
            models.UniqueConstraint(fields=["call", "number"], name="unique_grant_number_per_call"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="grant_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["call", "state"])]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("awards:grant_detail", kwargs={"pk": self.pk})


class GrantTransition(models.Model):
    """The log of a grant's state changes: from, to, by whom, when, why. Creation is logged
    with an empty "from"."""

    grant = models.ForeignKey(
        Grant, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("grant")
    )
    from_state = models.CharField(_("from"), max_length=20, choices=GrantState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=GrantState.choices)
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
        verbose_name = _("grant state change")
        verbose_name_plural = _("grant state changes")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.grant}: {self.from_state} → {self.to_state}"


def agreement_path(instance, filename: str) -> str:
    return f"agreements/{instance.grant.call.code}/{filename}"


class AgreementTerms(models.Model):
    """The terms printed in every grant agreement of a call: a template officers edit."""

    call = models.OneToOneField(
        Call, on_delete=models.CASCADE, related_name="agreement_terms", verbose_name=_("call")
    )
    terms_th = models.TextField(_("terms (Thai)"), max_length=20000)
    terms_en = models.TextField(_("terms (English)"), max_length=20000, blank=True)
    updated_at = models.DateTimeField(_("last saved"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("saved by"),
    )

    terms = Bilingual()

    class Meta:
        verbose_name = _("agreement terms")
        verbose_name_plural = _("agreement terms")

    def __str__(self) -> str:
        return str(self.call)


class Agreement(models.Model):
    """One version of a grant's agreement: the PDFs as issued (their SHA-256), the grantee's
    acceptance (typed name, time, IP, the hash accepted) and the officer's countersignature.
    An amendment issues the next version (its annex)."""

    grant = models.ForeignKey(
        Grant, on_delete=models.CASCADE, related_name="agreements", verbose_name=_("grant")
    )
    version = models.PositiveSmallIntegerField(_("version"))
    pdf_th = models.FileField(_("agreement (Thai)"), upload_to=agreement_path, max_length=200)
    pdf_en = models.FileField(_("agreement (English)"), upload_to=agreement_path, max_length=200)
    sha256 = models.CharField(_("SHA-256 of the Thai PDF"), max_length=64)
    note = models.TextField(_("note"), blank=True)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    accepted_name = models.CharField(_("name typed by the signatory"), max_length=200, blank=True)
    accepted_position = models.CharField(_("signatory's position"), max_length=200, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_ip = models.GenericIPAddressField(_("accepted from IP address"), null=True, blank=True)
    accepted_sha256 = models.CharField(_("SHA-256 accepted"), max_length=64, blank=True)
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("countersigned by"),
    )
    countersigned_at = models.DateTimeField(_("countersigned at"), null=True, blank=True)
    signed_pdf = models.FileField(
        _("signed agreement"), upload_to=agreement_path, max_length=200, blank=True
    )

    class Meta:
        verbose_name = _("grant agreement")
        verbose_name_plural = _("grant agreements")
        ordering = ["grant", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "version"], name="unique_agreement_version"),
        ]

    def __str__(self) -> str:
        return f"{self.grant} v{self.version}"

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None

    @property
    def is_countersigned(self) -> bool:
        return self.countersigned_at is not None


class Tranche(models.Model):
    """One instalment of a grant's money, tied to a milestone and the report that releases
    it. The amounts of a grant's tranches add up to the grant exactly."""

    grant = models.ForeignKey(
        Grant, on_delete=models.CASCADE, related_name="tranches", verbose_name=_("grant")
    )
    position = models.PositiveSmallIntegerField(_("number"))
    amount = models.DecimalField(
        _("amount (baht)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    milestone = models.CharField(_("milestone"), max_length=300)
    report_due = models.DateField(_("report due"))

    class Meta:
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")
        ordering = ["grant", "position"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "position"], name="unique_tranche_position"),
        ]

    def __str__(self) -> str:
        return f"{self.grant} #{self.position}"


class Payment(models.Model):
    """Money paid on a tranche (partial payments allowed), recorded by the officer."""

    tranche = models.ForeignKey(
        Tranche, on_delete=models.PROTECT, related_name="payments", verbose_name=_("tranche")
    )
    # The tranche's grant, kept here: the ledgers sum payments per grant and per call.
    grant = models.ForeignKey(
        Grant, on_delete=models.PROTECT, related_name="payments", verbose_name=_("grant")
    )
    paid_on = models.DateField(_("paid on"))
    amount = models.DecimalField(
        _("amount paid (baht)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    bank_reference = models.CharField(_("bank reference"), max_length=60)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["grant", "paid_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.tranche}: {self.amount}"


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


class Amendment(models.Model):
    """A change the grantee asks for and the officer decides: a later end date at no cost,
    money moved between two budget lines (the total unchanged), or another contact person.
    Approved, it is applied to the grant and the agreement is issued again with it."""

    grant = models.ForeignKey(
        Grant, on_delete=models.CASCADE, related_name="amendments", verbose_name=_("grant")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(_("kind of amendment"), max_length=20, choices=AmendmentKind.choices)
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=AmendmentState.choices,
        default=AmendmentState.REQUESTED,
    )
    reason = models.TextField(_("reason"), max_length=5000)
    changes = models.JSONField(_("changes asked for"), default=dict)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), max_length=5000, blank=True)
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agreement issued with it"),
    )

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["grant", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "number"], name="unique_amendment_number"),
        ]

    def __str__(self) -> str:
        return f"{self.grant} A{self.number}"


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
