"""grants.services: the one place that changes calls."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils.translation import gettext

from grants.enums import CallState
from grants.models import Call, CallTransition, Programme, Sector
from grants.rubric import DEFAULT_RUBRIC
from grants.services import (
    archive_call,
    close_call,
    create_call,
    open_call,
    replace_rubric,
    start_review,
    transition_call,
    update_call,
)
from portal.refusals import Refusal
from tests.factories import (
    AssignmentFactory,
    CallFactory,
    CallInReviewFactory,
    ProposalToReviewFactory,
    ReviewFactory,
)

pytestmark = pytest.mark.django_db

OPENS = datetime(2020, 3, 1, 2, 0, tzinfo=UTC)
DEADLINE = datetime(2020, 4, 18, 16, 59, tzinfo=UTC)
WHILE_OPEN = OPENS + timedelta(days=10)
AFTER_DEADLINE = DEADLINE + timedelta(days=1)


@pytest.fixture
def clock():
    with time_machine.travel(WHILE_OPEN, tick=False) as traveller:
        yield traveller


def call_in(state: str, **kwargs) -> Call:
    return CallFactory(state=state, opens_at=OPENS, deadline=DEADLINE, **kwargs)


def stored_state(call: Call) -> str:
    return Call.objects.values_list("state", flat=True).get(pk=call.pk)


@pytest.mark.parametrize(
    ("old", "new", "now"),
    [
        (CallState.DRAFT, CallState.PUBLISHED, WHILE_OPEN),
        (CallState.PUBLISHED, CallState.CLOSED, WHILE_OPEN),
        (CallState.CLOSED, CallState.PUBLISHED, WHILE_OPEN),
        (CallState.CLOSED, CallState.IN_REVIEW, WHILE_OPEN),
        (CallState.PUBLISHED, CallState.IN_REVIEW, AFTER_DEADLINE),
        (CallState.IN_REVIEW, CallState.RESULTS_PUBLISHED, AFTER_DEADLINE),
        (CallState.RESULTS_PUBLISHED, CallState.ARCHIVED, AFTER_DEADLINE),
    ],
)
def test_transition_call_makes_the_allowed_moves(officer, old, new, now):
    call = call_in(old)
    with time_machine.travel(now, tick=False):
        returned = transition_call(call, new, by=officer)
    assert returned.state == new
    assert stored_state(call) == new


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (CallState.DRAFT, CallState.IN_REVIEW),
        (CallState.DRAFT, CallState.ARCHIVED),
        (CallState.PUBLISHED, CallState.DRAFT),
        (CallState.PUBLISHED, CallState.IN_REVIEW),  # before the deadline
        (CallState.ARCHIVED, CallState.PUBLISHED),
    ],
)
def test_transition_call_refuses_a_move_that_is_not_allowed(clock, officer, old, new):
    call = call_in(old)
    with pytest.raises(Refusal) as raised:
        transition_call(call, new, by=officer)
    assert raised.value.code == "transition"
    assert str(raised.value) == gettext("A call that is “%(from)s” cannot become “%(to)s” now.") % {
        "from": CallState(old).label,
        "to": CallState(new).label,
    }
    assert stored_state(call) == old
    assert list(CallTransition.objects.filter(call=call)) == []


def test_transition_call_to_the_same_state_does_nothing(clock, officer):
    call = call_in(CallState.PUBLISHED)
    transition_call(call, CallState.PUBLISHED, by=officer)
    assert stored_state(call) == CallState.PUBLISHED
    assert list(CallTransition.objects.filter(call=call)) == []


def test_transition_call_writes_a_log_row_with_from_to_by_and_note(clock, officer):
    call = call_in(CallState.PUBLISHED)
    transition_call(call, CallState.CLOSED, by=officer, note="งบประมาณหมดแล้ว")
    rows = list(
        CallTransition.objects.filter(call=call).values("from_state", "to_state", "by", "note")
    )
    assert rows == [
        {
            "from_state": CallState.PUBLISHED,
            "to_state": CallState.CLOSED,
            "by": officer.pk,
            "note": "งบประมาณหมดแล้ว",
        }
    ]
    assert CallTransition.objects.get(call=call).at == WHILE_OPEN


def test_a_stale_call_loses_the_race_with_a_message(clock, officer, other_officer):
    call = call_in(CallState.PUBLISHED)
    stale = Call.objects.get(pk=call.pk)
    close_call(call, by=officer)
    with pytest.raises(Refusal) as raised:
        close_call(stale, by=other_officer)
    assert raised.value.code == "raced"
    assert str(raised.value) == gettext(
        "Somebody else changed this call meanwhile; reload the page."
    )
    assert list(CallTransition.objects.values_list("by", flat=True)) == [officer.pk]


def test_closing_early_records_when_and_reopening_clears_it(clock, officer):
    call = call_in(CallState.PUBLISHED)
    close_call(call, by=officer)
    assert Call.objects.get(pk=call.pk).closed_at == WHILE_OPEN
    open_call(call, by=officer)
    reopened = Call.objects.get(pk=call.pk)
    assert (reopened.state, reopened.closed_at) == (CallState.PUBLISHED, None)


def test_named_actions_move_a_call_through_its_life(officer):
    call = call_in(CallState.DRAFT)
    with time_machine.travel(WHILE_OPEN, tick=False):
        open_call(call, by=officer)
        close_call(call, by=officer, note="ครบจำนวนแล้ว")
        start_review(call, by=officer)
    transition_call(call, CallState.RESULTS_PUBLISHED, by=officer)
    archive_call(call, by=officer)
    log = CallTransition.objects.filter(call=call).order_by("id")
    assert [(row.from_state, row.to_state) for row in log] == [
        (CallState.DRAFT, CallState.PUBLISHED),
        (CallState.PUBLISHED, CallState.CLOSED),
        (CallState.CLOSED, CallState.IN_REVIEW),
        (CallState.IN_REVIEW, CallState.RESULTS_PUBLISHED),
        (CallState.RESULTS_PUBLISHED, CallState.ARCHIVED),
    ]


def call_fields(**overrides) -> dict:
    fields = {
        "title_th": "โครงการนวัตกรรมสำหรับเมืองและชุมชน ประจำปี 2563",
        "title_en": "City & Community Innovation Challenge 2020",
        "description_th": "เชิญชวนเสนอแนวคิด",
        "description_en": "Ideas for cities.",
        "slug": "ccic2020",
        "code": "CCIC2020",
        "programme": Programme.objects.get(code="project-grants"),
        "opens_at": OPENS,
        "deadline": DEADLINE,
        "review_ends_at": DEADLINE + timedelta(days=30),
        "results_at": DEADLINE + timedelta(days=40),
        "budget_total": Decimal("1000000"),
        "max_per_proposal": Decimal("100000"),
    }
    return fields | overrides


def test_create_call_makes_a_draft_with_the_default_rubric(officer):
    sectors = Sector.objects.filter(code__in=["urban", "health"])
    call = create_call(by=officer, fields=call_fields(), sectors=sectors)
    call.refresh_from_db()
    assert call.state == CallState.DRAFT
    assert call.created_by == officer
    assert list(call.officers.all()) == [officer]
    assert {s.code for s in call.sectors.all()} == {"urban", "health"}
    assert list(call.criteria.values("title_th", "weight")) == [
        {"title_th": item["title_th"], "weight": item["weight"]} for item in DEFAULT_RUBRIC
    ]
    assert list(CallTransition.objects.filter(call=call)) == []


def test_create_call_with_its_own_rubric_keeps_the_order(officer):
    criteria = [
        {"title_th": "ความเป็นไปได้", "weight": 60, "max_points": 5},
        {"title_th": "ผลกระทบ", "weight": 40, "max_points": 5},
    ]
    call = create_call(
        by=officer, fields=call_fields(), sectors=Sector.objects.all()[:1], criteria=criteria
    )
    assert list(call.criteria.values_list("position", "title_th", "weight")) == [
        (0, "ความเป็นไปได้", 60),
        (1, "ผลกระทบ", 40),
    ]


def test_update_call_saves_fields_and_sectors_but_never_the_state(officer):
    call = call_in(CallState.PUBLISHED)
    update_call(
        call,
        fields={"title_th": "ชื่อใหม่", "state": CallState.ARCHIVED},
        sectors=Sector.objects.filter(code="disaster"),
    )
    stored = Call.objects.get(pk=call.pk)
    assert (stored.title_th, stored.state) == ("ชื่อใหม่", CallState.PUBLISHED)
    assert [s.code for s in stored.sectors.all()] == ["disaster"]


def test_replace_rubric_replaces_every_criterion(officer):
    call = call_in(CallState.DRAFT)
    replace_rubric(call, [{"title_th": "เกณฑ์เดียว", "weight": 100, "max_points": 10}])
    assert list(call.criteria.values_list("title_th", "weight")) == [("เกณฑ์เดียว", 100)]


# Once the review has started, the rubric and blind review are fixed


@pytest.fixture
def scored_call(officer):
    """A call in review: one proposal with a submitted review, a score per criterion."""
    call = CallInReviewFactory(officers=[officer], created_by=officer)
    ReviewFactory(assignment__proposal=ProposalToReviewFactory(call=call))
    return call


def rubric_of(call: Call) -> list[dict]:
    """The call's rubric as the call form gives it back."""
    fields = ("title_th", "title_en", "guidance_th", "guidance_en", "weight", "max_points")
    return list(call.criteria.values(*fields))


def test_other_fields_of_a_scored_call_stay_editable_with_its_rubric_as_it_is(scored_call):
    criteria_before = list(scored_call.criteria.values_list("pk", flat=True))

    update_call(scored_call, fields={"title_th": "ชื่อใหม่"}, criteria=rubric_of(scored_call))

    assert Call.objects.get(pk=scored_call.pk).title_th == "ชื่อใหม่"
    assert list(scored_call.criteria.values_list("pk", flat=True)) == criteria_before


def test_the_rubric_of_a_scored_call_cannot_be_changed(scored_call):
    before = rubric_of(scored_call)
    changed = [{"title_th": "เกณฑ์เดียว", "weight": 100, "max_points": 10}]

    with pytest.raises(Refusal) as raised:
        update_call(scored_call, fields={"title_th": "ไม่ควรบันทึก"}, criteria=changed)

    assert raised.value.code == "review_started"
    assert raised.value.messages == [
        gettext("The rubric is fixed: the review of this call has started.")
    ]
    assert rubric_of(scored_call) == before
    assert Call.objects.get(pk=scored_call.pk).title_th != "ไม่ควรบันทึก"


def test_replace_rubric_refuses_once_the_review_has_started(scored_call):
    with pytest.raises(Refusal) as raised:
        replace_rubric(scored_call, [{"title_th": "เกณฑ์เดียว", "weight": 100}])
    assert raised.value.code == "review_started"


def test_blind_review_is_set_before_the_review(officer):
    call = call_in(CallState.PUBLISHED)
    update_call(call, fields={"blind_review": True})
    assert Call.objects.get(pk=call.pk).blind_review is True


def test_blind_review_cannot_be_switched_once_the_review_has_started(scored_call):
    with pytest.raises(Refusal) as raised:
        update_call(scored_call, fields={"blind_review": True})
    assert (raised.value.code, list(raised.value.errors)) == ("review_started", ["blind_review"])
    assert Call.objects.get(pk=scored_call.pk).blind_review is False


def test_blind_review_is_fixed_once_reviewers_are_assigned_in_a_call_closed_early(officer):
    call = call_in(CallState.CLOSED)
    AssignmentFactory(proposal=ProposalToReviewFactory(call=call))  # assigned once closed

    with pytest.raises(Refusal) as raised:
        update_call(call, fields={"blind_review": True})
    assert raised.value.code == "review_started"


def test_an_unchanged_blind_review_is_no_change(scored_call):
    update_call(scored_call, fields={"blind_review": False, "title_th": "ชื่อใหม่"})
    assert Call.objects.get(pk=scored_call.pk).title_th == "ชื่อใหม่"


# A call dated wholly in the past is not published


def test_a_draft_whose_deadline_has_passed_is_not_published(officer):
    call = call_in(CallState.DRAFT)
    with time_machine.travel(AFTER_DEADLINE, tick=False), pytest.raises(Refusal) as raised:
        open_call(call, by=officer)
    assert (raised.value.code, list(raised.value.errors)) == ("deadline_passed", ["deadline"])
    assert "18 " in raised.value.messages[0]  # the deadline, as the page shows dates
    assert stored_state(call) == CallState.DRAFT
    assert list(CallTransition.objects.filter(call=call)) == []


def test_a_draft_may_be_published_as_of_a_moment_before_its_deadline(officer):
    """What the demo data does for last year's call."""
    call = call_in(CallState.DRAFT)
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        open_call(call, by=officer, now=WHILE_OPEN)
    assert stored_state(call) == CallState.PUBLISHED
