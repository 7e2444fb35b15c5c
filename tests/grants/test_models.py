"""grants.models: validation per field, database constraints, bilingual accessors."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext

from grants.enums import ApplicantType, CallState
from grants.models import Call, Criterion, Programme, Province, Sector
from tests.factories import CallFactory

pytestmark = pytest.mark.django_db

OPENS = datetime(2020, 3, 1, 2, 0, tzinfo=UTC)
DEADLINE = datetime(2020, 4, 18, 16, 59, tzinfo=UTC)


def unsaved_call(**overrides) -> Call:
    fields = {
        "title_th": "โครงการนวัตกรรมสำหรับเมืองและชุมชน",
        "description_th": "เชิญชวนเสนอแนวคิด",
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
    return Call(**(fields | overrides))


def clean_errors(call: Call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as raised:
        call.clean()
    return raised.value.message_dict


def test_a_consistent_call_is_clean():
    unsaved_call().clean()  # no error


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"deadline": OPENS - timedelta(hours=1)},
            "deadline",
            "The deadline must be after the opening.",
        ),
        (
            {"deadline": OPENS},
            "deadline",
            "The deadline must be after the opening.",
        ),
        (
            {"review_ends_at": DEADLINE},
            "review_ends_at",
            "The review must end after the submission deadline.",
        ),
        (
            {"results_at": DEADLINE + timedelta(days=29)},
            "results_at",
            "Results cannot be announced before the review ends.",
        ),
        (
            {"max_per_proposal": Decimal("1000001")},
            "max_per_proposal",
            "The maximum per proposal cannot be more than the total budget.",
        ),
        (
            {"applicant_types": ["community_enterprise", "martians"]},
            "applicant_types",
            "Unknown applicant type.",
        ),
    ],
)
def test_clean_puts_each_error_on_its_field(overrides, field, message):
    assert clean_errors(unsaved_call(**overrides)) == {field: [gettext(message)]}


def test_negative_amounts_fail_the_field_validators():
    with pytest.raises(ValidationError) as raised:
        unsaved_call(budget_total=Decimal("-1"), max_per_proposal=Decimal("-2")).full_clean(
            exclude=["created_by"]
        )
    assert set(raised.value.message_dict) == {"budget_total", "max_per_proposal"}


def test_code_must_be_capitals_or_digits():
    with pytest.raises(ValidationError) as raised:
        unsaved_call(code="ccic-2020").full_clean(exclude=["created_by"])
    assert list(raised.value.message_dict) == ["code"]


@pytest.mark.parametrize(
    ("overrides", "constraint"),
    [
        ({"deadline": OPENS}, "call_deadline_after_opening"),
        ({"max_per_proposal": Decimal("2000000")}, "call_max_within_budget"),
        (
            {"budget_total": Decimal("-5"), "max_per_proposal": Decimal("-10")},
            "call_budget_not_negative",
        ),
    ],
)
def test_database_refuses_an_inconsistent_call(overrides, constraint):
    with pytest.raises(IntegrityError) as raised, transaction.atomic():
        unsaved_call(**overrides).save()
    assert constraint in str(raised.value)
    assert Call.objects.count() == 0


def test_title_and_description_follow_the_active_language_and_fall_back_to_thai():
    call = unsaved_call(title_en="City Challenge", description_en="")
    assert (call.title, call.description) == (call.title_th, call.description_th)
    with translation.override("en"):
        assert (call.title, call.description) == ("City Challenge", call.description_th)


def test_reference_data_names_are_bilingual():
    sector = Sector.objects.get(code="health")
    assert str(sector) == "สุขภาพ"
    with translation.override("en"):
        assert str(sector) == "Health"
    assert str(Province.objects.get(code="TH-10")) == "กรุงเทพมหานคร"


def test_criterion_title_and_guidance_fall_back_to_thai():
    criterion = Criterion(title_th="ลดความเหลื่อมล้ำ", title_en="", guidance_th="แนวทาง", weight=10)
    with translation.override("en"):
        assert (criterion.title, criterion.guidance, str(criterion)) == (
            "ลดความเหลื่อมล้ำ",
            "แนวทาง",
            "ลดความเหลื่อมล้ำ",
        )


def test_an_empty_applicant_type_list_accepts_everyone():
    call = unsaved_call(applicant_types=[])
    assert call.applicant_type_labels == []
    assert [call.accepts_applicant_type(t) for t in ApplicantType.values] == [True] * 8


def test_listed_applicant_types_accept_only_themselves():
    call = unsaved_call(applicant_types=[ApplicantType.UNIVERSITY, ApplicantType.YOUTH_GROUP])
    with translation.override("en"):
        assert call.applicant_type_labels == ["University", "Youth group"]
    assert call.accepts_applicant_type(ApplicantType.UNIVERSITY) is True
    assert call.accepts_applicant_type(ApplicantType.INDIVIDUAL) is False


def test_call_page_address_uses_the_slug():
    call = CallFactory(slug="ccic2020", state=CallState.DRAFT)
    assert call.get_absolute_url() == "/calls/ccic2020/"
