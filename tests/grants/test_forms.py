"""grants.forms: every validation rule puts its message on the right field."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone, translation
from django.utils.translation import gettext

from grants.enums import ApplicantType, CallState
from grants.forms import CallForm, CloseCallForm, rubric_formset
from grants.rubric import DEFAULT_RUBRIC
from tests.factories import CallFactory
from tests.grants.form_data import call_data, default_rubric_rows, rubric_data

pytestmark = pytest.mark.django_db


BEFORE_OPENING = datetime(2020, 1, 15, 3, 0, tzinfo=UTC)  # the call of call_data() is ahead


@pytest.fixture(autouse=True)
def _english():
    """Messages are compared with their English msgids."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(BEFORE_OPENING, tick=False) as traveller:
        yield traveller


def test_valid_call_form_gives_the_fields_for_the_service():
    form = CallForm(call_data(applicant_types=[ApplicantType.UNIVERSITY]))
    assert form.is_valid(), form.errors
    fields = form.call_fields()
    assert fields["code"] == "CCIC2020"
    assert fields["budget_total"] == Decimal("1000000")
    assert fields["applicant_types"] == ["university"]
    assert {s.code for s in form.cleaned_data["sectors"]} == {"urban", "health"}


def test_datetime_inputs_are_read_as_bangkok_wall_clock_time():
    with timezone.override("UTC"):  # whatever zone is active, the input is Bangkok time
        form = CallForm(call_data())
        assert form.is_valid(), form.errors
    assert form.cleaned_data["deadline"] == datetime(2020, 4, 18, 16, 59, tzinfo=UTC)
    assert form.cleaned_data["opens_at"] == datetime(2020, 3, 1, 2, 0, tzinfo=UTC)


def test_edit_form_shows_datetimes_as_bangkok_wall_clock_time():
    call = CallFactory(
        opens_at=datetime(2020, 3, 1, 2, 0, tzinfo=UTC),
        deadline=datetime(2020, 4, 18, 16, 59, tzinfo=UTC),
    )
    with timezone.override("UTC"):
        html = str(CallForm(instance=call)["deadline"])
    assert 'type="datetime-local"' in html
    assert 'value="2020-04-18T23:59"' in html


def test_edit_form_shows_whole_baht_without_decimals():
    call = CallFactory(budget_total=Decimal("3000000.00"), max_per_proposal=Decimal("2500.50"))
    form = CallForm(instance=call)
    assert 'value="3000000"' in str(form["budget_total"])
    assert 'value="2500.50"' in str(form["max_per_proposal"])


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"deadline": "2020-02-28T23:59"},
            "deadline",
            "The deadline must be after the opening.",
        ),
        ({"budget_total": "-1", "max_per_proposal": "0"}, "budget_total", None),
        (
            {"max_per_proposal": "2000000"},
            "max_per_proposal",
            "The maximum per proposal cannot be more than the total budget.",
        ),
        ({"sectors": []}, "sectors", "Choose at least one eligible sector."),
        ({"applicant_types": ["martians"]}, "applicant_types", None),
        ({"deadline": "18/04/2563"}, "deadline", "Enter a valid date/time."),
    ],
)
def test_each_rule_puts_its_message_on_the_right_field(overrides, field, message):
    form = CallForm(call_data(**overrides))
    assert form.is_valid() is False
    assert list(form.errors) == [field]
    if message:
        assert form.errors[field] == [gettext(message)]


def test_negative_budget_says_so():
    form = CallForm(call_data(budget_total="-1", max_per_proposal="0"))
    assert form.errors == {"budget_total": ["The budget cannot be negative."]}


def test_duplicate_slug_and_code_are_refused_on_their_fields():
    CallFactory(slug="ccic2020", code="CCIC2020")
    form = CallForm(call_data())
    assert sorted(form.errors) == ["code", "slug"]


def test_the_call_being_edited_may_keep_its_own_slug_and_code():
    call = CallFactory(slug="ccic2020", code="CCIC2020")
    form = CallForm(call_data(), instance=call)
    assert form.is_valid(), form.errors


def test_code_is_upper_cased():
    form = CallForm(call_data(code="ccic2020"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["code"] == "CCIC2020"


def test_empty_slug_is_made_from_the_code():
    form = CallForm(call_data(slug=""))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["slug"] == "ccic2020"


def test_a_made_slug_skips_addresses_already_taken():
    CallFactory(slug="ccic2020")
    CallFactory(slug="ccic2020-2")
    form = CallForm(call_data(slug=""))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["slug"] == "ccic2020-3"


def test_the_address_of_the_new_call_page_is_reserved():
    form = CallForm(call_data(slug="new"))
    assert form.errors == {"slug": ["This web address is taken by a page of the portal."]}


def test_everything_typed_stays_in_the_form_after_an_error():
    data = call_data(deadline="2020-02-01T10:00", title_en="My typed title")
    form = CallForm(data)
    assert form.is_valid() is False
    assert form["title_en"].value() == "My typed title"
    assert 'value="2020-02-01T10:00"' in str(form["deadline"])
    assert [str(v) for v in form["sectors"].value()] == data["sectors"]


def test_new_rubric_starts_with_the_default_criteria_and_one_blank_row():
    rubric = rubric_formset(initial=DEFAULT_RUBRIC)
    assert [form["title_th"].value() for form in rubric] == [
        *(item["title_th"] for item in DEFAULT_RUBRIC),
        None,
    ]
    assert [form["weight"].value() for form in rubric][:-1] == [
        item["weight"] for item in DEFAULT_RUBRIC
    ]


def test_the_default_rubric_posted_back_is_valid():
    rubric = rubric_formset(rubric_data(default_rubric_rows()))
    assert rubric.is_valid(), (rubric.errors, rubric.non_form_errors())
    assert [item["weight"] for item in rubric.criteria()] == [
        item["weight"] for item in DEFAULT_RUBRIC
    ]
    assert rubric.criteria()[0] == {
        "title_th": DEFAULT_RUBRIC[0]["title_th"],
        "title_en": DEFAULT_RUBRIC[0]["title_en"],
        "guidance_th": DEFAULT_RUBRIC[0]["guidance_th"],
        "guidance_en": DEFAULT_RUBRIC[0]["guidance_en"],
        "weight": DEFAULT_RUBRIC[0]["weight"],
        "max_points": 10,
    }


def test_weights_not_adding_up_to_100_are_refused_above_the_rubric():
    rows = [
        {"title_th": "ก", "weight": 50, "max_points": 10},
        {"title_th": "ข", "weight": 40, "max_points": 10},
    ]
    rubric = rubric_formset(rubric_data(rows))
    assert rubric.is_valid() is False
    assert rubric.non_form_errors() == [
        "The weights of the criteria must add up to 100; they add up to 90."
    ]


def test_removed_rows_do_not_count_towards_the_weights():
    rows = [
        {"title_th": "ก", "weight": 60, "max_points": 10},
        {"title_th": "ข", "weight": 40, "max_points": 10},
        {"title_th": "ค", "weight": 30, "max_points": 10},
    ]
    rubric = rubric_formset(rubric_data(rows, deleted={2}))
    assert rubric.is_valid(), rubric.non_form_errors()
    assert [item["title_th"] for item in rubric.criteria()] == ["ก", "ข"]


def test_removing_every_row_asks_for_at_least_one_criterion():
    rows = [{"title_th": "ก", "weight": 100, "max_points": 10}]
    rubric = rubric_formset(rubric_data(rows, deleted={0}))
    assert rubric.is_valid() is False
    assert rubric.non_form_errors() == ["Add at least one criterion to the rubric."]


def test_a_blank_extra_row_is_ignored():
    rows = [{"title_th": "ก", "weight": 100, "max_points": 10}, {"max_points": 10}]
    rubric = rubric_formset(rubric_data(rows, initial=1))
    assert rubric.is_valid(), (rubric.errors, rubric.non_form_errors())
    assert [item["title_th"] for item in rubric.criteria()] == ["ก"]


def test_a_criterion_row_needs_a_thai_title_and_a_weight_from_1_to_100():
    rows = [{"title_th": "", "weight": 0, "max_points": 10}]
    rubric = rubric_formset(rubric_data(rows))
    assert rubric.is_valid() is False
    assert sorted(rubric.errors[0]) == ["title_th", "weight"]


def test_rubric_of_an_existing_call_is_loaded_in_order():
    call = CallFactory(state=CallState.DRAFT)
    rubric = rubric_formset(call=call)
    assert [form["title_th"].value() for form in rubric][:-1] == [
        item["title_th"] for item in DEFAULT_RUBRIC
    ]


def test_close_note_is_optional():
    assert CloseCallForm({"note": ""}).is_valid() is True
    assert CloseCallForm({"note": "x" * 1001}).is_valid() is False


# Blind review, and a deadline in the past


def test_blind_review_is_on_the_form_in_thai():
    with translation.override("th"):
        field = CallForm().fields["blind_review"]
        assert (str(field.label), field.disabled) == ("การประเมินแบบปกปิดชื่อ", False)
        assert "ผู้ทรงคุณวุฒิ" in str(field.help_text)
    form = CallForm(call_data(blind_review="on"))
    assert form.is_valid(), form.errors
    assert form.call_fields()["blind_review"] is True


def test_blind_review_is_fixed_once_the_review_has_started():
    call = CallFactory(state=CallState.IN_REVIEW, blind_review=True)
    form = CallForm(call_data(blind_review=""), instance=call)
    assert form.fields["blind_review"].disabled is True
    assert form.fields["blind_review"].help_text == gettext(
        "Fixed: the review of this call has started, so reviewers may already know who applied."
    )
    assert form.is_valid(), form.errors
    assert form.call_fields()["blind_review"] is True  # what was typed cannot change it


def test_a_deadline_in_the_past_is_refused_for_a_new_call(clock):
    clock.move_to(datetime(2020, 5, 1, tzinfo=UTC))
    form = CallForm(call_data())
    assert form.errors == {
        "deadline": [
            "This deadline has passed: a call cannot be published with it. Choose a later date."
        ]
    }


def test_a_published_call_past_its_deadline_stays_editable(clock):
    call = CallFactory(
        slug="ccic2020",
        code="CCIC2020",
        state=CallState.PUBLISHED,
        opens_at=datetime(2020, 3, 1, 2, 0, tzinfo=UTC),
        deadline=datetime(2020, 4, 18, 16, 59, tzinfo=UTC),
    )
    clock.move_to(datetime(2020, 5, 1, tzinfo=UTC))
    form = CallForm(call_data(title_th="แก้คำผิด"), instance=call)
    assert form.is_valid(), form.errors


def test_a_draft_keeping_its_past_deadline_is_saved_and_refused_only_when_published(clock):
    call = CallFactory(
        slug="ccic2020",
        code="CCIC2020",
        state=CallState.DRAFT,
        opens_at=datetime(2020, 3, 1, 2, 0, tzinfo=UTC),
        deadline=datetime(2020, 4, 18, 16, 59, tzinfo=UTC),
    )
    clock.move_to(datetime(2020, 5, 1, tzinfo=UTC))
    assert CallForm(call_data(title_th="แก้คำผิด"), instance=call).is_valid()
    moved = CallForm(call_data(deadline="2020-04-25T23:59"), instance=call)
    assert list(moved.errors) == ["deadline"]


def test_a_new_call_chooses_its_stages_and_one_stage_is_the_default():
    assert CallForm(call_data()).is_valid()
    assert CallForm(call_data()).fields["stage_template"].initial == "single"
    form = CallForm(call_data(stage_template="concept_full"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["stage_template"] == "concept_full"
    form = CallForm(call_data())
    form.is_valid()
    assert form.cleaned_data["stage_template"] == "single"
    assert not CallForm(call_data(stage_template="seven_stages")).is_valid()
