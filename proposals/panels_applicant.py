"""Panels of the applicant side, registered from ProposalsConfig.ready()."""

from portal.panels import register_panel

from .completeness import missing_for_submission
from .queries import organisation_of, proposals_of
from .services.submission import submission_deadline
from .states import EDITABLE_STATES


def call_apply_context(request, *, call=None, **extra) -> dict | None:
    """On a call's page: start a proposal, or continue the one the organisation has."""
    user = request.user
    if call is None or not user.is_authenticated or "applicant" not in user.roles:
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
    if not user.is_authenticated or "applicant" not in user.roles:
        return None
    rows = []
    for proposal in proposals_of(user).order_by("-updated_at"):
        editable = proposal.state in EDITABLE_STATES
        rows.append(
            {
                "proposal": proposal,
                "editable": editable,
                "deadline": submission_deadline(proposal) if editable else None,
                "missing": len(missing_for_submission(proposal)) if editable else 0,
            }
        )
    return {"rows": rows, "organisation": organisation_of(user)}


def register() -> None:
    """Register this side's panels with portal.panels."""
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
