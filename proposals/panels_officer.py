"""Panels of the officer side, registered from ProposalsConfig.ready()."""

from django.db.models import Count, Q

from grants.queries import calls_managed_by
from portal.enums import Role
from portal.panels import register_panel

from .enums import ProposalState
from .models import Proposal
from .queries import received_proposals
from .states import RECEIVED_STATES

S = ProposalState


def call_proposals_context(request, call=None, **extra) -> dict | None:
    """On a call's page, for those who manage it: how many proposals arrived, by status."""
    if call is None or not request.user.has_perm("proposals.manage_proposals", call):
        return None
    counts = dict(received_proposals(call).order_by().values_list("state").annotate(n=Count("pk")))
    by_state = [
        {"state": value, "label": label, "count": counts[value]}
        for value, label in S.choices
        if counts.get(value)
    ]
    return {"call": call, "total": sum(counts.values()), "by_state": by_state}


def officer_dashboard_context(request, **extra) -> dict | None:
    """Per call the officer runs: received, waiting for screening, eligible (two queries)."""
    user = request.user
    if not (user.is_authenticated and user.has_role(Role.OFFICER)):
        return None
    calls = list(calls_managed_by(user))
    if not calls:
        return None
    received = Q(state__in=RECEIVED_STATES) | Q(submitted_at__isnull=False)
    counts = {
        row["call_id"]: row
        for row in Proposal.objects.filter(call__in=calls)
        .order_by()
        .values("call_id")
        .annotate(
            received=Count("pk", filter=received),
            to_screen=Count("pk", filter=Q(state=S.SUBMITTED)),
            eligible=Count("pk", filter=Q(state=S.ELIGIBLE)),
        )
    }
    empty = {"received": 0, "to_screen": 0, "eligible": 0}
    return {"rows": [{"call": call, **counts.get(call.pk, empty)} for call in calls]}


def register() -> None:
    """Register this side's panels with portal.panels."""
    register_panel(
        "call_detail",
        template="proposals/officer/panels/call_proposals.html",
        context=call_proposals_context,
        order=20,
    )
    register_panel(
        "dashboard:officer",
        template="proposals/officer/panels/dashboard.html",
        context=officer_dashboard_context,
        order=20,
    )
