"""The officer's editor of a call's questions, and the questions on the call's page."""

import pytest
from django.urls import reverse

from grants.enums import CallState, QuestionKind
from grants.models import Question
from tests.factories import CallFactory, Role, user_with

PREFIX = "questions"


def formset_data(rows: list[dict], *, initial: int = 0) -> dict:
    data = {
        f"{PREFIX}-TOTAL_FORMS": str(len(rows)),
        f"{PREFIX}-INITIAL_FORMS": str(initial),
        f"{PREFIX}-MIN_NUM_FORMS": "0",
        f"{PREFIX}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            if value is True:
                value = "on"
            if value is not False and value is not None:
                data[f"{PREFIX}-{index}-{name}"] = value
    return data


def row(**fields) -> dict:
    return {"kind": QuestionKind.SHORT_TEXT, "text_th": "คำถาม", **fields}


def url(call) -> str:
    return reverse("grants:call_questions", kwargs={"slug": call.slug})


def errors_of(response) -> list[dict]:
    return [dict(form.errors) for form in response.context["formset"].forms]


@pytest.fixture
def question(open_call):
    return Question.objects.create(
        call=open_call,
        position=1,
        kind=QuestionKind.SINGLE_CHOICE,
        text_th="ชุมชนมีส่วนร่วมอย่างไร",
        text_en="How does the community take part?",
        choices_th="มาก\nน้อย",
        choices_en="A lot\nA little",
    )


def test_officer_adds_questions_in_the_given_order(client, officer, open_call):
    client.force_login(officer)
    response = client.post(
        url(open_call),
        formset_data(
            [
                row(position="2", text_th="ข้อสอง", kind=QuestionKind.LONG_TEXT, word_limit="300"),
                row(position="1", text_th="ข้อหนึ่ง", required=True),
                {},  # the empty extra row is ignored
            ]
        ),
    )
    assert response.status_code == 302
    assert list(open_call.questions.values_list("position", "text_th", "word_limit")) == [
        (1, "ข้อหนึ่ง", None),
        (2, "ข้อสอง", 300),
    ]


def test_officer_edits_and_removes_existing_questions(client, officer, open_call, question):
    other = Question.objects.create(call=open_call, position=2, kind="yes_no", text_th="มีทุนไหม")
    client.force_login(officer)
    data = formset_data(
        [
            row(
                id=str(question.pk),
                position="1",
                kind="single_choice",
                text_th="แก้แล้ว",
                choices_th="ก\nข\nค",
            ),
            row(id=str(other.pk), position="2", kind="yes_no", text_th="มีทุนไหม", DELETE=True),
        ],
        initial=2,
    )
    response = client.post(url(open_call), data)
    assert response.status_code == 302
    assert list(open_call.questions.values_list("pk", "text_th", "choices_th")) == [
        (question.pk, "แก้แล้ว", "ก\nข\nค")
    ]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"kind": "single_choice", "choices_th": "เดียว"}, "choices_th", "at least two"),
        ({"kind": "multiple_choice", "choices_th": ""}, "choices_th", "at least two"),
        (
            {"kind": "single_choice", "choices_th": "ก\nข", "choices_en": "A"},
            "choices_en",
            "as many English choices",
        ),
        ({"kind": "short_text", "word_limit": "100"}, "word_limit", "only for long text"),
        ({"kind": "number", "choices_th": "ก\nข"}, "choices_th", "only for single or multiple"),
    ],
)
def test_editor_shows_errors_at_the_right_field(
    client_en, officer, open_call, fields, field, message
):
    client_en.force_login(officer)
    response = client_en.post(url(open_call), formset_data([row(**fields)]))
    assert response.status_code == 200
    errors = errors_of(response)[0]
    assert list(errors) == [field]
    assert message in errors[field][0]
    assert list(open_call.questions.all()) == []


def test_blank_lines_in_choices_do_not_count(client, officer, open_call):
    client.force_login(officer)
    data = formset_data([row(kind="single_choice", choices_th="ก\n\n  \nข", choices_en="A\nB\n")])
    assert client.post(url(open_call), data).status_code == 302
    assert open_call.questions.get().snapshot()["choices_th"] == ["ก", "ข"]


def test_editing_and_deleting_a_question_keeps_old_answers(
    client, officer, applicant, open_call, question
):
    from proposals.models import Answer, Proposal
    from tests.factories import OrganisationFactory

    draft = Proposal.objects.create(
        call=open_call, organisation=OrganisationFactory(members=[applicant]), title="น้ำท่วมไม่ท่วมใจ"
    )
    answer = Answer.objects.create(
        proposal=draft, question=question, question_snapshot=question.snapshot(), value="มาก"
    )
    before = dict(answer.question_snapshot)
    client.force_login(officer)
    data = formset_data(
        [row(id=str(question.pk), position="1", kind="long_text", text_th="ใหม่")], initial=1
    )
    client.post(url(open_call), data)
    answer.refresh_from_db()
    assert answer.question_snapshot == before
    assert answer.question_id == question.pk

    data = formset_data(
        [row(id=str(question.pk), position="1", kind="long_text", text_th="ใหม่", DELETE=True)],
        initial=1,
    )
    client.post(url(open_call), data)
    answer.refresh_from_db()
    assert answer.question_id is None
    assert answer.question_snapshot == before
    assert answer.value == "มาก"


def test_applicant_gets_403(client, applicant, open_call):
    client.force_login(applicant)
    response = client.get(url(open_call))
    assert response.status_code == 403


def test_officer_of_another_call_gets_403_and_changes_nothing(
    client, other_officer, open_call, question
):
    client.force_login(other_officer)
    response = client.post(url(open_call), formset_data([row(text_th="แฮก")]))
    assert response.status_code == 403
    assert list(open_call.questions.values_list("text_th", flat=True)) == [question.text_th]


def test_draft_call_is_404_to_others(client, other_officer, officer):
    call = CallFactory(officers=[officer], created_by=officer, state=CallState.DRAFT)
    client.force_login(other_officer)
    assert client.get(url(call)).status_code == 404


def test_anonymous_is_sent_to_login(client, open_call):
    response = client.get(url(open_call))
    assert response.status_code == 302
    assert "/login" in response["Location"] or "next=" in response["Location"]


def test_editor_page_lists_the_questions(client, officer, open_call, question):
    client.force_login(officer)
    response = client.get(url(open_call))
    assert response.status_code == 200
    assert question.text_th in response.content.decode()
    assert len(response.context["formset"].forms) == 2  # the question and an empty row


def test_call_page_shows_the_questions_and_the_officer_link(client, officer, open_call, question):
    client.force_login(officer)
    page = client.get(open_call.get_absolute_url()).content.decode()
    assert question.text_th in page
    assert url(open_call) in page


def test_call_page_hides_the_editor_link_from_the_public(client, open_call, question):
    page = client.get(open_call.get_absolute_url()).content.decode()
    assert question.text_th in page
    assert url(open_call) not in page


def test_officer_role_is_needed(client, open_call):
    someone = user_with(Role.REVIEWER, email="rev2@example.org")
    client.force_login(someone)
    assert client.get(url(open_call)).status_code == 403
