"""The money of grants: awarded, paid and outstanding per grant and per call, and what is
left of each call's budget. The one place these numbers are computed: the pages, the
exports and the tests read them here.

A cancelled grant counts for what was paid on it (the rest is no longer owed); a grant
closed with its remainder cancelled counts for its amount less that remainder.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, F, OuterRef, QuerySet, Subquery, Sum, When
from django.db.models.functions import Coalesce

from .enums import GrantState
from .models import Payment

ZERO = Decimal("0")
MONEY = DecimalField(max_digits=14, decimal_places=2)


def with_money(grants: QuerySet) -> QuerySet:
    """`grants` annotated with `paid`, `committed` (what the grant counts for) and
    `outstanding`, in the same query."""
    paid = (
        Payment.objects.filter(grant=OuterRef("pk"))
        .order_by()
        .values("grant")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return grants.annotate(
        paid=Coalesce(Subquery(paid, output_field=MONEY), ZERO, output_field=MONEY),
        committed=Case(
            When(state=GrantState.CANCELLED, then=F("paid")),
            default=F("amount") - F("cancelled_remainder"),
            output_field=MONEY,
        ),
        outstanding=F("committed") - F("paid"),
    )


@dataclass(frozen=True)
class CallLedger:
    call: object
    grants: int
    awarded: Decimal
    paid: Decimal
    outstanding: Decimal

    @property
    def budget(self) -> Decimal:
        return self.call.budget_total

    @property
    def remaining(self) -> Decimal:
        """What is left of the call's budget after what its grants count for."""
        return self.call.budget_total - self.awarded


def call_ledgers(grants: QuerySet, calls) -> list[CallLedger]:
    """One CallLedger per call of `calls`, summing `grants` (one query for all of them)."""
    totals = {
        row["call_id"]: row
        for row in with_money(grants.order_by())
        .values("call_id")
        .annotate(n=Count("pk"), awarded=Sum("committed"), paid_total=Sum("paid"))
        .order_by()
    }
    ledgers = []
    for call in calls:
        row = totals.get(call.pk, {})
        awarded, paid = row.get("awarded") or ZERO, row.get("paid_total") or ZERO
        ledgers.append(
            CallLedger(
                call=call,
                grants=row.get("n") or 0,
                awarded=awarded,
                paid=paid,
                outstanding=awarded - paid,
            )
        )
    return ledgers
