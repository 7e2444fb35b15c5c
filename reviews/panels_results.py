"""Panels of the results pages, registered from ReviewsConfig.ready()."""

from portal.panels import register_panel

from .enums import DecisionOutcome, ReviewState
from .forms_results import PublishForm
from .models import Decision, Publication, Review
from .services.publication import publication_problems


def results_link_context(request, *, call=None, **extra) -> dict | None:
    """On a call's page, once its results are published: a link to the announcement."""
    if call is None or not request.user.has_perm("reviews.view_results", call):
        return None
    publication = Publication.objects.filter(call=call).first()
    if publication is None:
        return None
    return {"call": call, "publication": publication}


def publish_card_context(request, *, call=None, **extra) -> dict | None:
    """On a call's page, for committee members while it is in review: publish the results."""
    if call is None or not request.user.has_perm("reviews.publish_results", call):
        return None
    decisions = Decision.objects.filter(proposal__call=call)
    return {
        "call": call,
        "form": PublishForm(),
        "problems": publication_problems(call),
        "awarded": decisions.filter(outcome=DecisionOutcome.AWARD).count(),
        "decided": decisions.count(),
    }


def own_decision_context(request, *, proposal=None, **extra) -> dict | None:
    """On the applicant's proposal page, after publication: the decision and the feedback.

    The reviewers' feedback is shown without their names, in the order it was submitted.
    """
    if proposal is None or not request.user.has_perm("reviews.view_own_decision", proposal):
        return None
    decision = Decision.objects.filter(proposal=proposal, final=True).first()
    feedback = list(
        Review.objects.filter(assignment__proposal=proposal, state=ReviewState.SUBMITTED)
        .exclude(feedback="")
        .order_by("submitted_at", "pk")
        .values_list("feedback", flat=True)
    )
    return {"proposal": proposal, "decision": decision, "feedback": feedback}


def register() -> None:
    """Register this part's panels with portal.panels."""
    register_panel(
        "call_detail", template="reviews/results/panel_results_link.html",
        context=results_link_context, order=2,
    )  # fmt: skip
    register_panel(
        "call_detail", template="reviews/results/panel_publish.html",
        context=publish_card_context, order=3,
    )  # fmt: skip
    register_panel(
        "proposal_detail", template="reviews/results/panel_own_decision.html",
        context=own_decision_context, order=10,
    )  # fmt: skip
