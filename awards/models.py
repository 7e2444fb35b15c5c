"""The awards app's models: the grant made for each awarded proposal and what follows it."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grants.models import Call
from proposals.models import Organisation, Proposal

from .enums import GrantState


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
