"""Panels of the scoring pages, registered from ReviewsConfig.ready()."""

from grants.phases import current_time
from portal.panels import register_panel
from portal.rules import is_reviewer

from .queries import reviewer_queue


def my_reviews_context(request, **extra) -> dict | None:
    """The reviewer's dashboard: the same queue as reviews:my_reviews, per call."""
    user = request.user
    if not is_reviewer(user):
        return None
    groups = reviewer_queue(user)
    if not groups:
        return None  # the dashboard's own empty state explains what comes here
    return {"groups": groups, "viewer": user, "now": current_time()}


def register() -> None:
    """Register this part's panels with portal.panels."""
    register_panel(
        "dashboard:reviewer",
        template="reviews/scoring/panels/my_reviews.html",
        context=my_reviews_context,
        order=5,
    )
