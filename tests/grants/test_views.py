"""grants.views: creating and editing calls, officer actions, the public list and call page."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from grants import services
from grants.enums import ApplicantType, CallState
from grants.models import Call, CallTransition, Programme, Sector
from grants.rubric import DEFAULT_RUBRIC
from portal.refusals import Refusal
from tests.factories import CallFactory, ProposalToReviewFactory, ReviewFactory
from tests.grants.form_data import form_post

pytestmark = pytest.mark.django_db

OPENS = datetime(2020, 3, 1, 2, 0, tzinfo=UTC)  # 1 March 2020, 09:00 in Bangkok
DEADLINE = datetime(2020, 4, 18, 16, 59, tzinfo=UTC)  # 18 April 2020, 23:59 in Bangkok
NOW = datetime(2020, 4, 1, 3, 0, tzinfo=UTC)  # the call is open
AFTER_DEADLINE = DEADLINE + timedelta(days=2)
ACTIONS = [
    "grants:call_open",
    "grants:call_close",
    "grants:call_start_review",
    "grants:call_archive",
]


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def make_call(officer=None, **fields) -> Call:
    defaults = {
        "opens_at": OPENS,
        "deadline": DEADLINE,
        "budget_total": Decimal("1000000"),
        "max_per_proposal": Decimal("100000"),
    }
    if officer is not None:
        defaults |= {"officers": [officer], "created_by": officer}
    return CallFactory(**(defaults | fields))


@pytest.fixture
def call(officer):
    return make_call(
        officer,
        slug="ccic2020",
        code="CCIC2020",
        title_th="โครงการนวัตกรรมสำหรับเมืองและชุมชน ประจำปี 2563",
        title_en="City & Community Innovation Challenge 2020",
    )


@pytest.fixture
def draft(officer):
    return make_call(officer, slug="draft-call", state=CallState.DRAFT)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def stored_state(call: Call) -> str:
    return Call.objects.values_list("state", flat=True).get(pk=call.pk)


def login_url(next_path: str) -> str:
    return f"{reverse('login')}?next={next_path}"


# Creating a call


def test_officer_gets_the_new_call_form_with_the_default_rubric(client, officer):
    client.force_login(officer)
    response = client.get(reverse("grants:call_create"))
    assert response.status_code == 200
    assert [form["title_th"].value() for form in response.context["rubric"]][:-1] == [
        item["title_th"] for item in DEFAULT_RUBRIC
    ]
    html = response.content.decode()
    assert "เวลาทั้งหมดเป็นเวลาประเทศไทย (UTC+7)" in html
    assert 'type="datetime-local"' in html
    assert "<script>" not in html.split("</footer>")[0]  # no inline script in the page body


def test_officer_creates_a_draft_call_with_its_rubric(client_en, officer):
    client_en.force_login(officer)
    response = client_en.post(reverse("grants:call_create"), form_post())
    assert response.status_code == 302
    assert response["Location"] == "/calls/ccic2020/"
    call = Call.objects.get(slug="ccic2020")
    assert (call.state, call.created_by, list(call.officers.all())) == (
        CallState.DRAFT,
        officer,
        [officer],
    )
    assert call.deadline == DEADLINE
    assert list(call.criteria.values_list("weight", flat=True)) == [
        item["weight"] for item in DEFAULT_RUBRIC
    ]
    assert messages_of(response) == [
        "The call “City & Community Innovation Challenge 2020” is saved as a draft."
    ]


def test_administrator_may_create_a_call(client, administrator):
    client.force_login(administrator)
    response = client.post(reverse("grants:call_create"), form_post())
    assert response.status_code == 302
    assert Call.objects.get().created_by == administrator


@pytest.mark.parametrize("role", ["applicant", "reviewer", "committee_member"])
def test_other_roles_may_not_create_a_call(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("grants:call_create")).status_code == 403
    response = client.post(reverse("grants:call_create"), form_post())
    assert response.status_code == 403
    assert Call.objects.count() == 0


def test_anonymous_visitor_is_sent_to_log_in_before_creating(client):
    response = client.get(reverse("grants:call_create"))
    assert (response.status_code, response["Location"]) == (302, login_url("/calls/new/"))


def test_bad_input_is_refused_and_everything_typed_stays(client_en, officer):
    client_en.force_login(officer)
    rows = [
        {"title_th": "เกณฑ์ที่พิมพ์ไว้", "weight": 70, "max_points": 10},
        {"title_th": "อีกเกณฑ์", "weight": 20, "max_points": 10},
    ]
    post = form_post(rows, deadline="2020-02-01T10:00", title_en="Typed title", sectors=[])
    response = client_en.post(reverse("grants:call_create"), post)
    assert response.status_code == 200
    assert Call.objects.count() == 0
    assert sorted(response.context["form"].errors) == ["deadline", "sectors"]
    html = response.content.decode()
    assert 'value="Typed title"' in html
    assert 'value="2020-02-01T10:00"' in html
    assert 'value="เกณฑ์ที่พิมพ์ไว้"' in html
    assert "The deadline must be after the opening." in html
    assert "Choose at least one eligible sector." in html
    assert 'id="rubric-errors"' in html
    assert "The weights of the criteria must add up to 100; they add up to 90." in html


# Editing a call


def test_officer_gets_the_edit_form_with_bangkok_times(client, officer, call):
    client.force_login(officer)
    response = client.get(reverse("grants:call_edit", kwargs={"slug": call.slug}))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="2020-04-18T23:59"' in html
    assert f'value="{call.title_th}"' in html
    assert len(response.context["rubric"].forms) == len(DEFAULT_RUBRIC) + 1


def test_officer_edits_a_call_and_its_rubric_without_changing_its_state(client, officer, call):
    client.force_login(officer)
    rows = [
        {"title_th": "ความเป็นไปได้", "weight": 60, "max_points": 5},
        {"title_th": "ผลกระทบ", "weight": 40, "max_points": 5},
    ]
    response = client.post(
        reverse("grants:call_edit", kwargs={"slug": call.slug}),
        form_post(rows, title_th="ชื่อใหม่", budget_total="2000000"),
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert (call.title_th, call.budget_total, call.state) == (
        "ชื่อใหม่",
        Decimal("2000000"),
        CallState.PUBLISHED,
    )
    assert list(call.criteria.values_list("title_th", "weight")) == [
        ("ความเป็นไปได้", 60),
        ("ผลกระทบ", 40),
    ]


def test_an_officer_listed_on_the_call_may_edit_it(client, other_officer, call):
    call.officers.add(other_officer)
    client.force_login(other_officer)
    response = client.get(reverse("grants:call_edit", kwargs={"slug": call.slug}))
    assert response.status_code == 200
    assert response.context["call"] == call


def test_officer_of_another_call_may_not_edit_it(client, other_officer, call):
    client.force_login(other_officer)
    url = reverse("grants:call_edit", kwargs={"slug": call.slug})
    assert client.get(url).status_code == 403
    assert client.post(url, form_post(title_th="ไม่ควรเปลี่ยน")).status_code == 403
    call.refresh_from_db()
    assert call.title_th == "โครงการนวัตกรรมสำหรับเมืองและชุมชน ประจำปี 2563"


def test_officer_of_another_call_does_not_learn_that_a_draft_exists(client, other_officer, draft):
    client.force_login(other_officer)
    response = client.get(reverse("grants:call_edit", kwargs={"slug": draft.slug}))
    assert response.status_code == 404
    assert "form" not in (response.context or {})


@pytest.mark.parametrize("role", ["applicant", "reviewer", "committee_member"])
def test_other_roles_may_not_edit_a_call(client, request, role, call):
    client.force_login(request.getfixturevalue(role))
    url = reverse("grants:call_edit", kwargs={"slug": call.slug})
    response = client.post(url, form_post(title_th="ไม่ควรเปลี่ยน"))
    assert response.status_code == 403
    call.refresh_from_db()
    assert call.title_th == "โครงการนวัตกรรมสำหรับเมืองและชุมชน ประจำปี 2563"


def test_administrator_may_edit_any_call(client, administrator, call):
    client.force_login(administrator)
    response = client.get(reverse("grants:call_edit", kwargs={"slug": call.slug}))
    assert response.status_code == 200
    assert response.context["form"].instance == call


def test_anonymous_visitor_is_sent_to_log_in_before_editing(client, call):
    response = client.get(reverse("grants:call_edit", kwargs={"slug": call.slug}))
    assert (response.status_code, response["Location"]) == (
        302,
        login_url("/calls/ccic2020/edit/"),
    )


# The call page


@pytest.mark.parametrize(
    "role", [None, "applicant", "reviewer", "committee_member", "other_officer"]
)
def test_a_draft_is_not_found_by_those_who_cannot_edit_it(client, request, role, draft):
    if role:
        client.force_login(request.getfixturevalue(role))
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 404
    assert "call" not in (response.context or {})


@pytest.mark.parametrize("role", ["officer", "administrator"])
def test_a_draft_is_shown_to_those_who_run_it(client, request, role, draft):
    client.force_login(request.getfixturevalue(role))
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert response.context["call"] == draft
    assert reverse("grants:call_open", kwargs={"slug": draft.slug}) in response.content.decode()


def test_call_page_shows_buddhist_era_deadline_bangkok_time_and_baht_in_thai(client, call):
    html = client.get(call.get_absolute_url()).content.decode()
    assert "18 เมษายน 2563" in html
    assert "23:59 น. เวลาประเทศไทย" in html
    assert "100,000 บาท" in html
    assert "1,000,000 บาท" in html
    assert call.title_th in html


def test_call_page_in_english_shows_common_era_ict_and_thb(client_en, call):
    html = client_en.get(call.get_absolute_url()).content.decode()
    assert "18 April 2020" in html
    assert "23:59 ICT" in html
    assert "THB 100,000" in html
    assert "City &amp; Community Innovation Challenge 2020" in html


def test_call_page_escapes_the_description_and_keeps_its_line_breaks(client, officer):
    call = make_call(officer, description_th="บรรทัดแรก\nบรรทัดสอง <script>alert(1)</script>")
    html = client.get(call.get_absolute_url()).content.decode()
    assert "<p>บรรทัดแรก<br>บรรทัดสอง &lt;script&gt;alert(1)&lt;/script&gt;</p>" in html


def test_call_page_lists_sectors_and_says_all_applicants_may_apply(client_en, call):
    response = client_en.get(call.get_absolute_url())
    html = response.content.decode()
    assert "All types of applicants" in html
    assert '<span class="sector-chip">Urbanisation</span>' in html
    assert '<span class="sector-chip">Health</span>' in html


def test_call_page_lists_the_applicant_types_it_accepts(client_en, officer):
    call = make_call(
        officer, applicant_types=[ApplicantType.UNIVERSITY, ApplicantType.LOCAL_GOVERNMENT]
    )
    html = client_en.get(call.get_absolute_url()).content.decode()
    assert "University" in html
    assert "Local government" in html
    assert "All types of applicants" not in html


def test_call_page_shows_the_rubric_with_its_total(client_en, call):
    response = client_en.get(call.get_absolute_url())
    assert [c.title_en for c in response.context["criteria"]] == [
        item["title_en"] for item in DEFAULT_RUBRIC
    ]
    assert response.context["rubric_total"] == 100
    assert "100%" in response.content.decode()


def test_open_call_invites_visitors_to_sign_in_as_applicants(client_en, call):
    html = client_en.get(call.get_absolute_url()).content.decode()
    assert "Applications open — sign in as an applicant to apply." in html
    assert 'class="countdown"' in html


def test_open_call_offers_a_signed_in_applicant_the_apply_button(client_en, applicant, call):
    client_en.force_login(applicant)
    html = client_en.get(call.get_absolute_url()).content.decode()
    # The proposals app adds the button to the call page through the "call_detail" panels.
    assert f'action="{reverse("proposals:proposal_start", kwargs={"slug": call.slug})}"' in html
    assert "sign in as an applicant" not in html


def test_open_call_tells_other_signed_in_people_to_use_an_applicant_account(
    client_en, reviewer, call
):
    client_en.force_login(reviewer)
    html = client_en.get(call.get_absolute_url()).content.decode()
    assert "Applications open — sign in as an applicant to apply." in html
    apply_note = html.split('id="apply-heading"')[1].split("</section>")[0]
    assert reverse("login") not in apply_note


def test_closed_call_no_longer_invites_applications(client_en, call, clock):
    clock.move_to(AFTER_DEADLINE)
    html = client_en.get(call.get_absolute_url()).content.decode()
    assert "sign in as an applicant" not in html
    assert "This call no longer accepts proposals." in html


def test_the_public_sees_neither_officer_actions_nor_the_state_log(client_en, call):
    html = client_en.get(call.get_absolute_url()).content.decode()
    assert "Officer actions" not in html
    assert "State log" not in html
    assert all(reverse(name, kwargs={"slug": call.slug}) not in html for name in ACTIONS)


def test_officer_sees_the_state_log(client_en, officer, call):
    services.close_call(call, by=officer, note="ครบจำนวนแล้ว")
    client_en.force_login(officer)
    response = client_en.get(call.get_absolute_url())
    assert [(t.from_state, t.to_state) for t in response.context["transitions"]] == [
        (CallState.PUBLISHED, CallState.CLOSED)
    ]
    assert "ครบจำนวนแล้ว" in response.content.decode()


def action_urls_shown(client, call) -> list[str]:
    html = client.get(call.get_absolute_url()).content.decode()
    return [name for name in ACTIONS if reverse(name, kwargs={"slug": call.slug}) in html]


def test_officer_sees_only_the_buttons_for_moves_allowed_now(client, officer, call, clock):
    client.force_login(officer)
    draft = make_call(officer, state=CallState.DRAFT)
    assert action_urls_shown(client, draft) == ["grants:call_open"]
    assert action_urls_shown(client, call) == ["grants:call_close"]
    clock.move_to(AFTER_DEADLINE)
    client.force_login(officer)  # the session has expired meanwhile
    assert action_urls_shown(client, call) == ["grants:call_start_review"]
    finished = make_call(officer, state=CallState.RESULTS_PUBLISHED)
    assert action_urls_shown(client, finished) == ["grants:call_archive"]


# Officer actions


@pytest.mark.parametrize("name", ACTIONS)
def test_actions_answer_get_with_405(client, officer, draft, name):
    client.force_login(officer)
    response = client.get(reverse(name, kwargs={"slug": draft.slug}))
    assert response.status_code == 405
    assert stored_state(draft) == CallState.DRAFT


def test_officer_publishes_a_draft(client_en, officer, draft):
    client_en.force_login(officer)
    response = client_en.post(reverse("grants:call_open", kwargs={"slug": draft.slug}))
    assert (response.status_code, response["Location"]) == (302, draft.get_absolute_url())
    assert stored_state(draft) == CallState.PUBLISHED
    assert list(CallTransition.objects.values_list("from_state", "to_state", "by")) == [
        (CallState.DRAFT, CallState.PUBLISHED, officer.pk)
    ]
    assert messages_of(response) == ["The call is published."]


def test_officer_closes_a_call_early_with_a_note(client_en, officer, call):
    client_en.force_login(officer)
    response = client_en.post(
        reverse("grants:call_close", kwargs={"slug": call.slug}), {"note": "งบประมาณหมด"}
    )
    assert response.status_code == 302
    assert stored_state(call) == CallState.CLOSED
    assert list(CallTransition.objects.values_list("to_state", "note")) == [
        (CallState.CLOSED, "งบประมาณหมด")
    ]
    assert messages_of(response) == ["The call is closed; no more proposals are accepted."]


def test_officer_starts_the_review_after_the_deadline(client_en, officer, call, clock):
    clock.move_to(AFTER_DEADLINE)
    client_en.force_login(officer)
    response = client_en.post(reverse("grants:call_start_review", kwargs={"slug": call.slug}))
    assert response.status_code == 302
    assert stored_state(call) == CallState.IN_REVIEW
    assert messages_of(response) == ["The review has started."]


def test_officer_archives_a_call_whose_results_are_published(client_en, officer):
    call = make_call(officer, state=CallState.RESULTS_PUBLISHED)
    client_en.force_login(officer)
    response = client_en.post(reverse("grants:call_archive", kwargs={"slug": call.slug}))
    assert response.status_code == 302
    assert stored_state(call) == CallState.ARCHIVED
    assert list(CallTransition.objects.values_list("by", flat=True)) == [officer.pk]


@pytest.mark.parametrize(
    ("name", "state"),
    [
        ("grants:call_open", CallState.PUBLISHED),
        ("grants:call_start_review", CallState.PUBLISHED),  # still open
        ("grants:call_archive", CallState.CLOSED),
        ("grants:call_close", CallState.ARCHIVED),
    ],
)
def test_an_action_the_state_does_not_allow_is_refused(client, officer, name, state):
    call = make_call(officer, state=state)
    client.force_login(officer)
    response = client.post(reverse(name, kwargs={"slug": call.slug}))
    assert response.status_code == 403
    assert stored_state(call) == state
    assert list(CallTransition.objects.all()) == []


@pytest.mark.parametrize("role", ["applicant", "reviewer", "committee_member", "other_officer"])
def test_people_who_do_not_run_the_call_may_not_close_it(client, request, role, call):
    client.force_login(request.getfixturevalue(role))
    response = client.post(reverse("grants:call_close", kwargs={"slug": call.slug}))
    assert response.status_code == 403
    assert stored_state(call) == CallState.PUBLISHED


def test_people_who_do_not_run_a_draft_cannot_find_it_to_publish_it(client, other_officer, draft):
    client.force_login(other_officer)
    response = client.post(reverse("grants:call_open", kwargs={"slug": draft.slug}))
    assert response.status_code == 404
    assert stored_state(draft) == CallState.DRAFT


def test_anonymous_visitor_is_sent_to_log_in_before_an_action(client, call):
    response = client.post(reverse("grants:call_close", kwargs={"slug": call.slug}))
    assert (response.status_code, response["Location"]) == (
        302,
        login_url("/calls/ccic2020/close/"),
    )
    assert stored_state(call) == CallState.PUBLISHED


def test_a_lost_race_is_reported_and_nothing_changes(client_en, officer, draft, monkeypatch):
    def lose_the_race(call, *, by):
        raise Refusal("Somebody else changed this call meanwhile; reload the page.", code="raced")

    monkeypatch.setattr(services, "open_call", lose_the_race)
    client_en.force_login(officer)
    response = client_en.post(reverse("grants:call_open", kwargs={"slug": draft.slug}))
    assert (response.status_code, response["Location"]) == (302, draft.get_absolute_url())
    assert messages_of(response) == ["Somebody else changed this call meanwhile; reload the page."]
    assert stored_state(draft) == CallState.DRAFT


# The public list


def listed(client, query: str = "") -> list[str]:
    response = client.get(reverse("grants:call_list") + query)
    assert response.status_code == 200
    return [call.slug for call in response.context["calls"]]


@pytest.fixture
def calls_in_every_phase(officer):
    """One call per public phase, deadlines one day apart (the list shows the latest first)."""
    in_days = {"upcoming": 40, "open": 30, "closed": 20, "review": 10, "results": 5}

    def at(days: int) -> dict:
        deadline = DEADLINE + timedelta(days=days)
        return {"deadline": deadline, "opens_at": OPENS}

    return {
        "upcoming": make_call(
            officer,
            slug="upcoming",
            **(at(in_days["upcoming"]) | {"opens_at": NOW + timedelta(days=1)}),
        ),
        "open": make_call(officer, slug="open", **at(in_days["open"])),
        "closed": make_call(
            officer, slug="closed", state=CallState.CLOSED, **at(in_days["closed"])
        ),
        "review": make_call(
            officer, slug="review", state=CallState.IN_REVIEW, **at(in_days["review"])
        ),
        "results": make_call(
            officer, slug="results", state=CallState.RESULTS_PUBLISHED, **at(in_days["results"])
        ),
        "draft": make_call(officer, slug="draft", state=CallState.DRAFT),
    }


def test_list_never_shows_drafts(client, calls_in_every_phase):
    assert listed(client) == ["upcoming", "open", "closed", "review", "results"]


@pytest.mark.parametrize(
    ("phase", "expected"),
    [
        ("upcoming", ["upcoming"]),
        ("open", ["open"]),
        ("closed", ["closed"]),
        ("in_review", ["review"]),
        ("results_published", ["results"]),
        ("archived", []),
    ],
)
def test_list_filters_by_phase(client, calls_in_every_phase, phase, expected):
    assert listed(client, f"?phase={phase}") == expected


def test_draft_is_not_a_phase_the_public_can_filter_by(client, calls_in_every_phase):
    response = client.get(reverse("grants:call_list") + "?phase=draft")
    assert [call.slug for call in response.context["calls"]] == [
        "upcoming",
        "open",
        "closed",
        "review",
        "results",
    ]
    assert list(response.context["filter"].form.errors) == ["phase"]


def test_list_filters_by_programme(client, officer):
    make_call(officer, slug="grant", deadline=DEADLINE + timedelta(days=2))
    make_call(
        officer,
        slug="incubation",
        programme=Programme.objects.get(code="incubation"),
        deadline=DEADLINE + timedelta(days=1),
    )
    assert listed(client, "?programme=incubation") == ["incubation"]
    assert listed(client, "?programme=project-grants") == ["grant"]


def test_list_filters_by_sector(client, officer):
    make_call(officer, slug="health-and-urban", deadline=DEADLINE + timedelta(days=2))
    make_call(
        officer,
        slug="disaster",
        sectors=Sector.objects.filter(code__in=["disaster", "health"]),
        deadline=DEADLINE + timedelta(days=1),
    )
    assert listed(client, "?sector=disaster") == ["disaster"]
    assert listed(client, "?sector=health") == ["health-and-urban", "disaster"]
    assert listed(client, "?sector=agriculture") == []


def test_list_searches_thai_and_english_titles_and_descriptions(client, officer):
    make_call(
        officer,
        slug="village",
        title_th="หมู่บ้านนวัตกรรมสังคม",
        title_en="Social Innovation Village",
        description_th="ขยายผลสู่ชุมชน",
        description_en="Diffuses proven models into communities.",
        deadline=DEADLINE + timedelta(days=2),
    )
    make_call(
        officer,
        slug="contest",
        title_th="การประกวดแผนธุรกิจ",
        title_en="Business Plan Contest",
        description_th="แผนธุรกิจเพื่อสังคม",
        description_en="Plans of social enterprises.",
        deadline=DEADLINE + timedelta(days=1),
    )
    assert listed(client, "?q=หมู่บ้าน") == ["village"]
    assert listed(client, "?q=contest") == ["contest"]
    assert listed(client, "?q=proven+models") == ["village"]
    assert listed(client, "?q=ธุรกิจ") == ["contest"]
    assert listed(client, "?q=social") == ["village", "contest"]
    assert listed(client, "?q=nothing-like-this") == []


def test_pagination_keeps_the_filters_in_its_links(client, officer):
    incubation = Programme.objects.get(code="incubation")
    for day in range(14):
        make_call(
            officer,
            slug=f"incubation-{day:02d}",
            programme=incubation,
            deadline=DEADLINE + timedelta(days=day),
        )
    make_call(officer, slug="other-programme")
    first = client.get(reverse("grants:call_list") + "?programme=incubation")
    assert len(first.context["calls"]) == 12
    assert '"?programme=incubation&amp;page=2"' in first.content.decode()
    second = client.get(reverse("grants:call_list") + "?programme=incubation&page=2")
    assert [c.slug for c in second.context["calls"]] == ["incubation-01", "incubation-00"]
    assert '"?programme=incubation&amp;page=1"' in second.content.decode()


def test_an_empty_result_explains_and_offers_to_clear_the_filters(client_en, call):
    response = client_en.get(reverse("grants:call_list") + "?q=nothing-like-this")
    html = response.content.decode()
    assert list(response.context["calls"]) == []
    assert "No call matches these filters." in html
    assert f'href="{reverse("grants:call_list")}">Clear filters and show all calls' in html


def test_list_card_shows_deadline_countdown_and_money(client, call):
    html = client.get(reverse("grants:call_list")).content.decode()
    assert "18 เมษายน 2563, 23:59 น. เวลาประเทศไทย" in html
    assert 'class="countdown"' in html
    assert "1,000,000 บาท" in html
    assert "100,000 บาท" in html
    assert "badge-phase-open" in html


# Once the review has started: the rubric is shown read-only, blind review is fixed


@pytest.fixture
def scored_call(officer, clock):
    """The call in review, with a submitted review that scored every criterion."""
    clock.move_to(AFTER_DEADLINE)
    call = make_call(
        officer,
        slug="in-review",
        state=CallState.IN_REVIEW,
        review_ends_at=AFTER_DEADLINE + timedelta(days=20),
        results_at=AFTER_DEADLINE + timedelta(days=30),
    )
    ReviewFactory(assignment__proposal=ProposalToReviewFactory(call=call))
    return call


def current_rubric_rows(call) -> list[dict]:
    return list(
        call.criteria.values(
            "title_th", "title_en", "guidance_th", "guidance_en", "weight", "max_points"
        )
    )


def test_editing_a_scored_call_saves_its_other_fields(client, officer, scored_call):
    client.force_login(officer)
    criteria = list(scored_call.criteria.values_list("pk", flat=True))
    # What the form posted before the rubric was locked: every field and the rubric as it is.
    post = form_post(
        current_rubric_rows(scored_call),
        slug=scored_call.slug,
        code=scored_call.code,
        title_th="ชื่อที่แก้ระหว่างประเมิน",
        opens_at="2020-03-01T09:00",
        deadline="2020-04-18T23:59",
        review_ends_at="2020-05-10T23:59",
        results_at="2020-05-20T10:00",
    )

    response = client.post(reverse("grants:call_edit", kwargs={"slug": scored_call.slug}), post)

    assert response.status_code == 302
    scored_call.refresh_from_db()
    assert scored_call.title_th == "ชื่อที่แก้ระหว่างประเมิน"
    assert list(scored_call.criteria.values_list("pk", flat=True)) == criteria


def test_the_edit_form_of_a_scored_call_shows_the_rubric_read_only(client_en, officer, scored_call):
    client_en.force_login(officer)

    response = client_en.get(reverse("grants:call_edit", kwargs={"slug": scored_call.slug}))

    assert response.context["rubric_locked"] is True
    assert response.context["rubric"] is None
    html = response.content.decode()
    assert "The rubric is fixed: the review of this call has started." in html
    assert 'name="criteria-TOTAL_FORMS"' not in html
    assert DEFAULT_RUBRIC[0]["title_en"] in html
    assert response.context["form"].fields["blind_review"].disabled is True


@pytest.mark.parametrize(
    "rows",
    [
        [{"title_th": "เกณฑ์เดียว", "weight": 100, "max_points": 10}],
        [{"title_th": "น้ำหนักไม่ครบ", "weight": 40, "max_points": 10}],  # does not validate
    ],
    ids=["changed", "invalid"],
)
def test_a_rubric_changed_on_a_page_opened_before_the_review_is_refused(
    client_en, officer, scored_call, rows
):
    client_en.force_login(officer)
    post = form_post(
        rows,
        slug=scored_call.slug,
        code=scored_call.code,
        title_th="ไม่ควรบันทึก",
        review_ends_at="2020-05-10T23:59",
        results_at="2020-05-20T10:00",
    )

    response = client_en.post(reverse("grants:call_edit", kwargs={"slug": scored_call.slug}), post)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "The rubric is fixed: the review of this call has started."
    ]
    scored_call.refresh_from_db()
    assert scored_call.title_th != "ไม่ควรบันทึก"
    assert scored_call.criteria.count() == len(DEFAULT_RUBRIC)


def test_officer_sets_blind_review_on_the_call_form(client, officer):
    client.force_login(officer)
    response = client.post(reverse("grants:call_create"), form_post(blind_review="on"))
    assert response.status_code == 302
    assert Call.objects.get(slug="ccic2020").blind_review is True


def test_blind_review_posted_for_a_call_in_review_is_ignored(client, officer, scored_call):
    client.force_login(officer)
    post = form_post(
        current_rubric_rows(scored_call),
        slug=scored_call.slug,
        code=scored_call.code,
        blind_review="on",
        review_ends_at="2020-05-10T23:59",
        results_at="2020-05-20T10:00",
    )
    response = client.post(reverse("grants:call_edit", kwargs={"slug": scored_call.slug}), post)
    assert response.status_code == 302
    scored_call.refresh_from_db()
    assert scored_call.blind_review is False


# A call dated wholly in the past


def test_a_draft_past_its_deadline_offers_no_publish_button_and_says_why(
    client_en, officer, draft, clock
):
    clock.move_to(AFTER_DEADLINE)
    client_en.force_login(officer)

    html = client_en.get(draft.get_absolute_url()).content.decode()

    assert reverse("grants:call_open", kwargs={"slug": draft.slug}) not in html
    assert "The submission deadline has passed: set a later one before publishing." in html
    response = client_en.post(reverse("grants:call_open", kwargs={"slug": draft.slug}))
    assert response.status_code == 403
    assert stored_state(draft) == CallState.DRAFT


def test_saving_a_draft_with_a_deadline_in_the_past_is_refused_at_the_deadline(
    client_en, officer, draft
):
    client_en.force_login(officer)
    post = form_post(
        slug=draft.slug,
        code=draft.code,
        opens_at="2020-03-01T09:00",
        deadline="2020-03-20T23:59",  # before NOW (1 April 2020)
    )

    response = client_en.post(reverse("grants:call_edit", kwargs={"slug": draft.slug}), post)

    assert response.status_code == 200
    assert response.context["form"].errors["deadline"] == [
        "This deadline has passed: a call cannot be published with it. Choose a later date."
    ]
    assert 'value="2020-03-20T23:59"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.deadline == DEADLINE


def test_officer_creates_a_call_in_two_stages(client, officer):
    from grants.enums import StageKind
    from grants.stages import stages_of

    client.force_login(officer)
    response = client.post(reverse("grants:call_create"), form_post(stage_template="concept_full"))
    assert response.status_code == 302
    first = Call.objects.get(slug="ccic2020")
    assert [(s.stage_kind, s.state) for s in stages_of(first)] == [
        (StageKind.CONCEPT, CallState.DRAFT),
        (StageKind.FULL, CallState.DRAFT),
    ]
    page = client.get(first.get_absolute_url()).content.decode()
    assert 'id="call-stages"' in page and "/calls/ccic2020-stage-2/" in page
