"""Reads of calls that more than one page needs: the public list, open calls, dashboards."""

from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from .enums import CallPhase
from .models import Call
from .phases import current_time, phase_condition, phase_of


def _for_cards(queryset: QuerySet) -> QuerySet:
    # A call card shows the programme and the sectors: load them with the calls, not per card.
    return queryset.select_related("programme").prefetch_related("sectors")


def public_calls() -> QuerySet:
    """Every call the public may see (never drafts, never a later stage: the call is its
    first stage), ready to be shown as cards."""
    return _for_cards(Call.objects.public().first_stages())


def open_calls(now: datetime | None = None) -> QuerySet:
    """Calls accepting proposals now, the nearest deadline first (first stages: a later
    stage is open only to those invited to it)."""
    calls = Call.objects.first_stages().in_phase(CallPhase.OPEN, now)
    return _for_cards(calls).order_by("deadline", "pk")


def open_calls_summary(now: datetime | None = None) -> dict:
    """How many calls are open now and the sum of their budgets (baht)."""
    totals = (
        Call.objects.first_stages()
        .in_phase(CallPhase.OPEN, now)
        .aggregate(count=Count("pk"), budget=Sum("budget_total"))
    )
    return {"count": totals["count"], "budget": totals["budget"] or Decimal("0")}


def calls_in_phases(*phases: str, now: datetime | None = None) -> QuerySet:
    """Calls in any of `phases` at `now`, ready to be shown as cards or table rows."""
    now = now or current_time()
    condition = phase_condition(phases[0], now)
    for phase in phases[1:]:
        condition |= phase_condition(phase, now)
    return _for_cards(Call.objects.filter(condition))


def calls_managed_by(user) -> QuerySet:
    """The calls an officer runs (listed among its officers, or its creator), newest first."""
    return Call.objects.managed_by(user).select_related("programme").order_by("-created_at", "-pk")


def call_ids_run_by(user) -> QuerySet:
    """The ids of the calls `user` runs (among their officers, or their creator): the part
    of the outbox an officer answers for (portal.outbox_scope)."""
    return Call.objects.filter(Q(officers=user) | Q(created_by=user)).values("pk")


def calls_by_phase(now: datetime | None = None) -> list[dict]:
    """Every call grouped by its phase, in the order of the phases: one query."""
    now = now or current_time()
    groups = {phase: [] for phase in CallPhase.values}
    for call in Call.objects.select_related("programme").order_by("deadline", "pk"):
        groups[phase_of(call, now)].append(call)
    return [
        {"phase": phase, "label": CallPhase(phase).label, "calls": calls, "count": len(calls)}
        for phase, calls in groups.items()
    ]
