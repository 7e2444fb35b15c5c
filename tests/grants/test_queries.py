"""grants.queries, and the number of SQL queries of the pages that list calls."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse

from grants.enums import CallPhase, CallState
from grants.queries import (
    calls_by_phase,
    calls_in_phases,
    calls_managed_by,
    open_calls,
    open_calls_summary,
    public_calls,
)
from portal.panels import render_panels
from tests.factories import CallFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2020, 4, 1, 3, 0, tzinfo=UTC)
# The public list: the page's calls, their count, their sectors, and the filter's two choices.
LIST_QUERIES = 5
# Filtered by sector: one more, to find the sector the filter names.
FILTERED_LIST_QUERIES = 6
# The home panel: the open calls, their sectors, and the count and budget of the open calls.
HOME_PANEL_QUERIES = 3


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.mark.parametrize("size", [3, 30])
def test_public_list_needs_the_same_queries_for_3_or_30_calls(
    client, django_assert_num_queries, size
):
    CallFactory.create_batch(size, rubric=False)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse("grants:call_list"))
    assert len(response.context["calls"]) == min(size, 12)


@pytest.mark.parametrize("size", [3, 30])
def test_filtered_list_needs_the_same_queries_for_3_or_30_calls(
    client, django_assert_num_queries, size
):
    CallFactory.create_batch(size, rubric=False)
    with django_assert_num_queries(FILTERED_LIST_QUERIES):
        response = client.get(reverse("grants:call_list") + "?phase=open&sector=health&q=City")
    assert len(response.context["calls"]) == min(size, 12)


@pytest.mark.parametrize("size", [3, 30])
def test_home_panel_needs_the_same_queries_for_3_or_30_open_calls(
    rf: RequestFactory, django_assert_num_queries, size
):
    CallFactory.create_batch(size, rubric=False)
    request = rf.get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(HOME_PANEL_QUERIES):
        html = "".join(render_panels("home", request))
    assert html.count('class="card card-call') == min(size, 6)


def test_public_calls_leave_out_drafts():
    published = CallFactory(rubric=False)
    CallFactory(state=CallState.DRAFT, rubric=False)
    assert list(public_calls()) == [published]


def test_open_calls_are_the_open_ones_nearest_deadline_first():
    later = CallFactory(deadline=NOW + timedelta(days=20), rubric=False)
    sooner = CallFactory(deadline=NOW + timedelta(days=5), rubric=False)
    CallFactory(opens_at=NOW + timedelta(days=1), rubric=False)  # upcoming
    CallFactory(state=CallState.CLOSED, rubric=False)
    CallFactory(state=CallState.DRAFT, rubric=False)
    assert list(open_calls()) == [sooner, later]


def test_open_calls_summary_counts_and_adds_up_the_budgets():
    CallFactory(budget_total=Decimal("3000000"), max_per_proposal=Decimal("1"), rubric=False)
    CallFactory(budget_total=Decimal("500000"), max_per_proposal=Decimal("1"), rubric=False)
    CallFactory(
        state=CallState.CLOSED,
        budget_total=Decimal("999"),
        max_per_proposal=Decimal("1"),
        rubric=False,
    )
    assert open_calls_summary() == {"count": 2, "budget": Decimal("3500000")}


def test_open_calls_summary_with_no_open_call_is_zero():
    assert open_calls_summary() == {"count": 0, "budget": Decimal("0")}


def test_calls_in_phases_combines_the_phases():
    review = CallFactory(state=CallState.IN_REVIEW, rubric=False)
    closed = CallFactory(state=CallState.CLOSED, rubric=False)
    past = CallFactory(
        opens_at=NOW - timedelta(days=30), deadline=NOW - timedelta(days=1), rubric=False
    )
    CallFactory(rubric=False)  # open
    found = set(calls_in_phases(CallPhase.IN_REVIEW, CallPhase.CLOSED))
    assert found == {review, closed, past}


def test_calls_managed_by_an_officer_are_those_they_created_or_are_listed_on(
    officer, other_officer
):
    created = CallFactory(created_by=officer, rubric=False)
    listed = CallFactory(created_by=other_officer, officers=[officer, other_officer], rubric=False)
    CallFactory(created_by=other_officer, rubric=False)
    assert list(calls_managed_by(officer)) == [listed, created]  # newest first


def test_calls_by_phase_groups_every_call_in_phase_order():
    draft = CallFactory(state=CallState.DRAFT, rubric=False)
    open_ = CallFactory(rubric=False)
    archived = CallFactory(state=CallState.ARCHIVED, rubric=False)
    groups = calls_by_phase()
    assert [(g["phase"], g["calls"], g["count"]) for g in groups] == [
        (CallPhase.DRAFT, [draft], 1),
        (CallPhase.UPCOMING, [], 0),
        (CallPhase.OPEN, [open_], 1),
        (CallPhase.CLOSED, [], 0),
        (CallPhase.IN_REVIEW, [], 0),
        (CallPhase.RESULTS_PUBLISHED, [], 0),
        (CallPhase.ARCHIVED, [archived], 1),
    ]


@pytest.mark.parametrize("size", [3, 30])
def test_calls_by_phase_is_one_query_for_3_or_30_calls(django_assert_num_queries, size):
    CallFactory.create_batch(size, rubric=False)
    with django_assert_num_queries(1):
        groups = calls_by_phase()
    assert sum(group["count"] for group in groups) == size
