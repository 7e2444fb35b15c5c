"""Amendments the grantee asks for and the officer decides."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..enums import AmendmentKind, AmendmentState
from .grants import Agreement, Grant


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
            models.UniqueConstraint(
                fields=["grant", "number"], name="unique_grant_amendment_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grant} A{self.number}"
