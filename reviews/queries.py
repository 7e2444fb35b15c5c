"""Reads of the reviews app that more than one page uses (others may append theirs here)."""

from dataclasses import dataclass, field
from string import ascii_uppercase

from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from grants.rules import runs_call
from proposals.enums import ProposalState
from proposals.models import Proposal

from .blind import reviewer_label, visible_organisation
from .enums import AppealState, AssignmentState, ReviewState
from .meetings import item_quorum, tally
from .models import Appeal, Assignment, Conflict, PitchSlot, Review, Score


class QueueState:
    """Where a reviewer stands with one assignment, as the queue shows it."""

    AWAITING = "awaiting"
    TO_SCORE = "to_score"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CONFLICT = "conflict"

    LABELS = {
        AWAITING: _("Awaiting declaration"),
        TO_SCORE: _("To score"),
        DRAFT: _("Draft saved"),
        SUBMITTED: pgettext_lazy("review state", "Submitted"),
        CONFLICT: _("Ended by a conflict of interest"),
    }
    # What the reviewer does next (the button's text).
    ACTIONS = {
        AWAITING: _("Declare conflicts"),
        TO_SCORE: _("Score"),
        DRAFT: _("Continue scoring"),
        SUBMITTED: _("View your review"),
        CONFLICT: "",
    }
    BADGES = {
        AWAITING: "text-bg-warning",
        TO_SCORE: "text-bg-primary",
        DRAFT: "text-bg-info",
        SUBMITTED: "text-bg-success",
        CONFLICT: "text-bg-secondary",
    }


def queue_state(assignment: Assignment) -> str:
    if assignment.state == AssignmentState.CONFLICT:
        return QueueState.CONFLICT
    if assignment.state == AssignmentState.AWAITING_DECLARATION:
        return QueueState.AWAITING
    review = getattr(assignment, "review", None)
    if review is None:
        return QueueState.TO_SCORE
    return QueueState.SUBMITTED if review.state == ReviewState.SUBMITTED else QueueState.DRAFT


@dataclass
class QueueRow:
    assignment: Assignment
    state: str
    organisation: object = None  # None when blind review hides it from the reviewer

    @property
    def proposal(self):
        return self.assignment.proposal

    @property
    def label(self):
        return QueueState.LABELS[self.state]

    @property
    def action(self):
        return QueueState.ACTIONS[self.state]

    @property
    def badge(self):
        return QueueState.BADGES[self.state]


@dataclass
class QueueGroup:
    call: object
    rows: list[QueueRow] = field(default_factory=list)

    @property
    def open_count(self) -> int:
        done = {QueueState.SUBMITTED, QueueState.CONFLICT}
        return sum(1 for row in self.rows if row.state not in done)


QUEUE_FIELDS = (
    "state",
    "proposal__title",
    "proposal__reference",
    "proposal__call__title_th",
    "proposal__call__title_en",
    "proposal__call__code",
    "proposal__call__review_ends_at",
    "proposal__call__blind_review",
    "proposal__call__created_by_id",  # reviews.blind: an officer who created the call
    "proposal__organisation__name",
    "review__state",
)


def assignments_of(reviewer):
    """The reviewer's assignments (not those removed by an officer), with what the queue shows."""
    return (
        Assignment.objects.filter(reviewer=reviewer)
        .exclude(state=AssignmentState.REMOVED)
        .select_related("proposal__call", "proposal__organisation", "review")
        # Only what the queue reads (a reviewer has over a hundred rows, each with its own
        # copy of the call): the state, the proposal's title and reference, the call's
        # heading and what reviews.blind asks of it, the organisation's name.
        .only(*QUEUE_FIELDS)
        .order_by(
            "proposal__call__review_ends_at", "proposal__call_id", "proposal__reference", "pk"
        )
    )


def reviewer_queue(reviewer) -> list[QueueGroup]:
    """The reviewer's assignments grouped by call, the call whose review ends first first."""
    groups: dict[int, QueueGroup] = {}
    for assignment in assignments_of(reviewer):
        call = assignment.proposal.call
        group = groups.setdefault(call.pk, QueueGroup(call=call))
        group.rows.append(
            QueueRow(
                assignment=assignment,
                state=queue_state(assignment),
                organisation=visible_organisation(assignment.proposal, reviewer),
            )
        )
    return list(groups.values())


def criteria_of(call) -> list:
    return list(call.criteria.order_by("position", "pk"))


@dataclass
class OtherReview:
    label: str  # "Reviewer A": never the reviewer's name
    review: Review
    points: dict[int, object]


def other_reviews(assignment: Assignment) -> list[OtherReview]:
    """The submitted reviews of the same proposal by the other reviewers, named A, B, C…

    The letters follow the order of assignment, so a reviewer keeps the same letter on every
    visit; the reviewer's own review is left out (it still takes its letter, so the letters do
    not tell who is who by elimination).
    """
    assignments = (
        Assignment.objects.filter(proposal_id=assignment.proposal_id)
        .exclude(state=AssignmentState.REMOVED)
        .order_by("assigned_at", "pk")
        .values_list("pk", flat=True)
    )
    letters = {pk: _letter(n) for n, pk in enumerate(assignments)}
    reviews = (
        Review.objects.filter(
            assignment__proposal_id=assignment.proposal_id,
            state=ReviewState.SUBMITTED,
        )
        .exclude(assignment_id=assignment.pk)
        .exclude(assignment__state=AssignmentState.CONFLICT)
        .prefetch_related(
            Prefetch("scores", queryset=Score.objects.only("review", "criterion", "points"))
        )
        .order_by("assignment__assigned_at", "assignment_id")
    )
    return [
        OtherReview(
            label=_("Reviewer %(letter)s") % {"letter": letters.get(review.assignment_id, "?")},
            review=review,
            points={score.criterion_id: score.points for score in review.scores.all()},
        )
        for review in reviews
    ]


def _letter(n: int) -> str:
    """A, B, … Z, AA, AB, …"""
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = ascii_uppercase[rest] + letters
    return letters


@dataclass
class CommitteeReview:
    label: str  # the reviewer's name, or "Reviewer 1" where the call is blind (reviews.blind)
    review: Review
    points: dict[int, object]


def reviews_for_committee(proposal, viewer) -> list[CommitteeReview]:
    """The proposal's submitted reviews that count on the ranking (of active assignments), in
    the order the reviewers were assigned, with their points per criterion and who wrote
    them as `viewer` may read it. Two queries, whatever the number of reviews."""
    reviews = (
        Review.objects.filter(
            assignment__proposal_id=proposal.pk,
            assignment__state=AssignmentState.ACTIVE,
            state=ReviewState.SUBMITTED,
        )
        .select_related("assignment__reviewer")
        .prefetch_related(
            Prefetch("scores", queryset=Score.objects.only("review", "criterion", "points"))
        )
        .order_by("assignment__assigned_at", "assignment_id")
    )
    return [
        CommitteeReview(
            label=reviewer_label(review.assignment.reviewer, number, proposal.call, viewer),
            review=review,
            points={score.criterion_id: score.points for score in review.scores.all()},
        )
        for number, review in enumerate(reviews, start=1)
    ]


def funded_projects():
    """Every funded project across calls and years: the awarded proposals of published
    results, with what the public project pages, open data and the API print. The one source
    of "funded" for all of them."""
    return (
        Proposal.objects.filter(state=ProposalState.AWARDED, call__publication__isnull=False)
        .select_related(
            "call__programme", "organisation__province", "province", "primary_sector", "decision"
        )
        .order_by("-call__publication__published_at", "call_id", "sequence", "pk")
    )


# ---------------------------------------------------------------- committee meetings


def meetings_visible_to(user, call):
    """The call's meetings: all of them for those who run the call, else those `user` sits on."""
    meetings = call.meetings.select_related("chair").order_by("-number")
    if user.has_perm("grants.change_call", call):
        return meetings
    return meetings.filter(members__user=user)


def agenda_of(meeting, *, seat=None) -> list:
    """The meeting's items, each with its quorum, tally, votes for the proposed resolution,
    conflicted members and (for `seat`, a member) their own vote and conflict; four queries."""
    present = dict(meeting.members.values_list("pk", "present"))
    items = list(
        meeting.items.select_related("proposal")
        .prefetch_related("votes", "conflicts__member__user")
        .order_by("position")
    )
    for item in items:
        conflicts = list(item.conflicts.all())
        item.conflicted = [c.member for c in conflicts]
        item.quorum = item_quorum(
            meeting.quorum_rule, meeting.quorum_number, present, [c.member_id for c in conflicts]
        )
        votes = [vote for vote in item.votes.all() if present.get(vote.member_id)]
        item.tally = tally((vote.choice, vote.amount) for vote in votes)
        item.agreeing = sum(1 for vote in votes if vote.choice == item.proposed)
        item.my_vote = next((v for v in votes if seat and v.member_id == seat.pk), None)
        item.my_conflict = any(seat and c.member_id == seat.pk for c in conflicts)
    return items


# ---------------------------------------------------------------- appeals


def appeals_of_call(call, user):
    """The appeals of `call` that `user` may read on the call's list: everything for those
    who run the call, only those sent to the committee for committee members (and never one
    in conflict with them), newest first."""
    appeals = Appeal.objects.filter(proposal__call=call).select_related(
        "proposal__organisation", "amendment"
    )
    if not runs_call(user, call):
        appeals = appeals.exclude(state__in=[AppealState.LODGED, AppealState.WITHDRAWN]).exclude(
            proposal__in=Conflict.objects.filter(reviewer=user).values("proposal")
        )
    return appeals.order_by("-lodged_at", "-pk")


DASHBOARD_APPEALS = 10


def appeals_waiting_for(user, *, officer: bool):
    """The appeals waiting for `user` on their dashboard, oldest first: as an officer, those
    lodged in the calls they run (to send to the committee); as a committee member, those
    with the committee, never one in conflict with them."""
    appeals = Appeal.objects.select_related("proposal__call", "proposal__organisation")
    if officer:
        runs = Q(proposal__call__officers=user) | Q(proposal__call__created_by=user)
        appeals = appeals.filter(runs, state=AppealState.LODGED).distinct()
    else:
        conflicts = Conflict.objects.filter(reviewer=user).values("proposal")
        appeals = appeals.filter(state=AppealState.WITH_COMMITTEE).exclude(proposal__in=conflicts)
    return appeals.order_by("lodged_at", "pk")


def pitch_schedule(stage) -> list:
    """The stage's pitch slots in order, with their team (one query)."""
    return list(
        PitchSlot.objects.filter(stage=stage)
        .select_related("booked_proposal__organisation")
        .order_by("starts_at", "pk")
    )


@dataclass
class PitchDayRow:
    slot: PitchSlot
    proposal: Proposal | None
    in_conflict: bool = False
    assignment: Assignment | None = None  # the viewer's, to score the pitch


def pitch_day_rows(stage, viewer) -> list[PitchDayRow]:
    """The pitch day as `viewer` (a panel member or an officer) sees it: each booked slot in
    order, the viewer's assignment to score it and whether the viewer is in conflict with the
    team (3 queries whatever the number of slots)."""
    slots = [slot for slot in pitch_schedule(stage) if slot.booked_proposal_id]
    ids = [slot.booked_proposal_id for slot in slots]
    assignments = {
        a.proposal_id: a
        for a in Assignment.objects.filter(proposal_id__in=ids, reviewer=viewer).select_related(
            "review"
        )
    }
    conflicts = set(
        Conflict.objects.filter(proposal_id__in=ids, reviewer=viewer).values_list(
            "proposal_id", flat=True
        )
    )
    return [
        PitchDayRow(
            slot=slot,
            proposal=slot.booked_proposal,
            in_conflict=slot.booked_proposal_id in conflicts,
            assignment=assignments.get(slot.booked_proposal_id),
        )
        for slot in slots
    ]
