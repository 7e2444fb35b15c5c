from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from grants.enums import QuestionKind as K
from grants.models import Question
from proposals.answers import AnswersForm, display_value, field_name
from proposals.models import Answer, Attachment
from proposals.services.drafting import DraftContent, save_draft


@pytest.fixture
def questions(draft):
    def make(kind, **fields):
        return Question.objects.create(call=draft.call, kind=kind, text_th=kind, **fields)

    return {
        "short": make(K.SHORT_TEXT, required=True),
        "long": make(K.LONG_TEXT, word_limit=3),
        "number": make(K.NUMBER),
        "single": make(K.SINGLE_CHOICE, choices_th="ก\nข", choices_en="A\nB"),
        "multiple": make(K.MULTIPLE_CHOICE, choices_th="ก\nข\nค"),
        "yes_no": make(K.YES_NO),
        "file": make(K.FILE),
    }


def bound(draft, questions, **values):
    data = {f"answers-{field_name(questions[key])}": value for key, value in values.items()}
    return AnswersForm(data, proposal=draft, prefix="answers")


def test_every_field_is_optional_for_a_draft(draft, questions):
    form = bound(draft, questions)
    assert form.is_valid(), form.errors


def test_word_limit_is_checked(draft, questions):
    form = bound(draft, questions, long="one two three four")
    assert not form.is_valid()
    assert list(form.errors) == [field_name(questions["long"])]


def test_answers_are_saved_with_a_snapshot(draft, applicant, questions):
    attachment = Attachment.objects.create(
        proposal=draft,
        file=ContentFile(b"%PDF-1.4", name="plan.pdf"),
        original_name="plan.pdf",
        content_type="application/pdf",
        size=8,
    )
    form = bound(
        draft,
        questions,
        short="สั้น",
        number="12.50",
        single="ข",
        multiple=["ก", "ค"],
        yes_no="yes",
        file=attachment.pk,
    )
    assert form.is_valid(), form.errors
    save_draft(
        draft, by=applicant, expected_version=1, content=DraftContent(answers=form.answers())
    )
    values = {a.question_id: (a.value, a.attachment_id) for a in Answer.objects.all()}
    assert values[questions["short"].pk] == ("สั้น", None)
    assert values[questions["number"].pk] == ("12.5", None)
    assert values[questions["single"].pk] == ("ข", None)
    assert values[questions["multiple"].pk] == (["ก", "ค"], None)
    assert values[questions["yes_no"].pk] == (True, None)
    assert values[questions["file"].pk] == (None, attachment.pk)
    answer = Answer.objects.get(question=questions["single"])
    assert answer.question_snapshot == questions["single"].snapshot()
    assert display_value(answer) == "ข"
    # Reloading the form shows the saved answers.
    form = AnswersForm(proposal=draft, prefix="answers")
    assert form.initial[field_name(questions["yes_no"])] == "yes"
    assert form.initial[field_name(questions["multiple"])] == ["ก", "ค"]
    assert Decimal(form.initial[field_name(questions["number"])]) == Decimal("12.5")


def test_file_question_offers_only_this_proposals_attachments(draft, questions):
    form = AnswersForm(proposal=draft, prefix="answers")
    assert list(form.fields[field_name(questions["file"])].queryset) == []
