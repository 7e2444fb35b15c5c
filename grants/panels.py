"""The grants app's panels on the home page and the role dashboards (see portal.panels)."""

from portal.panels import register_panel
from portal.rules import (
    is_administrator,
    is_applicant,
    is_committee_member,
    is_officer,
    is_reviewer,
)

from .enums import CallPhase
from .queries import (
    calls_by_phase,
    calls_in_phases,
    calls_managed_by,
    open_calls,
    open_calls_summary,
)

HOME_CALLS = 6


def home_context(request) -> dict:
    return {"calls": list(open_calls()[:HOME_CALLS]), "summary": open_calls_summary()}


def applicant_context(request) -> dict | None:
    calls = list(open_calls()) if is_applicant(request.user) else []
    # Without open calls the dashboard shows its own "no open calls" message instead.
    return {"calls": calls} if calls else None


def officer_context(request) -> dict | None:
    if not is_officer(request.user):
        return None
    return {
        "calls": list(calls_managed_by(request.user)),
        "can_add": request.user.has_perm("grants.add_call"),
    }


def committee_context(request) -> dict | None:
    if not is_committee_member(request.user):
        return None
    calls = calls_in_phases(CallPhase.IN_REVIEW, CallPhase.CLOSED).order_by("results_at", "pk")
    calls = list(calls)
    return {"calls": calls} if calls else None


def reviewer_context(request) -> dict | None:
    if not is_reviewer(request.user):
        return None
    calls = list(calls_in_phases(CallPhase.IN_REVIEW).order_by("review_ends_at", "pk"))
    return {"calls": calls} if calls else None


def admin_context(request) -> dict | None:
    if not is_administrator(request.user):
        return None
    groups = calls_by_phase()
    return {
        "groups": groups,
        "total": sum(group["count"] for group in groups),
        "can_add": request.user.has_perm("grants.add_call"),
    }


def register() -> None:
    """Called from GrantsConfig.ready()."""
    register_panel(
        "home", template="grants/panels/home_open_calls.html", context=home_context, order=10
    )
    register_panel(
        "dashboard:applicant",
        template="grants/panels/applicant_open_calls.html",
        context=applicant_context,
        order=20,
    )
    register_panel(
        "dashboard:officer",
        template="grants/panels/officer_calls.html",
        context=officer_context,
        order=10,
    )
    register_panel(
        "dashboard:committee",
        template="grants/panels/committee_calls.html",
        context=committee_context,
        order=10,
    )
    register_panel(
        "dashboard:reviewer",
        template="grants/panels/reviewer_calls.html",
        context=reviewer_context,
        order=10,
    )
    register_panel(
        "dashboard:admin",
        template="grants/panels/admin_calls.html",
        context=admin_context,
        order=10,
    )
