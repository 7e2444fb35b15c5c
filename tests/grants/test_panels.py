"""grants.panels: what the grants app adds to the home page and each role's dashboard."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import translation

from grants import panels
from grants.enums import CallState
from portal.enums import Role
from portal.panels import panels_for, render_panels
from tests.factories import CallFactory, user_with

pytestmark = pytest.mark.django_db

NOW = datetime(2020, 4, 1, 3, 0, tzinfo=UTC)
PAST = {"opens_at": NOW - timedelta(days=40), "deadline": NOW - timedelta(days=2)}


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def request_as(rf):
    def make(user=None):
        request = rf.get("/")
        request.user = user or AnonymousUser()
        return request

    return make


@pytest.fixture
def rendered(request_as):
    """The HTML of a slot's panels, in English."""

    def render(slot: str, user=None) -> str:
        with translation.override("en"):
            return "".join(render_panels(slot, request_as(user)))

    return render


@pytest.mark.parametrize(
    ("slot", "template"),
    [
        ("home", "grants/panels/home_open_calls.html"),
        ("dashboard:applicant", "grants/panels/applicant_open_calls.html"),
        ("dashboard:officer", "grants/panels/officer_calls.html"),
        ("dashboard:committee", "grants/panels/committee_calls.html"),
        ("dashboard:reviewer", "grants/panels/reviewer_calls.html"),
        ("dashboard:admin", "grants/panels/admin_calls.html"),
    ],
)
def test_grants_registers_its_panel_in_each_slot(slot, template):
    assert [p.template for p in panels_for(slot)].count(template) == 1


def test_home_panel_shows_up_to_six_open_calls_and_their_total_budget(rendered):
    for day in range(7):
        CallFactory(
            title_en=f"Open call {day}",
            deadline=NOW + timedelta(days=day + 1),
            budget_total=Decimal("500000"),
            max_per_proposal=Decimal("50000"),
            rubric=False,
        )
    CallFactory(title_en="Closed call", state=CallState.CLOSED, rubric=False)
    html = rendered("home")
    assert [f"Open call {day}" in html for day in range(7)] == [True] * 6 + [False]
    assert "Closed call" not in html
    assert '<div class="stat">7</div>' in html
    assert '<div class="stat">THB 3,500,000</div>' in html
    assert f'href="{reverse("grants:call_list")}"' in html


def test_home_panel_without_open_calls_says_so(rendered):
    CallFactory(state=CallState.CLOSED, rubric=False)
    html = rendered("home")
    assert "No call is open for proposals right now." in html
    assert '<div class="stat">0</div>' in html


def test_applicant_panel_lists_the_open_calls(rendered, applicant):
    CallFactory(title_en="Apply here", rubric=False)
    CallFactory(title_en="Too late", rubric=False, **PAST)
    html = rendered("dashboard:applicant", applicant)
    assert "Apply here" in html
    assert "Too late" not in html


def test_applicant_panel_steps_aside_without_open_calls_or_for_other_roles(
    request_as, applicant, officer
):
    assert panels.applicant_context(request_as(applicant)) is None
    CallFactory(rubric=False)
    assert panels.applicant_context(request_as(officer)) is None
    assert panels.applicant_context(request_as()) is None


def test_officer_panel_lists_the_calls_they_manage_with_edit_links(
    rendered, officer, other_officer
):
    mine = CallFactory(title_en="Mine", created_by=officer, state=CallState.DRAFT, rubric=False)
    CallFactory(title_en="Not mine", created_by=other_officer, rubric=False)
    html = rendered("dashboard:officer", officer)
    assert "Mine" in html
    assert "Not mine" not in html
    assert reverse("grants:call_edit", kwargs={"slug": mine.slug}) in html
    assert reverse("grants:call_create") in html
    assert "badge-phase-draft" in html


def test_officer_panel_is_only_for_officers(request_as, applicant):
    assert panels.officer_context(request_as(applicant)) is None


def test_committee_panel_lists_calls_closed_or_in_review(rendered, committee_member):
    CallFactory(title_en="Being reviewed", state=CallState.IN_REVIEW, rubric=False)
    CallFactory(title_en="Past its deadline", rubric=False, **PAST)
    CallFactory(title_en="Still open", rubric=False)
    html = rendered("dashboard:committee", committee_member)
    assert ("Being reviewed" in html, "Past its deadline" in html, "Still open" in html) == (
        True,
        True,
        False,
    )


def test_committee_panel_is_only_for_committee_members(request_as, reviewer):
    CallFactory(state=CallState.IN_REVIEW, rubric=False)
    assert panels.committee_context(request_as(reviewer)) is None


def test_reviewer_panel_lists_calls_in_review_and_promises_assignments(rendered, reviewer):
    CallFactory(title_en="Being reviewed", state=CallState.IN_REVIEW, rubric=False)
    CallFactory(title_en="Still open", rubric=False)
    html = rendered("dashboard:reviewer", reviewer)
    assert "Being reviewed" in html
    assert "Still open" not in html
    assert "The proposals assigned to you will appear here." in html


def test_reviewer_panel_steps_aside_when_nothing_is_in_review(request_as, reviewer):
    assert panels.reviewer_context(request_as(reviewer)) is None


def test_admin_panel_counts_every_call_by_phase(request_as, administrator):
    CallFactory.create_batch(2, rubric=False)
    CallFactory(state=CallState.DRAFT, rubric=False)
    context = panels.admin_context(request_as(administrator))
    counts = {group["phase"]: group["count"] for group in context["groups"]}
    assert counts == {
        "draft": 1,
        "upcoming": 0,
        "open": 2,
        "closed": 0,
        "in_review": 0,
        "results_published": 0,
        "archived": 0,
    }
    assert (context["total"], context["can_add"]) == (3, True)


def test_admin_panel_is_only_for_administrators(request_as):
    assert panels.admin_context(request_as(user_with(Role.OFFICER))) is None
