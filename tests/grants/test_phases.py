"""grants.phases: a call's phase from its state and the clock, and the moves it may make."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from grants.enums import CallPhase, CallState
from grants.models import Call
from grants.phases import (
    ALLOWED_TRANSITIONS,
    accepts_new_drafts,
    can_move,
    move_blocker,
    phase_of,
    review_started,
    submission_cutoff,
)
from tests.factories import CallFactory

OPENS = datetime(2020, 3, 1, 2, 0, tzinfo=UTC)  # 09:00 in Bangkok
DEADLINE = datetime(2020, 4, 18, 16, 59, tzinfo=UTC)  # 23:59 in Bangkok
BEFORE_OPENING = OPENS - timedelta(days=1)
WHILE_OPEN = OPENS + timedelta(days=10)
AFTER_DEADLINE = DEADLINE + timedelta(days=1)
MOMENTS = [BEFORE_OPENING, OPENS, WHILE_OPEN, DEADLINE, AFTER_DEADLINE]


def unsaved_call(state: str, grace_minutes: int = 0) -> Call:
    return Call(state=state, opens_at=OPENS, deadline=DEADLINE, grace_minutes=grace_minutes)


# The phase of every state before opening, while open and after the deadline.
EXPECTED_PHASES = {
    CallState.DRAFT: (CallPhase.DRAFT, CallPhase.DRAFT, CallPhase.DRAFT),
    CallState.PUBLISHED: (CallPhase.UPCOMING, CallPhase.OPEN, CallPhase.CLOSED),
    CallState.CLOSED: (CallPhase.CLOSED, CallPhase.CLOSED, CallPhase.CLOSED),
    CallState.IN_REVIEW: (CallPhase.IN_REVIEW, CallPhase.IN_REVIEW, CallPhase.IN_REVIEW),
    CallState.RESULTS_PUBLISHED: (
        CallPhase.RESULTS_PUBLISHED,
        CallPhase.RESULTS_PUBLISHED,
        CallPhase.RESULTS_PUBLISHED,
    ),
    CallState.ARCHIVED: (CallPhase.ARCHIVED, CallPhase.ARCHIVED, CallPhase.ARCHIVED),
}


@pytest.mark.parametrize("state", CallState.values)
def test_phase_of_every_state_before_opening_while_open_and_after_deadline(state):
    call = unsaved_call(state)
    phases = tuple(phase_of(call, now) for now in (BEFORE_OPENING, WHILE_OPEN, AFTER_DEADLINE))
    assert phases == EXPECTED_PHASES[state]


def test_published_call_opens_at_its_opening_time_and_closes_at_its_deadline():
    call = unsaved_call(CallState.PUBLISHED)
    assert phase_of(call, OPENS - timedelta(seconds=1)) == CallPhase.UPCOMING
    assert phase_of(call, OPENS) == CallPhase.OPEN
    assert phase_of(call, DEADLINE - timedelta(seconds=1)) == CallPhase.OPEN
    assert phase_of(call, DEADLINE) == CallPhase.CLOSED


def test_phase_of_reads_the_pinned_clock_when_no_time_is_given():
    call = unsaved_call(CallState.PUBLISHED)
    with time_machine.travel(WHILE_OPEN, tick=False):
        assert phase_of(call) == CallPhase.OPEN
        assert call.phase == CallPhase.OPEN
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        assert call.phase == CallPhase.CLOSED


@pytest.mark.django_db
@pytest.mark.parametrize("now", MOMENTS, ids=lambda m: m.isoformat())
def test_phase_condition_agrees_with_phase_of_for_every_state_and_time(now):
    calls = [
        CallFactory(state=state, opens_at=OPENS, deadline=DEADLINE, rubric=False)
        for state in CallState.values
    ]
    for phase in CallPhase.values:
        in_database = set(Call.objects.in_phase(phase, now).values_list("pk", flat=True))
        in_python = {call.pk for call in calls if phase_of(call, now) == phase}
        assert in_database == in_python, phase


# (from, to) -> whether the move is allowed before opening, while open, after the deadline.
EXPECTED_MOVES = {
    # A draft dated wholly in the past is not published: it would be closed at once.
    (CallState.DRAFT, CallState.PUBLISHED): (True, True, False),
    (CallState.PUBLISHED, CallState.CLOSED): (True, True, False),
    (CallState.PUBLISHED, CallState.IN_REVIEW): (False, False, True),
    (CallState.CLOSED, CallState.PUBLISHED): (True, True, False),
    (CallState.CLOSED, CallState.IN_REVIEW): (True, True, True),
    (CallState.IN_REVIEW, CallState.RESULTS_PUBLISHED): (True, True, True),
    (CallState.RESULTS_PUBLISHED, CallState.ARCHIVED): (True, True, True),
}


def test_expected_moves_cover_exactly_the_state_table():
    table = {(old, new) for old, targets in ALLOWED_TRANSITIONS.items() for new in targets}
    assert table == set(EXPECTED_MOVES)


@pytest.mark.parametrize(("old", "new"), list(EXPECTED_MOVES))
def test_can_move_follows_the_table_and_the_timeline(old, new):
    call = unsaved_call(old)
    allowed = tuple(
        can_move(call, new, now) for now in (BEFORE_OPENING, WHILE_OPEN, AFTER_DEADLINE)
    )
    assert allowed == EXPECTED_MOVES[(old, new)]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (old, new)
        for old in CallState.values
        for new in CallState.values
        if new != old and (old, new) not in EXPECTED_MOVES
    ],
)
def test_can_move_refuses_every_move_outside_the_table_at_any_time(old, new):
    call = unsaved_call(old)
    assert [can_move(call, new, now) for now in MOMENTS] == [False] * len(MOMENTS)


def test_submission_cutoff_is_the_deadline_plus_the_grace_minutes():
    assert submission_cutoff(unsaved_call(CallState.PUBLISHED)) == DEADLINE
    assert submission_cutoff(unsaved_call(CallState.PUBLISHED, grace_minutes=30)) == (
        DEADLINE + timedelta(minutes=30)
    )


def test_review_cannot_start_while_the_grace_period_runs():
    call = unsaved_call(CallState.PUBLISHED, grace_minutes=30)
    assert can_move(call, CallState.IN_REVIEW, DEADLINE + timedelta(minutes=29)) is False
    assert can_move(call, CallState.IN_REVIEW, DEADLINE + timedelta(minutes=30)) is True


def test_new_drafts_are_accepted_only_while_the_call_is_open():
    call = unsaved_call(CallState.PUBLISHED)
    assert [accepts_new_drafts(call, now) for now in MOMENTS] == [
        False,
        True,
        True,
        False,
        False,
    ]


@pytest.mark.parametrize(
    ("now", "allowed"), [(BEFORE_OPENING, True), (WHILE_OPEN, True), (AFTER_DEADLINE, False)]
)
def test_a_draft_is_published_only_before_its_deadline(now, allowed):
    call = unsaved_call(CallState.DRAFT)
    assert can_move(call, CallState.PUBLISHED, now) is allowed
    assert (move_blocker(call, CallState.PUBLISHED, now) is None) is allowed


def test_a_call_past_its_deadline_is_blocked_for_that_reason():
    assert move_blocker(unsaved_call(CallState.DRAFT), CallState.PUBLISHED, DEADLINE) == (
        "deadline_passed"
    )
    assert move_blocker(unsaved_call(CallState.CLOSED), CallState.PUBLISHED, DEADLINE) == (
        "deadline_passed"
    )
    assert move_blocker(unsaved_call(CallState.DRAFT), CallState.ARCHIVED, WHILE_OPEN) == (
        "transition"
    )


@pytest.mark.parametrize(
    ("state", "started"),
    [
        (CallState.DRAFT, False),
        (CallState.PUBLISHED, False),
        (CallState.CLOSED, False),
        (CallState.IN_REVIEW, True),
        (CallState.RESULTS_PUBLISHED, True),
        (CallState.ARCHIVED, True),
    ],
)
def test_the_review_has_started_from_the_review_state_on(state, started):
    assert review_started(unsaved_call(state)) is started
