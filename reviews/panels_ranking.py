"""Panels of the ranking pages, registered from ReviewsConfig.ready()."""

from decimal import Decimal

from django.db.models import Count, Q, Sum

from grants.enums import CallState
from grants.models import Call
from portal.enums import Role
from portal.panels import register_panel
from proposals.enums import ProposalState
from proposals.models import Proposal

from .enums import DecisionOutcome
from .models import Decision


def committee_dashboard_context(request, **extra) -> dict | None:
    """Calls in review with their counts: proposals ranked, decided, awarded vs budget
    (three queries whatever the number of calls)."""
    user = request.user
    if not (user.is_authenticated and user.has_role(Role.COMMITTEE)):
        return None
    calls = list(Call.objects.filter(state=CallState.IN_REVIEW).order_by("review_ends_at", "pk"))
    if not calls:
        return {"rows": []}
    ranked = dict(
        Proposal.objects.filter(call__in=calls, state=ProposalState.ELIGIBLE)
        .order_by()
        .values_list("call_id")
        .annotate(n=Count("pk"))
    )
    decided = {
        row["proposal__call_id"]: row
        for row in Decision.objects.filter(proposal__call__in=calls)
        .order_by()
        .values("proposal__call_id")
        .annotate(
            n=Count("pk"),
            awarded=Sum("amount", filter=Q(outcome=DecisionOutcome.AWARD)),
        )
    }
    rows = []
    for call in calls:
        decisions = decided.get(call.pk, {})
        rows.append(
            {
                "call": call,
                "ranked": ranked.get(call.pk, 0),
                "decided": decisions.get("n", 0),
                "awarded": decisions.get("awarded") or Decimal("0"),
            }
        )
    return {"rows": rows}


def call_ranking_context(request, call=None, **extra) -> dict | None:
    """On the call's page, for committee members and its officers while it is in review."""
    if call is None or call.state != CallState.IN_REVIEW:
        return None
    if not request.user.has_perm("reviews.view_ranking", call):
        return None
    return {"call": call}


def register() -> None:
    """Register this part's panels with portal.panels."""
    register_panel(
        "dashboard:committee",
        template="reviews/ranking/panels/dashboard.html",
        context=committee_dashboard_context,
        order=20,
    )
    register_panel(
        "call_detail",
        template="reviews/ranking/panels/call_ranking.html",
        context=call_ranking_context,
        order=30,
    )
