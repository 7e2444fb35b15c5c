"""Panels of the assignment pages, registered from ReviewsConfig.ready()."""

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


def register() -> None:
    """Register this part's panels with portal.panels."""
    register_panel(
        "call_detail",
        template="reviews/assignment/panels/call_panel.html",
        context=call_panel_context,
        order=30,
    )
