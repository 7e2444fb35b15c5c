"""Every predicate and permission of reviews/rules.py, over every role and state."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from grants.enums import CallState
from grants.models import Call
from portal.formatting import format_datetime
from portal.refusals import Refusal
from proposals.enums import ProposalState
from reviews import rules as r
from reviews.enums import AssignmentState, ConflictSource, ReviewState
from reviews.models import Conflict, Review
from tests.factories import (
    AssignmentFactory,
    ReviewFactory,
    Role,
    user_with,
)

ALL_CALL_STATES = list(CallState)
A = AssignmentState

# The reviewer's situations with a proposal: (assignment state or None, review state or None,
# conflict source or None).
SITUATIONS = {
    "unassigned": (None, None, None),
    "awaiting": (A.AWAITING_DECLARATION, None, None),
    "awaiting_auto_conflict": (A.AWAITING_DECLARATION, None, ConflictSource.AUTOMATIC),
    "active": (A.ACTIVE, None, None),
    "active_draft": (A.ACTIVE, ReviewState.DRAFT, None),
    "active_submitted": (A.ACTIVE, ReviewState.SUBMITTED, None),
    "conflict": (A.CONFLICT, None, ConflictSource.DECLARED),
    "conflict_after_submitting": (A.CONFLICT, ReviewState.SUBMITTED, ConflictSource.DECLARED),
    "removed": (A.REMOVED, None, None),
}


def situate(proposal, reviewer, name):
    state, review_state, conflict = SITUATIONS[name]
    if state is not None:
        assignment = AssignmentFactory(proposal=proposal, reviewer=reviewer, state=state)
        if review_state == ReviewState.SUBMITTED:
            ReviewFactory(assignment=assignment)
        elif review_state == ReviewState.DRAFT:
            Review.objects.create(assignment=assignment)
    if conflict is not None:
        Conflict.objects.create(proposal=proposal, reviewer=reviewer, source=conflict)
    proposal.__dict__.pop("_assignment_cache", None)
    return proposal


# Predicates over the reviewer's situations

EXPECTED_PREDICATES = {
    # name: (is_assigned_reviewer, has_conflict, has_declared_no_conflict,
    #        awaits_declaration, has_submitted_review)
    "unassigned": (False, False, False, False, False),
    "awaiting": (True, False, False, True, False),
    "awaiting_auto_conflict": (True, True, False, True, False),
    "active": (True, False, True, False, False),
    "active_draft": (True, False, True, False, False),
    "active_submitted": (True, False, True, False, True),
    "conflict": (False, True, False, False, False),
    "conflict_after_submitting": (False, True, False, False, True),
    "removed": (False, False, False, False, False),
}


@pytest.mark.parametrize("situation", list(SITUATIONS))
def test_assignment_predicates_in_every_situation(proposal, reviewer, situation):
    situate(proposal, reviewer, situation)
    got = tuple(
        bool(predicate(reviewer, proposal))
        for predicate in (
            r.is_assigned_reviewer,
            r.has_conflict,
            r.has_declared_no_conflict,
            r.awaits_declaration,
            r.has_submitted_review,
        )
    )
    assert got == EXPECTED_PREDICATES[situation]


EXPECTED_REVIEWER_PERMS = {
    # name: (declare_conflict, view_proposal_content, score_proposal, view_other_scores)
    "unassigned": (False, False, False, False),
    "awaiting": (True, False, False, False),
    "awaiting_auto_conflict": (False, False, False, False),
    "active": (False, True, True, False),
    "active_draft": (False, True, True, False),
    "active_submitted": (False, True, False, True),
    "conflict": (False, False, False, False),
    "conflict_after_submitting": (False, False, False, False),
    "removed": (False, False, False, False),
}
REVIEWER_PERMS = (
    "reviews.declare_conflict",
    "reviews.view_proposal_content",
    "reviews.score_proposal",
    "reviews.view_other_scores",
)


@pytest.mark.parametrize("situation", list(SITUATIONS))
def test_reviewer_permissions_in_every_situation(proposal, reviewer, situation):
    situate(proposal, reviewer, situation)
    got = tuple(reviewer.has_perm(perm, proposal) for perm in REVIEWER_PERMS)
    assert got == EXPECTED_REVIEWER_PERMS[situation]


@pytest.mark.parametrize("situation", ["awaiting", "active", "active_submitted"])
def test_an_assignment_without_the_reviewer_role_gives_no_permission(proposal, situation):
    former = user_with(Role.APPLICANT)
    situate(proposal, former, situation)
    assert [former.has_perm(perm, proposal) for perm in REVIEWER_PERMS] == [False] * 4


# The review period: reviews_are_open and score_proposal over call states and the clock


@pytest.mark.parametrize("state", ALL_CALL_STATES)
def test_reviews_are_open_only_in_review_before_the_end(proposal, reviewer, state):
    call = proposal.call
    call.state = state
    call.save(update_fields=["state"])
    situate(proposal, reviewer, "active")
    in_review = state == CallState.IN_REVIEW
    with time_machine.travel(call.review_ends_at, tick=False):
        assert bool(r.reviews_are_open(reviewer, proposal)) is in_review
        assert reviewer.has_perm("reviews.score_proposal", proposal) is in_review
    with time_machine.travel(call.review_ends_at + timedelta(seconds=1), tick=False):
        assert bool(r.reviews_are_open(reviewer, proposal)) is False
        assert reviewer.has_perm("reviews.score_proposal", proposal) is False
        # The content stays readable after the period.
        assert reviewer.has_perm("reviews.view_proposal_content", proposal) is True


# Call-level predicates over every call state


@pytest.mark.parametrize("state", ALL_CALL_STATES)
def test_call_predicates_over_every_state(call, proposal, state):
    call.state = state
    published = state in {CallState.RESULTS_PUBLISHED, CallState.ARCHIVED}
    assert bool(r.call_in_review(None, call)) is (state == CallState.IN_REVIEW)
    assert bool(r.results_published(None, call)) is published
    assert bool(r.proposal_results_published(None, proposal)) is published
    assert bool(r.decides_in_call(None, proposal)) is (state == CallState.IN_REVIEW)


def test_call_predicates_without_an_object():
    assert (r.call_in_review(None, None), r.results_published(None, None)) == (False, False)
    assert r.decides_in_call(None, None) is False
    assert r.runs_proposal_call(None, None) is False


# Roles: who runs the call, committee, applicants, anonymous


@pytest.fixture
def people(officer, other_officer, reviewer, committee_member, administrator, proposal):
    return {
        "anonymous": AnonymousUser(),
        "applicant_member": proposal.organisation.members.get(),
        "other_applicant": user_with(Role.APPLICANT),
        "reviewer": reviewer,
        "officer_of_call": officer,
        "other_officer": other_officer,
        "committee": committee_member,
        "administrator": administrator,
    }


EXPECTED_ROLE_PERMS = {
    # name: runs_proposal_call, view_other_scores, manage_assignments, view_ranking,
    #       record_decision, publish_results (the call in review)
    "anonymous": (False, False, False, False, False, False),
    "applicant_member": (False, False, False, False, False, False),
    "other_applicant": (False, False, False, False, False, False),
    "reviewer": (False, False, False, False, False, False),
    "officer_of_call": (True, True, True, True, False, False),
    "other_officer": (False, False, False, False, False, False),
    "committee": (False, True, False, True, True, True),
    "administrator": (True, True, True, True, False, False),
}


@pytest.mark.parametrize("who", list(EXPECTED_ROLE_PERMS))
def test_permissions_of_every_role_while_the_call_is_in_review(people, proposal, who):
    user = people[who]
    call = proposal.call
    got = (
        bool(r.runs_proposal_call(user, proposal)),
        user.has_perm("reviews.view_other_scores", proposal),
        user.has_perm("reviews.manage_assignments", call),
        user.has_perm("reviews.view_ranking", call),
        user.has_perm("reviews.record_decision", proposal),
        user.has_perm("reviews.publish_results", call),
    )
    assert got == EXPECTED_ROLE_PERMS[who]
    # Nobody but a reviewer with an assignment declares, reads or scores the content.
    assert [user.has_perm(perm, proposal) for perm in REVIEWER_PERMS[:3]] == [False] * 3


@pytest.mark.parametrize("state", ALL_CALL_STATES)
def test_committee_decides_and_publishes_only_while_in_review(committee_member, proposal, state):
    call = proposal.call
    call.state = state
    call.save(update_fields=["state"])
    in_review = state == CallState.IN_REVIEW
    assert committee_member.has_perm("reviews.record_decision", proposal) is in_review
    assert committee_member.has_perm("reviews.publish_results", call) is in_review


def test_committee_member_in_conflict_neither_decides_nor_sees_scores(committee_member, proposal):
    Conflict.objects.create(
        proposal=proposal, reviewer=committee_member, source=ConflictSource.DECLARED
    )
    assert committee_member.has_perm("reviews.record_decision", proposal) is False
    assert committee_member.has_perm("reviews.view_other_scores", proposal) is False
    assert committee_member.has_perm("reviews.view_ranking", proposal.call) is True


@pytest.mark.parametrize("state", ALL_CALL_STATES)
def test_results_and_own_decision_after_publication_only(people, proposal, state):
    call = proposal.call
    call.state = state
    call.save(update_fields=["state"])
    published = state in {CallState.RESULTS_PUBLISHED, CallState.ARCHIVED}
    for who, user in people.items():
        assert user.has_perm("reviews.view_results", call) is published, who
        expected_own = published and who == "applicant_member"
        assert user.has_perm("reviews.view_own_decision", proposal) is expected_own, who


def test_a_final_proposal_state_does_not_change_the_reviewer_permissions(proposal, reviewer):
    situate(proposal, reviewer, "active_submitted")
    proposal.state = ProposalState.AWARDED
    assert reviewer.has_perm("reviews.view_proposal_content", proposal) is True
    assert reviewer.has_perm("reviews.view_other_scores", proposal) is True


def test_assignment_of_is_cached_per_proposal_and_user(
    proposal, reviewer, django_assert_num_queries
):
    situate(proposal, reviewer, "active")
    with django_assert_num_queries(1):
        first = r.assignment_of(reviewer, proposal)
        again = r.assignment_of(reviewer, proposal)
    assert first is again
    assert r.assignment_of(AnonymousUser(), proposal) is None
    assert r.assignment_of(reviewer, None) is None


# The guards of the pages: one permission to do, one to know the object exists


@pytest.mark.parametrize("situation", list(SITUATIONS))
def test_the_reviewers_page_and_files_follow_the_declaration_and_the_content(
    proposal, reviewer, situation
):
    situate(proposal, reviewer, situation)
    declares = reviewer.has_perm("reviews.declare_conflict", proposal)
    reads = reviewer.has_perm("reviews.view_proposal_content", proposal)
    assert reviewer.has_perm("reviews.review_proposal", proposal) is (declares or reads)
    attachment = SimpleNamespace(proposal=proposal)
    assert reviewer.has_perm("reviews.read_attachment", attachment) is reads


def _answer(user, perm: str, see: str, obj) -> int:
    """What portal.access answers: 200 with `perm`, 403 with `see` only, else 404."""
    if user.has_perm(perm, obj):
        return 200
    return 403 if user.has_perm(see, obj) else 404


DECIDE = ("reviews.record_decision", "reviews.view_ranked_proposal")
# The decision page over the proposal's state and the call's (in review, or published).
EXPECTED_DECIDE = {
    # name: (eligible in review, ineligible in review, awarded after publication)
    "anonymous": (404, 404, 404),
    "applicant_member": (404, 404, 404),
    "other_applicant": (404, 404, 404),
    "reviewer": (404, 404, 404),
    "officer_of_call": (403, 403, 403),
    "other_officer": (404, 404, 404),
    "committee": (200, 404, 403),
    "administrator": (403, 403, 403),
}


@pytest.mark.parametrize("who", list(EXPECTED_DECIDE))
def test_the_decision_page_answers_by_role_and_state(people, proposal, who):
    user = people[who]
    eligible = _answer(user, *DECIDE, proposal)
    proposal.state = ProposalState.INELIGIBLE
    ineligible = _answer(user, *DECIDE, proposal)
    proposal.state = ProposalState.AWARDED
    proposal.call.state = CallState.RESULTS_PUBLISHED
    assert (eligible, ineligible, _answer(user, *DECIDE, proposal)) == EXPECTED_DECIDE[who]


def test_a_committee_member_in_conflict_is_refused_the_decision_page(committee_member, proposal):
    Conflict.objects.create(
        proposal=proposal, reviewer=committee_member, source=ConflictSource.DECLARED
    )
    assert _answer(committee_member, *DECIDE, proposal) == 403


@pytest.mark.parametrize("who", ["officer_of_call", "administrator", "other_officer", "committee"])
def test_assignments_of_a_proposal_are_managed_by_whoever_runs_the_call(people, proposal, who):
    user = people[who]
    runs = who in {"officer_of_call", "administrator"}
    assignment = SimpleNamespace(proposal=proposal)
    assert user.has_perm("reviews.manage_proposal_assignments", proposal) is runs
    assert user.has_perm("reviews.remove_assignment", assignment) is runs
    assert user.has_perm("reviews.decide_in_call", proposal.call) is (who == "committee")


@pytest.mark.parametrize("state", ALL_CALL_STATES)
def test_automatic_assignment_is_saved_once_the_call_is_closed(officer, call, state):
    call.state = state
    assignable = state in {CallState.CLOSED, CallState.IN_REVIEW}
    assert officer.has_perm("reviews.assign_automatically", call) is assignable
    assert officer.has_perm("reviews.manage_assignments", call) is True


@pytest.mark.parametrize("state", ALL_CALL_STATES)
def test_a_publication_is_public_once_the_results_are(call, state):
    call.state = state
    published = state in {CallState.RESULTS_PUBLISHED, CallState.ARCHIVED}
    assert r.has_published_results(call) is published
    publication = SimpleNamespace(call=call)
    assert AnonymousUser().has_perm("reviews.view_publication", publication) is published


def test_the_own_pages_of_reviewers(people):
    for who, user in people.items():
        is_reviewer = who == "reviewer"
        assert user.has_perm("reviews.edit_reviewer_profile") is is_reviewer, who
        assert user.has_perm("reviews.view_review_queue") is is_reviewer, who


# The review deadline: one rule, in Python and in the database


@pytest.mark.parametrize("state", ALL_CALL_STATES)
@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_the_review_period_reads_the_same_in_python_and_in_the_database(call, state, offset):
    Call.objects.filter(pk=call.pk).update(state=state)
    call.refresh_from_db()
    now = call.review_ends_at + timedelta(seconds=offset)
    assert r.is_review_period_over(call, now) is (offset > 0)
    in_database = Call.objects.filter(r.review_period_open(now), pk=call.pk).exists()
    assert in_database is (state == CallState.IN_REVIEW and offset <= 0)


def test_the_review_deadline_refuses_with_its_date_once_passed(call):
    with time_machine.travel(call.review_ends_at, tick=False):
        r.refuse_after_review_deadline(call)  # the last moment is still in time
    after = call.review_ends_at + timedelta(seconds=1)
    with (
        time_machine.travel(after, tick=False),
        translation.override("en"),
        pytest.raises(Refusal) as refusal,
    ):
        r.refuse_after_review_deadline(call)
    with translation.override("en"):
        deadline = format_datetime(call.review_ends_at)
    assert refusal.value.code == "review_deadline"
    assert refusal.value.messages == [
        f"The review period ended on {deadline}. Your draft is kept, but it can no longer be "
        "submitted."
    ]
