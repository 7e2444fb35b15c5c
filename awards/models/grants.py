"""A grant, its state log, the call's agreement terms and the agreement's versions."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grants.models import Call
from portal.bilingual import Bilingual
from proposals.models import Organisation, Proposal

from ..enums import GrantState


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
