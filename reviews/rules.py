"""Who may see and do what in review, decision and publication; and the rules of the review
calendar that the pages, the services and the reminders share (decided here once).

The permissions come in pairs for the views' guards (portal.access): one to *do* a page's
action on an object, one to *know that object exists*. A person who may not see it gets a
404, one who sees it but may not do this a 403.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import rules
from django.db.models import Q
from django.utils.translation import gettext as _

from grants.enums import CallState, StageKind
from grants.phases import current_time
from grants.rules import runs_call
from grants.stages import is_pitch, next_stage_of
from portal.formatting import format_datetime
from portal.refusals import Refusal
from portal.rules import is_committee_member, is_reviewer
from proposals.deadlines import moment
from proposals.enums import ProposalState
from proposals.rules import edits_for_organisation, is_proposal_member, officer_of_received

from .enums import AppealState, AssignmentState, MeetingState, ReviewState
from .models import OPEN_APPEAL_STATES, Publication
from .ranking.load import ranked_queryset
from .states import ASSIGNABLE_CALL_STATES, OPEN_ASSIGNMENT_STATES

# The call's results are out: decisions are final and the announcement is public.
PUBLISHED_CALL_STATES = frozenset({CallState.RESULTS_PUBLISHED, CallState.ARCHIVED})
# The call's proposals have been reviewed, or are being reviewed: in review, and after.
REVIEWED_CALL_STATES = PUBLISHED_CALL_STATES | {CallState.IN_REVIEW}


# ---------------------------------------------------------------- the review calendar


def is_review_period_over(call, now: datetime | None = None) -> bool:
    """Past the call's review deadline: reviews can no longer be saved or submitted."""
    return (now or current_time()) > call.review_ends_at


def review_period_open(now: datetime | None = None, *, prefix: str = "") -> Q:
    """The same rule as a database condition on calls (`prefix` to reach the call, e.g.
    "proposal__call__"): in review and not past the review deadline."""
    return Q(
        **{
            f"{prefix}state": CallState.IN_REVIEW,
            f"{prefix}review_ends_at__gte": now or current_time(),
        }
    )


def refuse_after_review_deadline(call) -> None:
    """Refuse (code "review_deadline") once the review period of `call` is over."""
    if is_review_period_over(call):
        raise Refusal(
            _(
                "The review period ended on %(deadline)s. Your draft is kept, but it can no "
                "longer be submitted."
            )
            % {"deadline": format_datetime(call.review_ends_at)},
            code="review_deadline",
        )


def has_published_results(call) -> bool:
    """The call's results are published (and the call perhaps archived since)."""
    return call is not None and call.state in PUBLISHED_CALL_STATES


# ---------------------------------------------------------------- the appeal window

BANGKOK_TZ = ZoneInfo("Asia/Bangkok")
# The results an applicant may appeal against: not funded (an award is not appealed).
APPEALABLE_STATES = frozenset({ProposalState.NOT_SELECTED, ProposalState.RESERVE})


def appeal_last_day(publication):
    """The last day (a Bangkok date) on which an appeal is accepted: the call's appeal_days
    after the day the results were published (published on 1 May with 15 days: 16 May)."""
    published = publication.published_at.astimezone(BANGKOK_TZ).date()
    return published + timedelta(days=publication.call.appeal_days)


def appeal_closes_at(publication) -> datetime:
    """The first moment appeals are refused: midnight in Bangkok at the end of the last day."""
    return datetime.combine(appeal_last_day(publication) + timedelta(days=1), time.min, BANGKOK_TZ)


def is_appeal_window_open(publication, at: datetime | None = None) -> bool:
    """An appeal arriving at `at` (default: the request's arrival, as for deadlines; see
    proposals.deadlines.moment) is in time: up to the end of the last day, Bangkok time."""
    return publication is not None and moment(at) < appeal_closes_at(publication)


def publication_of(call):
    """The call's Publication, or None (cached on the call for the request)."""
    if "_publication_cache" not in call.__dict__:
        call.__dict__["_publication_cache"] = Publication.objects.filter(call=call).first()
    return call.__dict__["_publication_cache"]


# ---------------------------------------------------------------- predicates


def assignment_of(user, proposal):
    """The user's assignment to `proposal` (cached on the proposal for the request)."""
    if proposal is None or not getattr(user, "is_authenticated", False):
        return None
    cache = proposal.__dict__.setdefault("_assignment_cache", {})
    if user.pk not in cache:
        cache[user.pk] = proposal.assignments.filter(reviewer=user).select_related("review").first()
    return cache[user.pk]


def _of(attribute: str, predicate):
    """`predicate` asked about the object's `attribute` (an attachment's proposal, a
    proposal's call)."""

    @rules.predicate(name=f"{predicate.name}_of_{attribute}")
    def asked_of(user, obj) -> bool:
        return obj is not None and bool(predicate.test(user, getattr(obj, attribute)))

    return asked_of


@rules.predicate
def is_assigned_reviewer(user, proposal) -> bool:
    assignment = assignment_of(user, proposal)
    return assignment is not None and assignment.state in OPEN_ASSIGNMENT_STATES


@rules.predicate
def has_conflict(user, proposal) -> bool:
    if proposal is None or not getattr(user, "is_authenticated", False):
        return False
    return proposal.conflicts.filter(reviewer=user).exists()


@rules.predicate
def has_declared_no_conflict(user, proposal) -> bool:
    assignment = assignment_of(user, proposal)
    return assignment is not None and assignment.state == AssignmentState.ACTIVE


@rules.predicate
def awaits_declaration(user, proposal) -> bool:
    assignment = assignment_of(user, proposal)
    return assignment is not None and assignment.state == AssignmentState.AWAITING_DECLARATION


@rules.predicate
def has_submitted_review(user, proposal) -> bool:
    assignment = assignment_of(user, proposal)
    review = getattr(assignment, "review", None) if assignment else None
    return review is not None and review.state == ReviewState.SUBMITTED


@rules.predicate
def reviews_are_open(user, proposal) -> bool:
    call = proposal.call
    return call.state == CallState.IN_REVIEW and not is_review_period_over(call)


@rules.predicate
def call_in_review(user, call) -> bool:
    return call is not None and call.state == CallState.IN_REVIEW


@rules.predicate
def has_next_stage(user, call) -> bool:
    """A stage of a multi-stage call with a stage after it: it ends with a shortlist."""
    return (
        call is not None and call.stage_kind != StageKind.SINGLE and next_stage_of(call) is not None
    )


@rules.predicate
def is_assignable_call(user, call) -> bool:
    return call is not None and call.state in ASSIGNABLE_CALL_STATES


@rules.predicate
def results_published(user, call) -> bool:
    return has_published_results(call)


@rules.predicate
def review_has_started(user, call) -> bool:
    return call is not None and call.state in REVIEWED_CALL_STATES


@rules.predicate
def is_on_ranking(user, proposal) -> bool:
    """On its call's ranking, as reviews.ranking decides (ranked_queryset): in the review
    pool, or decided on by the committee. Never a draft, nor a proposal found ineligible."""
    return proposal is not None and ranked_queryset(proposal.call).filter(pk=proposal.pk).exists()


@rules.predicate
def is_ranked(user, proposal) -> bool:
    """In the ranking: only eligible proposals are ranked and decided."""
    return proposal is not None and proposal.state == ProposalState.ELIGIBLE


proposal_results_published = _of("call", results_published)
runs_proposal_call = _of("call", runs_call)
decides_in_call = _of("call", call_in_review)

reviewer_in_good_standing = is_reviewer & is_assigned_reviewer & ~has_conflict
can_read_content = reviewer_in_good_standing & has_declared_no_conflict
can_see_ranking = is_committee_member | runs_call  # of the call
can_decide = is_committee_member & ~has_conflict & decides_in_call  # on the proposal
can_read_dossiers = can_see_ranking & review_has_started  # of the call
_reads_dossier = _of("call", can_read_dossiers) & ~has_conflict & is_on_ranking


@rules.predicate
def reads_dossier(user, proposal) -> bool:
    """Reads a proposal's dossier: what the proposal says, and each submitted review's points
    per criterion, total, comment for the committee and feedback for the applicant.

    Who: the committee, and the people who run the call (its officers, the administrators),
    as for the ranking. When: once the call is in review, and after the results (a decision
    is read again later). Which proposals: those on the ranking; never a draft, nor one found
    ineligible. Not to a person in conflict with the proposal: its scores are hidden from
    them on the ranking too.

    Blind where the call is blind, as reviews.blind decides: the committee reads the proposal
    without the applicant's identity, as the reviewers did, and the reviews without the
    reviewers' names ("Reviewer 1", "Reviewer 2", in the order they were assigned); the
    call's officers and the administrators see both names. Whoever reads the dossier reads
    the proposal's attachments (reviews.read_attachment), under neutral names when blind.
    """
    return bool(_reads_dossier.test(user, proposal))


# ---------------------------------------------------------------- permissions

# The reviewer's own pages (no object).
rules.add_perm("reviews.edit_reviewer_profile", is_reviewer)
rules.add_perm("reviews.view_review_queue", is_reviewer)

# On a proposal: the reviewer's page (the declaration, then the content and the rubric).
rules.add_perm("reviews.review_proposal", reviewer_in_good_standing)
rules.add_perm("reviews.declare_conflict", is_reviewer & awaits_declaration & ~has_conflict)
rules.add_perm("reviews.view_proposal_content", can_read_content)
rules.add_perm(
    "reviews.score_proposal",
    can_read_content & reviews_are_open & ~has_submitted_review,
)
rules.add_perm(
    "reviews.view_other_scores",
    ~has_conflict
    & (
        (reviewer_in_good_standing & has_submitted_review)
        | is_committee_member
        | runs_proposal_call
    ),
)
# On an attachment: the file, for whoever reads its proposal's content (at the end of the
# module: the pitch panel reads it too).

# On a call: its panel and assignments; on a proposal and an assignment, the same people,
# for a proposal that arrived: officers never see a draft (a reopened one included), here
# no more than on their other pages.
rules.add_perm("reviews.manage_assignments", runs_call)
rules.add_perm("reviews.assign_automatically", runs_call & is_assignable_call)
rules.add_perm("reviews.manage_proposal_assignments", officer_of_received)
rules.add_perm("reviews.remove_assignment", _of("proposal", officer_of_received))

# On a call: its ranking, and deciding in it (the committee, while in review).
rules.add_perm("reviews.view_ranking", can_see_ranking)
rules.add_perm("reviews.decide_in_call", is_committee_member & call_in_review)
# On a stage of a multi-stage call: its shortlist (the officers or the committee, once its
# review has begun), and reading it after (those who read the stage's ranking).
rules.add_perm(
    "reviews.shortlist_stage", (runs_call | is_committee_member) & has_next_stage & call_in_review
)
rules.add_perm("reviews.view_shortlist", can_see_ranking & has_next_stage)
# On a call: each reviewer's estimated leniency, for the people who run it; never shown to
# the committee (its members review too) nor to reviewers.
rules.add_perm("reviews.view_reviewer_leniency", runs_call)
# On a proposal: one more reviewer, chosen by the assignment rules, from the ranking.
rules.add_perm(
    "reviews.assign_extra_reviewer", officer_of_received & _of("call", is_assignable_call)
)
# On a proposal: deciding it; knowing it is there, on the decision page. Whoever reads the
# call's ranking knows the proposal; to those who may decide in the call, a proposal that is
# not ranked (not eligible) does not exist.
rules.add_perm("reviews.record_decision", can_decide & is_ranked)
rules.add_perm(
    "reviews.view_ranked_proposal", _of("call", can_see_ranking) & (is_ranked | ~can_decide)
)
# On a proposal: its dossier (see reads_dossier); on a call, whether its ranking links to them.
rules.add_perm("reviews.read_dossier", reads_dossier)
rules.add_perm("reviews.read_dossiers", can_read_dossiers)

# On a call: publishing its results (the committee, while in review); reading them (anybody,
# once published). On a proposal: its own decision, for the applicant's members.
rules.add_perm("reviews.publish_results", is_committee_member & call_in_review)
rules.add_perm("reviews.view_results", results_published)
rules.add_perm("reviews.view_publication", _of("call", results_published))
rules.add_perm("reviews.view_own_decision", is_proposal_member & proposal_results_published)


# ---------------------------------------------------------------- committee meetings


@rules.predicate
def sits_on_meeting(user, meeting) -> bool:
    """A member of the meeting (cached on the meeting for the request)."""
    if meeting is None or not getattr(user, "is_authenticated", False):
        return False
    cache = meeting.__dict__.setdefault("_seat_cache", {})
    if user.pk not in cache:
        cache[user.pk] = meeting.members.filter(user=user).exists()
    return cache[user.pk]


@rules.predicate
def meeting_in_session(user, meeting) -> bool:
    return meeting is not None and meeting.state == MeetingState.OPEN


@rules.predicate
def meeting_closed(user, meeting) -> bool:
    return meeting is not None and meeting.state == MeetingState.CLOSED


runs_meeting_call = _of("call", runs_call)
meeting_member = is_committee_member & sits_on_meeting
sees_meeting = runs_meeting_call | meeting_member

# On a call: its meetings (the committee and the call's officers, as the ranking), and
# scheduling one (the call's officers, while the call is in review).
rules.add_perm("reviews.view_meetings", can_see_ranking)
rules.add_perm("reviews.schedule_meeting", runs_call & call_in_review)
# On a meeting: the call's officers (the secretary's work) and its members; to anybody else
# it does not exist. Its minutes once it is closed.
rules.add_perm("reviews.view_meeting", sees_meeting)
rules.add_perm("reviews.run_meeting", runs_meeting_call & ~meeting_closed)
rules.add_perm("reviews.vote_in_meeting", meeting_member & meeting_in_session)
rules.add_perm("reviews.declare_meeting_conflicts", meeting_member & ~meeting_closed)
rules.add_perm("reviews.read_minutes", sees_meeting & meeting_closed)
# On an agenda item: the same, asked of its meeting.
rules.add_perm("reviews.view_agenda_item", _of("meeting", sees_meeting))
rules.add_perm("reviews.run_agenda_item", _of("meeting", runs_meeting_call & ~meeting_closed))
rules.add_perm("reviews.vote_on_item", _of("meeting", meeting_member & meeting_in_session))
rules.add_perm("reviews.declare_item_conflict", _of("meeting", meeting_member & ~meeting_closed))
# ---------------------------------------------------------------- appeals


@rules.predicate
def may_appeal_result(user, proposal) -> bool:
    """The proposal's result can be appealed now: published, not funded, within the call's
    appeal window, and no appeal of it is open."""
    if proposal is None or proposal.state not in APPEALABLE_STATES:
        return False
    if not has_published_results(proposal.call):
        return False
    if not is_appeal_window_open(publication_of(proposal.call)):
        return False
    return not proposal.appeals.filter(state__in=OPEN_APPEAL_STATES).exists()


@rules.predicate
def has_appeals(user, proposal) -> bool:
    return proposal is not None and proposal.appeals.exists()


def _appeal_state_in(*states: str):
    @rules.predicate(name=f"appeal_is_{'_or_'.join(states)}")
    def in_state(user, appeal) -> bool:
        return appeal is not None and appeal.state in states

    return in_state


appeal_is_lodged = _appeal_state_in(AppealState.LODGED)
appeal_is_with_committee = _appeal_state_in(AppealState.WITH_COMMITTEE)
appeal_is_open = _appeal_state_in(*OPEN_APPEAL_STATES)
appeal_was_routed = _appeal_state_in(
    AppealState.WITH_COMMITTEE, AppealState.UPHELD, AppealState.REJECTED
)
appellant = _of("proposal", is_proposal_member)
runs_appeal_call = _of("proposal", runs_proposal_call)
# The committee meets an appeal once an officer has sent it to them; never one in conflict.
committee_on_appeal = is_committee_member & appeal_was_routed & ~_of("proposal", has_conflict)
# On a call: its appeals (the officers who run it, and the committee once published).
rules.add_perm("reviews.view_call_appeals", (runs_call | is_committee_member) & results_published)
# On a proposal: appealing its result (the applicant's members).
# Lodging is for the organisation's owners and editors; a viewer reads the result.
rules.add_perm("reviews.lodge_appeal", edits_for_organisation & may_appeal_result)
rules.add_perm("reviews.view_proposal_appeals", is_proposal_member & proposal_results_published)
# On an appeal: reading it and its file; each step, by whoever takes it.
rules.add_perm("reviews.view_appeal", appellant | runs_appeal_call | committee_on_appeal)
rules.add_perm("reviews.route_appeal", runs_appeal_call & appeal_is_lodged)
rules.add_perm(
    "reviews.decide_appeal", (committee_on_appeal | runs_appeal_call) & appeal_is_with_committee
)
rules.add_perm("reviews.withdraw_appeal", appellant & appeal_is_open)
# On an amendment of the results: public, as the announcement it amends.
rules.add_perm("reviews.view_amendment", _of("publication", _of("call", results_published)))


# ---------------------------------------------------------------- pitch stages


@rules.predicate
def is_pitch_stage(user, call) -> bool:
    return call is not None and is_pitch(call)


@rules.predicate
def sits_on_panel(user, call) -> bool:
    """On the call's (the stage's) panel (cached on the call for the request)."""
    if call is None or not getattr(user, "is_authenticated", False):
        return False
    cache = call.__dict__.setdefault("_panel_seat_cache", {})
    if user.pk not in cache:
        cache[user.pk] = call.panel.filter(reviewer=user).exists()
    return cache[user.pk]


@rules.predicate
def is_free_slot(user, slot) -> bool:
    return slot is not None and slot.is_free


@rules.predicate
def is_invited_to_pitch(user, proposal) -> bool:
    """A team in the pitch stage: its proposal there is not withdrawn (nor a draft)."""
    return (
        proposal is not None
        and is_pitch(proposal.call)
        and proposal.state not in {ProposalState.DRAFT, ProposalState.WITHDRAWN}
    )


@rules.predicate
def continues_a_proposal(user, proposal) -> bool:
    return proposal is not None and proposal.previous_stage_id is not None


runs_pitch = runs_call & is_pitch_stage  # of the stage
pitch_panel = (runs_call | (is_reviewer & sits_on_panel)) & is_pitch_stage  # of the stage
# On a pitch stage: its slots and schedule (its officers); the pitch day (and its officers and
# the stage's panel: a reviewer of another stage is not told it exists).
rules.add_perm("reviews.manage_pitch_slots", runs_pitch)
rules.add_perm("reviews.view_pitch_day", pitch_panel)
# On a slot: editing and cancelling it while free, moving its team once booked.
rules.add_perm("reviews.view_pitch_slot", _of("stage", runs_pitch))
rules.add_perm("reviews.edit_pitch_slot", _of("stage", runs_pitch) & is_free_slot)
rules.add_perm("reviews.move_pitch_booking", _of("stage", runs_pitch) & ~is_free_slot)
# On a pitch-stage proposal: the team's booking page (its members; a viewer reads it), booking
# a slot (its owners and editors), and reading what the team sent at the stage before (the
# stage's panel, never one in conflict, and its officers).
rules.add_perm("reviews.view_pitch_booking", is_proposal_member & is_invited_to_pitch)
rules.add_perm("reviews.book_pitch_slot", edits_for_organisation & is_invited_to_pitch)
rules.add_perm(
    "reviews.read_pitch_material",
    is_invited_to_pitch
    & continues_a_proposal
    & (runs_proposal_call | (_of("call", is_reviewer & sits_on_panel) & ~has_conflict)),
)


@rules.predicate
def reads_as_pitch_panel(user, proposal) -> bool:
    """`proposal` (a stage's) continues in a pitch whose material `user` may read."""
    if proposal is None:
        return False
    try:
        following = proposal.next_stage
    except proposal.__class__.next_stage.RelatedObjectDoesNotExist:
        return False
    return user.has_perm("reviews.read_pitch_material", following)


# Whoever reads a proposal's content reads its files: its reviewers, the readers of its
# dossier, and the panel of the pitch it continues in.
rules.add_perm(
    "reviews.read_attachment",
    _of("proposal", can_read_content | reads_dossier | reads_as_pitch_panel),
)
