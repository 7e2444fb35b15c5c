"""Panels of the assignment pages, registered from ReviewsConfig.ready()."""

from grants.models import Sector
from portal.enums import Role
from portal.panels import register_panel

from .models import PanelMember
from .services.assignment import open_assignments


def call_panel_context(request, call=None, **extra) -> dict | None:
    """On a call's page, for its officers: the panel's size and open assignments."""
    if call is None or not request.user.has_perm("reviews.manage_assignments", call):
        return None
    return {
        "call": call,
        "members": PanelMember.objects.filter(call=call).count(),
        "assignments": open_assignments(call).count(),
    }


def reviewer_profile_context(request, **extra) -> dict | None:
    """On the reviewer's dashboard: their expertise, or an invitation to fill in the profile."""
    user = request.user
    if not (user.is_authenticated and user.has_role(Role.REVIEWER)):
        return None
    sectors = Sector.objects.filter(
        pk__in=user.reviewer_profile.expertise.values("pk")
        if hasattr(user, "reviewer_profile")
        else []
    )
    return {"sectors": [str(s) for s in sectors]}


def register() -> None:
    """Register this part's panels with portal.panels."""
    register_panel(
        "call_detail",
        template="reviews/assignment/panels/call_panel.html",
        context=call_panel_context,
        order=30,
    )
    register_panel(
        "dashboard:reviewer",
        template="reviews/assignment/panels/reviewer_profile.html",
        context=reviewer_profile_context,
        order=90,
    )
