"""grants.rules: every predicate and permission over every role and the states that matter."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser

from grants.enums import CallState
from grants.rules import (
    can_be_archived,
    can_be_closed,
    can_be_opened,
    can_start_review,
    is_call_officer,
    is_public_call,
    runs_call,
)
from portal.enums import Role
from tests.factories import CallFactory, user_with

pytestmark = pytest.mark.django_db

OPENS = datetime(2020, 3, 1, 2, 0, tzinfo=UTC)
DEADLINE = datetime(2020, 4, 18, 16, 59, tzinfo=UTC)
WHILE_OPEN = OPENS + timedelta(days=10)
AFTER_DEADLINE = DEADLINE + timedelta(days=1)

PEOPLE = [
    "anonymous",
    "applicant",
    "creator",
    "listed_officer",
    "other_officer",
    "reviewer",
    "committee",
    "administrator",
]
RUN_THE_CALL = {"creator", "listed_officer", "administrator"}


@pytest.fixture
def people(db):
    creator = user_with(Role.OFFICER, email="creator@example.org")
    return {
        "anonymous": AnonymousUser(),
        "applicant": user_with(Role.APPLICANT),
        "creator": creator,
        "listed_officer": user_with(Role.OFFICER, email="listed@example.org"),
        "other_officer": user_with(Role.OFFICER, email="other@example.org"),
        "reviewer": user_with(Role.REVIEWER),
        "committee": user_with(Role.COMMITTEE),
        "administrator": user_with(Role.ADMINISTRATOR),
    }


@pytest.fixture
def make_call(people):
    def make(state: str):
        return CallFactory(
            state=state,
            opens_at=OPENS,
            deadline=DEADLINE,
            created_by=people["creator"],
            officers=[people["listed_officer"]],
            rubric=False,
        )

    return make


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(WHILE_OPEN, tick=False) as traveller:
        yield traveller


def holders(people, test) -> set[str]:
    return {name for name in PEOPLE if test(people[name])}


def test_is_call_officer_is_its_creator_or_a_listed_officer(people, make_call):
    call = make_call(CallState.PUBLISHED)
    assert holders(people, lambda user: is_call_officer(user, call)) == {
        "creator",
        "listed_officer",
    }


def test_a_listed_person_without_the_officer_role_is_not_a_call_officer(people, make_call):
    call = make_call(CallState.PUBLISHED)
    call.officers.add(people["applicant"])
    assert is_call_officer(people["applicant"], call) is False


def test_no_call_means_no_call_officer(people):
    assert holders(people, lambda user: is_call_officer(user, None)) == set()


def test_runs_call_adds_administrators_to_the_call_officers(people, make_call):
    call = make_call(CallState.DRAFT)
    assert holders(people, lambda user: runs_call(user, call)) == RUN_THE_CALL


@pytest.mark.parametrize("state", CallState.values)
def test_is_public_call_for_every_state(state, make_call):
    assert is_public_call(None, make_call(state)) is (state != CallState.DRAFT)


def test_is_public_call_without_a_call_is_false():
    assert is_public_call(None, None) is False


# state -> (opened, closed, review started, archived) allowed while open / after the deadline
EXPECTED_MOVES = {
    # A draft whose deadline has passed is not published: it would be closed at once.
    CallState.DRAFT: ((True, False, False, False), (False, False, False, False)),
    CallState.PUBLISHED: ((False, True, False, False), (False, False, True, False)),
    CallState.CLOSED: ((True, False, True, False), (False, False, True, False)),
    CallState.IN_REVIEW: ((False, False, False, False), (False, False, False, False)),
    CallState.RESULTS_PUBLISHED: ((False, False, False, True), (False, False, False, True)),
    CallState.ARCHIVED: ((False, False, False, False), (False, False, False, False)),
}
MOVE_PREDICATES = (can_be_opened, can_be_closed, can_start_review, can_be_archived)


@pytest.mark.parametrize("state", CallState.values)
def test_move_predicates_for_every_state_while_open_and_after_the_deadline(state, make_call, clock):
    call = make_call(state)
    while_open = tuple(predicate(None, call) for predicate in MOVE_PREDICATES)
    clock.move_to(AFTER_DEADLINE)
    after = tuple(predicate(None, call) for predicate in MOVE_PREDICATES)
    assert (while_open, after) == EXPECTED_MOVES[state]


def test_move_predicates_without_a_call_are_false():
    assert [predicate(None, None) for predicate in MOVE_PREDICATES] == [False] * 4


def test_add_call_is_for_officers_and_administrators(people):
    assert holders(people, lambda user: user.has_perm("grants.add_call")) == {
        "creator",
        "listed_officer",
        "other_officer",
        "administrator",
    }


def test_a_draft_is_visible_only_to_those_who_run_it(people, make_call):
    call = make_call(CallState.DRAFT)
    assert holders(people, lambda user: user.has_perm("grants.view_call", call)) == RUN_THE_CALL


@pytest.mark.parametrize("state", [s for s in CallState.values if s != CallState.DRAFT])
def test_a_public_call_is_visible_to_everyone(people, make_call, state):
    call = make_call(state)
    assert holders(people, lambda user: user.has_perm("grants.view_call", call)) == set(PEOPLE)


@pytest.mark.parametrize("state", CallState.values)
def test_change_call_is_for_those_who_run_it_in_every_state(people, make_call, state):
    call = make_call(state)
    assert holders(people, lambda user: user.has_perm("grants.change_call", call)) == (RUN_THE_CALL)


ACTION_PERMISSIONS = {
    "grants.open_call": CallState.DRAFT,
    "grants.close_call": CallState.PUBLISHED,
    "grants.start_review": CallState.CLOSED,
    "grants.archive_call": CallState.RESULTS_PUBLISHED,
}


@pytest.mark.parametrize(("permission", "state"), ACTION_PERMISSIONS.items())
def test_an_action_is_for_those_who_run_the_call_when_its_state_allows(
    people, make_call, permission, state
):
    call = make_call(state)
    assert holders(people, lambda user: user.has_perm(permission, call)) == RUN_THE_CALL


# Reopening a closed call and starting the review of a published one depend on the clock too:
# they have their own tests below.
ALLOWED_BY_THE_TIMELINE = {
    ("grants.open_call", CallState.CLOSED),
    ("grants.start_review", CallState.PUBLISHED),
}


@pytest.mark.parametrize(
    ("permission", "state"),
    [
        (permission, state)
        for permission, allowed_state in ACTION_PERMISSIONS.items()
        for state in CallState.values
        if state != allowed_state and (permission, state) not in ALLOWED_BY_THE_TIMELINE
    ],
)
def test_an_action_is_refused_to_everyone_when_the_state_does_not_allow_it(
    people, make_call, permission, state
):
    call = make_call(state)
    assert holders(people, lambda user: user.has_perm(permission, call)) == set()


def test_reopening_an_early_closed_call_is_allowed_only_before_its_deadline(
    people, make_call, clock
):
    call = make_call(CallState.CLOSED)
    assert holders(people, lambda u: u.has_perm("grants.open_call", call)) == RUN_THE_CALL
    clock.move_to(AFTER_DEADLINE)
    assert holders(people, lambda u: u.has_perm("grants.open_call", call)) == set()


def test_review_of_a_published_call_may_start_only_after_its_deadline(people, make_call, clock):
    call = make_call(CallState.PUBLISHED)
    assert holders(people, lambda u: u.has_perm("grants.start_review", call)) == set()
    clock.move_to(AFTER_DEADLINE)
    assert holders(people, lambda u: u.has_perm("grants.start_review", call)) == RUN_THE_CALL
