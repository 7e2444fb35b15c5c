"""Panels the reviews app adds to the portal's pages (call pages, dashboards, the applicant's
proposal), registered from ReviewsConfig.ready()."""

from decimal import Decimal

from django.db.models import Count, Q, Sum

from grants.enums import CallState
from grants.models import Call, Sector
from grants.phases import current_time
from portal.panels import register_panel
from portal.rules import is_committee_member, is_officer, is_reviewer
from proposals.enums import ProposalState
from proposals.models import Proposal

from .analytics import panels as analytics_panels
from .enums import AppealState, DecisionOutcome, ReviewState
from .forms import PublishForm
from .models import Decision, Meeting, PanelMember, PitchSlot, Publication, Review
from .queries import (
    DASHBOARD_APPEALS,
    appeals_of_call,
    appeals_waiting_for,
    meetings_visible_to,
    reviewer_queue,
)
from .rules import REVIEWED_CALL_STATES, appeal_last_day, call_in_review, publication_of
from .services.panels import open_assignments
from .services.publication import publication_problems

# ---------------------------------------------------------------- assignment


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
    if not is_reviewer(user):
        return None
    sectors = Sector.objects.filter(
        pk__in=user.reviewer_profile.expertise.values("pk")
        if hasattr(user, "reviewer_profile")
        else []
    )
    return {"sectors": [str(s) for s in sectors]}


# ---------------------------------------------------------------- scoring


def my_reviews_context(request, **extra) -> dict | None:
    """The reviewer's dashboard: the same queue as reviews:my_reviews, per call."""
    user = request.user
    if not is_reviewer(user):
        return None
    groups = reviewer_queue(user)
    if not groups:
        return None  # the dashboard's own empty state explains what comes here
    return {"groups": groups, "viewer": user, "now": current_time()}


# ---------------------------------------------------------------- ranking


def committee_dashboard_context(request, **extra) -> dict | None:
    """Calls in review with their counts: proposals ranked, decided, awarded vs budget
    (three queries whatever the number of calls)."""
    if not is_committee_member(request.user):
        return None
    calls = list(Call.objects.filter(state=CallState.IN_REVIEW).order_by("review_ends_at", "pk"))
    if not calls:
        return {"rows": []}
    ranked = dict(
        Proposal.objects.filter(call__in=calls, state=ProposalState.ELIGIBLE)
        .order_by()
        .values_list("call_id")
        .annotate(n=Count("pk"))
    )
    decided = {
        row["proposal__call_id"]: row
        for row in Decision.objects.filter(proposal__call__in=calls)
        .order_by()
        .values("proposal__call_id")
        .annotate(
            n=Count("pk"),
            awarded=Sum("amount", filter=Q(outcome=DecisionOutcome.AWARD)),
        )
    }
    rows = []
    for call in calls:
        decisions = decided.get(call.pk, {})
        rows.append(
            {
                "call": call,
                "ranked": ranked.get(call.pk, 0),
                "decided": decisions.get("n", 0),
                "awarded": decisions.get("awarded") or Decimal("0"),
            }
        )
    return {"rows": rows}


def call_ranking_context(request, call=None, **extra) -> dict | None:
    """On the call's page, for committee members and its officers while it is in review."""
    if not call_in_review(request.user, call):
        return None
    if not request.user.has_perm("reviews.view_ranking", call):
        return None
    return {"call": call, "shortlist": request.user.has_perm("reviews.view_shortlist", call)}


# ---------------------------------------------------------------- meetings


def call_meetings_context(request, call=None, **extra) -> dict | None:
    """On the call's page, from the review on: its committee meetings (the committee and the
    call's officers), and scheduling one while in review."""
    if call is None or call.state not in REVIEWED_CALL_STATES:
        return None
    if not request.user.has_perm("reviews.view_meetings", call):
        return None
    return {
        "call": call,
        "meetings": list(meetings_visible_to(request.user, call)[:5]),
        "may_schedule": request.user.has_perm("reviews.schedule_meeting", call),
    }


def my_meetings_context(request, **extra) -> dict | None:
    """On the committee's dashboard: the meetings the member sits on, latest first."""
    if not is_committee_member(request.user):
        return None
    meetings = (
        Meeting.objects.filter(members__user=request.user)
        .select_related("call")
        .order_by("-starts_at")[:10]
    )
    return {"meetings": list(meetings)}


# ---------------------------------------------------------------- results


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


# ---------------------------------------------------------------- appeals


def proposal_appeal_context(request, *, proposal=None, **extra) -> dict | None:
    """On the applicant's proposal page, after publication: their appeals, and the way to
    lodge one while the result may be appealed (until the last day of the call's window)."""
    user = request.user
    if proposal is None or not user.has_perm("reviews.view_proposal_appeals", proposal):
        return None
    may_lodge = user.has_perm("reviews.lodge_appeal", proposal)
    appeals = list(proposal.appeals.select_related("amendment").order_by("-lodged_at", "-pk"))
    if not may_lodge and not appeals:
        return None
    publication = publication_of(proposal.call)
    return {
        "proposal": proposal,
        "appeals": appeals,
        "may_lodge": may_lodge,
        "last_day": appeal_last_day(publication) if publication else None,
    }


def call_appeals_context(request, *, call=None, **extra) -> dict | None:
    """On a call's page, for its officers and the committee after publication: its appeals
    waiting for someone (lodged: the officer; with the committee: the committee)."""
    if call is None or not request.user.has_perm("reviews.view_call_appeals", call):
        return None
    appeals = appeals_of_call(call, request.user)
    return {
        "call": call,
        "lodged": appeals.filter(state=AppealState.LODGED).count(),
        "with_committee": appeals.filter(state=AppealState.WITH_COMMITTEE).count(),
        "total": appeals.count(),
    }


def dashboard_appeals_context(request, *, officer: bool) -> dict | None:
    """On the officer's and the committee's dashboards: the appeals waiting for them."""
    user = request.user
    if not (is_officer(user) if officer else is_committee_member(user)):
        return None
    appeals = list(appeals_waiting_for(user, officer=officer)[:DASHBOARD_APPEALS])
    if not appeals:
        return None
    return {"appeals": appeals, "officer": officer}


def officer_appeals_context(request, **extra) -> dict | None:
    return dashboard_appeals_context(request, officer=True)


def committee_appeals_context(request, **extra) -> dict | None:
    return dashboard_appeals_context(request, officer=False)


# ---------------------------------------------------------------- pitch stages


def pitch_booking_context(request, *, proposal=None, **extra) -> dict | None:
    """On the team's proposal in a pitch stage: its booking, or the way to book a slot."""
    if proposal is None or not request.user.has_perm("reviews.book_pitch_slot", proposal):
        return None
    return {
        "proposal": proposal,
        "booking": PitchSlot.objects.filter(booked_proposal=proposal).first(),
    }


def pitch_call_context(request, call=None, **extra) -> dict | None:
    """On a pitch stage's page: the schedule for its officers, the pitch day for its panel."""
    if call is None or not request.user.has_perm("reviews.view_pitch_day", call):
        return None
    slots = PitchSlot.objects.filter(stage=call)
    return {
        "call": call,
        "may_manage": request.user.has_perm("reviews.manage_pitch_slots", call),
        "slots": slots.count(),
        "booked": slots.filter(booked_proposal__isnull=False).count(),
    }


# ---------------------------------------------------------------- registration


def register() -> None:
    """Register the reviews app's panels with portal.panels (a lower order comes first)."""
    results, assignment = "reviews/results/", "reviews/assignment/panels/"
    scoring, ranking = "reviews/scoring/panels/", "reviews/ranking/panels/"
    panels = [
        ("call_detail", f"{results}panel_results_link.html", results_link_context, 2),
        ("call_detail", f"{results}panel_publish.html", publish_card_context, 3),
        ("call_detail", f"{assignment}call_panel.html", call_panel_context, 30),
        ("call_detail", f"{ranking}call_ranking.html", call_ranking_context, 30),
        ("call_detail", "reviews/meetings/panels/call_meetings.html", call_meetings_context, 31),
        (
            "dashboard:committee",
            "reviews/meetings/panels/my_meetings.html",
            my_meetings_context,
            25,
        ),
        ("dashboard:reviewer", f"{scoring}my_reviews.html", my_reviews_context, 5),
        ("dashboard:reviewer", f"{assignment}reviewer_profile.html", reviewer_profile_context, 90),
        ("dashboard:committee", f"{ranking}dashboard.html", committee_dashboard_context, 20),
        ("proposal_detail", f"{results}panel_own_decision.html", own_decision_context, 10),
        ("proposal_detail", "reviews/appeals/panel_proposal.html", proposal_appeal_context, 11),
        ("call_detail", "reviews/appeals/panel_call.html", call_appeals_context, 4),
        ("proposal_detail", "reviews/pitch/panel_booking.html", pitch_booking_context, 5),
        ("call_detail", "reviews/pitch/panel_call.html", pitch_call_context, 29),
        ("dashboard:officer", "reviews/appeals/panel_dashboard.html", officer_appeals_context, 15),
        (
            "dashboard:committee",
            "reviews/appeals/panel_dashboard.html",
            committee_appeals_context,
            15,
        ),
    ]
    for slot, template, context, order in panels:
        register_panel(slot, template=template, context=context, order=order)
    analytics_panels.register()
