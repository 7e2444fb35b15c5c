"""A grant's tranches and the payments on them."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .grants import Grant


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
