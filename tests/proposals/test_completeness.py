from decimal import Decimal

import pytest
from django.utils import translation

from grants.enums import QuestionKind
from grants.models import Question, Sector
from proposals.completeness import missing_for_submission
from proposals.models import Answer


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_an_empty_draft_lists_everything(draft):
    assert missing_for_submission(draft) == [
        "Fill in “summary”.",
        "Fill in “the problem”.",
        "Fill in “the innovation”.",
        "Fill in “target group”.",
        "Fill in “province of the target area”.",
        "Fill in “district”.",
        "Fill in “requested amount (baht)”.",
        "Fill in “duration (months)”.",
        "Choose 1 to 3 sectors.",
        "Mark one of the chosen sectors as the primary one.",
        "Add at least one budget line.",
        "Add at least one team member.",
        "Add at least one expected outcome.",
    ]


def test_a_complete_draft_misses_nothing(complete_draft):
    assert missing_for_submission(complete_draft) == []


def test_budget_must_add_up_to_the_requested_amount(complete_draft):
    complete_draft.budget_lines.update(amount=Decimal("1000"))
    assert missing_for_submission(complete_draft) == [
        "The budget lines add up to THB 1,000, not the requested THB 80,000."
    ]


def test_requested_amount_over_the_maximum(complete_draft):
    complete_draft.requested_amount = Decimal("150000")
    complete_draft.save()
    complete_draft.budget_lines.update(amount=Decimal("150000"))
    assert missing_for_submission(complete_draft) == [
        "The requested amount is more than this call's maximum of THB 100,000."
    ]


def test_sectors_outside_the_call_and_too_many(complete_draft):
    complete_draft.sectors.set(
        Sector.objects.filter(code__in=["urban", "health", "disaster", "nexus"])
    )
    assert missing_for_submission(complete_draft) == [
        "Choose 1 to 3 sectors.",
        "Choose only sectors that this call accepts.",
    ]


def test_primary_sector_must_be_among_the_chosen(complete_draft):
    complete_draft.primary_sector = Sector.objects.get(code="health")
    complete_draft.save()
    assert missing_for_submission(complete_draft) == [
        "Mark one of the chosen sectors as the primary one."
    ]


def test_required_questions_and_word_limits(complete_draft):
    call = complete_draft.call
    required = Question.objects.create(
        call=call, kind=QuestionKind.SHORT_TEXT, text_th="ถาม", text_en="Why?", required=True
    )
    limited = Question.objects.create(
        call=call, kind=QuestionKind.LONG_TEXT, text_th="อธิบาย", text_en="Explain", word_limit=3
    )
    Answer.objects.create(
        proposal=complete_draft,
        question=limited,
        question_snapshot=limited.snapshot(),
        value="one two three four",
    )
    assert missing_for_submission(complete_draft) == [
        "Answer the question “Why?”.",
        "The answer to “Explain” has 4 words; the limit is 3.",
    ]
    Answer.objects.create(
        proposal=complete_draft, question=required, question_snapshot=required.snapshot(), value="x"
    )
    Answer.objects.filter(question=limited).update(value="one two three")
    assert missing_for_submission(complete_draft) == []
