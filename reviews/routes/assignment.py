"""URL patterns of the assignment pages."""

from django.urls import path

from ..views import assignment

urlpatterns = [
    path("profile/", assignment.reviewer_profile, name="reviewer_profile"),
    path("call/<slug:slug>/panel/", assignment.call_panel, name="call_panel"),
    path("call/<slug:slug>/panel/add/", assignment.panel_add, name="panel_add"),
    path("call/<slug:slug>/panel/<int:pk>/remove/", assignment.panel_remove, name="panel_remove"),
    path("call/<slug:slug>/panel/assign/", assignment.panel_assign, name="panel_assign"),
    path(
        "call/<slug:slug>/conflicts/refresh/",
        assignment.conflicts_refresh,
        name="conflicts_refresh",
    ),
    path("call/<slug:slug>/auto-assign/", assignment.auto_assign, name="auto_assign"),
    path(
        "proposal/<int:pk>/assignments/",
        assignment.proposal_assignments,
        name="proposal_assignments",
    ),
    path("assignment/<int:pk>/remove/", assignment.assignment_remove, name="assignment_remove"),
]
