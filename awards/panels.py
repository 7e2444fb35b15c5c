"""Panels the awards app adds to the portal's pages (dashboards, the applicant's proposal),
registered from AwardsConfig.ready()."""

from portal.panels import register_panel
from portal.rules import is_administrator, is_applicant, is_officer

from .queries import grants_of_member, grants_run_by
from .states import OPEN_STATES

OFFICER_DASHBOARD_GRANTS = 8


def grantee_grants_context(request, **extra) -> dict | None:
    """The grantee's dashboard: the grants made to their organisations."""
    if not is_applicant(request.user):
        return None
    grants = list(grants_of_member(request.user))
    return {"grants": grants} if grants else None


def officer_grants_context(request, **extra) -> dict | None:
    """The officer's dashboard: the open grants of the calls they run, a link to all."""
    if not (is_officer(request.user) or is_administrator(request.user)):
        return None
    grants = grants_run_by(request.user).filter(state__in=OPEN_STATES)
    rows = list(grants[:OFFICER_DASHBOARD_GRANTS])
    return {"grants": rows, "more": len(rows) == OFFICER_DASHBOARD_GRANTS} if rows else None


def proposal_grant_context(request, *, proposal=None, **extra) -> dict | None:
    """On the applicant's proposal page: a link to the grant made for it."""
    grant = getattr(proposal, "grant", None) if proposal is not None else None
    if grant is None or not request.user.has_perm("awards.view_grant", grant):
        return None
    return {"grant": grant}


def register() -> None:
    """Register the awards app's panels with portal.panels (a lower order comes first)."""
    panels = [
        ("dashboard:applicant", "awards/panels/grantee_grants.html", grantee_grants_context, 3),
        ("dashboard:officer", "awards/panels/officer_grants.html", officer_grants_context, 25),
        ("proposal_detail", "awards/panels/proposal_grant.html", proposal_grant_context, 5),
    ]
    for slot, template, context, order in panels:
        register_panel(slot, template=template, context=context, order=order)
