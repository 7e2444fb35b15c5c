"""The tables of assignment and review states (reviews.states)."""

import pytest
from django.utils import translation

from grants.enums import CallState
from grants.models import Call
from portal.refusals import Refusal
from reviews.enums import AssignmentState, ReviewState
from reviews.models import Assignment, Review
from reviews.states import (
    ASSIGNMENTS,
    OPEN_ASSIGNMENT_STATES,
    REVIEWS,
    check_call_assignable,
)

A = AssignmentState


def test_open_assignments_are_those_awaiting_the_declaration_or_active():
    assert set(OPEN_ASSIGNMENT_STATES) == {A.AWAITING_DECLARATION, A.ACTIVE}


def test_every_state_has_a_row_in_its_table():
    assert set(ASSIGNMENTS.allowed) == set(AssignmentState.values)
    assert set(REVIEWS.allowed) == set(ReviewState.values)


@pytest.mark.parametrize(
    ("from_state", "to_state"),
    [
        (A.CONFLICT, A.AWAITING_DECLARATION),
        (A.CONFLICT, A.ACTIVE),
        (A.REMOVED, A.ACTIVE),
        (A.ACTIVE, A.AWAITING_DECLARATION),
    ],
)
def test_moves_the_table_does_not_allow_are_refused_before_any_write(from_state, to_state):
    assignment = Assignment(state=from_state)
    with translation.override("en"), pytest.raises(Refusal, match="cannot become") as refusal:
        ASSIGNMENTS.move(assignment, to_state)
    assert refusal.value.code == "transition"
    assert assignment.state == from_state


def test_a_submitted_review_does_not_go_back_to_draft():
    review = Review(state=ReviewState.SUBMITTED)
    with pytest.raises(Refusal) as refusal:
        REVIEWS.move(review, ReviewState.DRAFT)
    assert refusal.value.code == "transition"


def test_a_move_to_the_state_it_is_in_does_nothing():
    assert ASSIGNMENTS.move(Assignment(state=A.REMOVED), A.REMOVED) is False


@pytest.mark.parametrize("state", CallState.values)
def test_reviewers_are_assigned_only_in_a_closed_call_or_one_in_review(state):
    call = Call(state=state)
    if state in {CallState.CLOSED, CallState.IN_REVIEW}:
        check_call_assignable(call)
        return
    with translation.override("en"), pytest.raises(Refusal, match="closed or in review") as refusal:
        check_call_assignable(call)
    assert refusal.value.code == "call_state"
