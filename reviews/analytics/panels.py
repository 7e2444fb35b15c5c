"""Links to the analytics: on a call's page (its officers, the committee) and on the
dashboards of officers, the committee and administrators."""

from portal.panels import register_panel

from . import rules  # noqa: F401 - registers the permissions asked below


def call_link_context(request, *, call=None, **extra) -> dict | None:
    if call is None or not request.user.has_perm("reviews.view_call_analytics", call):
        return None
    return {"call": call}


def dashboard_link_context(request, **extra) -> dict | None:
    if not request.user.has_perm("reviews.view_analytics"):
        return None
    return {}


def register() -> None:
    folder = "reviews/analytics/panels/"
    register_panel(
        "call_detail", template=f"{folder}call_link.html", context=call_link_context, order=35
    )
    for slot in ("dashboard:officer", "dashboard:committee", "dashboard:admin"):
        register_panel(
            slot, template=f"{folder}dashboard_link.html", context=dashboard_link_context, order=70
        )
