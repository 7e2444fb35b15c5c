"""Panels that proposals adds to the portal's pages, registered from ProposalsConfig.ready():
on a call's page (start or continue a proposal; for officers, what arrived) and on the
applicant's and officer's dashboards."""

from django.db.models import Count, Q

from grants.queries import calls_managed_by
from portal.panels import register_panel
from portal.rules import is_applicant, is_officer

from .completeness import missing_for_submission
from .enums import ProposalState
from .models import Proposal
from .queries import organisation_of, proposals_of, received_proposals
from .services.submission import submission_deadline
from .stages import stage_statuses
from .states import EDITABLE_STATES, RECEIVED_STATES

S = ProposalState


# The applicant's side


def call_apply_context(request, *, call=None, **extra) -> dict | None:
    """On a call's page: start a proposal, or continue the one the organisation has."""
    user = request.user
    if call is None or not is_applicant(user):
        return None
    existing = proposals_of(user).filter(call=call).first()
    can_start = user.has_perm("proposals.start_proposal", call)
    if existing is None and not can_start:
        return None
    return {
        "call": call,
        "proposal": existing,
        "can_start": can_start,
        "has_organisation": organisation_of(user) is not None,
    }


def my_proposals_context(request, **extra) -> dict | None:
    user = request.user
    if not is_applicant(user):
        return None
    rows = []
    proposals = list(proposals_of(user).order_by("-updated_at"))
    statuses = stage_statuses(proposals)
    for proposal in proposals:
        editable = proposal.state in EDITABLE_STATES
        rows.append(
            {
                "proposal": proposal,
                "stage": statuses.get(proposal.pk),
                "editable": editable,
                "deadline": submission_deadline(proposal) if editable else None,
                "missing": len(missing_for_submission(proposal)) if editable else 0,
            }
        )
    return {"rows": rows, "organisation": organisation_of(user)}


# The officer's side


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
    if not is_officer(user):
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
    """Register the panels with portal.panels."""
    register_panel(
        "call_detail",
        template="proposals/panels/call_apply.html",
        context=call_apply_context,
        order=10,
    )
    register_panel(
        "dashboard:applicant",
        template="proposals/panels/my_proposals.html",
        context=my_proposals_context,
        order=5,
    )
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
