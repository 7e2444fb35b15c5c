"""Who may see and do what in review, decision and publication."""

import rules

from grants.enums import CallState
from grants.phases import current_time
from grants.rules import runs_call
from portal.rules import is_committee_member, is_reviewer
from proposals.rules import is_proposal_member

from .enums import AssignmentState, ReviewState

OPEN_ASSIGNMENT = [AssignmentState.AWAITING_DECLARATION, AssignmentState.ACTIVE]


def assignment_of(user, proposal):
    """The user's assignment to `proposal` (cached on the proposal for the request)."""
    if proposal is None or not getattr(user, "is_authenticated", False):
        return None
    cache = proposal.__dict__.setdefault("_assignment_cache", {})
    if user.pk not in cache:
        cache[user.pk] = proposal.assignments.filter(reviewer=user).select_related("review").first()
    return cache[user.pk]


@rules.predicate
def is_assigned_reviewer(user, proposal) -> bool:
    assignment = assignment_of(user, proposal)
    return assignment is not None and assignment.state in OPEN_ASSIGNMENT


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
    return call.state == CallState.IN_REVIEW and current_time() <= call.review_ends_at


@rules.predicate
def call_in_review(user, call) -> bool:
    return call is not None and call.state == CallState.IN_REVIEW


@rules.predicate
def results_published(user, call) -> bool:
    return call is not None and call.state in {CallState.RESULTS_PUBLISHED, CallState.ARCHIVED}


@rules.predicate
def proposal_results_published(user, proposal) -> bool:
    return results_published(user, proposal.call)


@rules.predicate
def runs_proposal_call(user, proposal) -> bool:
    return proposal is not None and runs_call(user, proposal.call)


@rules.predicate
def decides_in_call(user, proposal) -> bool:
    return proposal is not None and call_in_review(user, proposal.call)


reviewer_in_good_standing = is_reviewer & is_assigned_reviewer & ~has_conflict

rules.add_perm("reviews.declare_conflict", is_reviewer & awaits_declaration & ~has_conflict)
rules.add_perm(
    "reviews.view_proposal_content", reviewer_in_good_standing & has_declared_no_conflict
)
rules.add_perm(
    "reviews.score_proposal",
    reviewer_in_good_standing & has_declared_no_conflict & reviews_are_open & ~has_submitted_review,
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
rules.add_perm("reviews.manage_assignments", runs_call)  # object: the call
rules.add_perm("reviews.view_ranking", (is_committee_member | runs_call))  # object: the call
rules.add_perm(
    "reviews.record_decision", is_committee_member & ~has_conflict & decides_in_call
)  # object: the proposal
rules.add_perm("reviews.publish_results", is_committee_member & call_in_review)  # the call
rules.add_perm("reviews.view_results", results_published)  # object: the call (public)
rules.add_perm(
    "reviews.view_own_decision", is_proposal_member & proposal_results_published
)  # object: the proposal
