"""Every constraint of the models is enforced by the forms, at the field, with what was typed
kept: out-of-range numbers, negative amounts and over-long texts never reach the database,
drafts included (a draft may be incomplete, never out of range)."""

from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
)
from django.db.models import CheckConstraint
from django.urls import reverse

from grants.models import Question
from proposals.answers import AnswersForm, field_name
from proposals.completeness import missing_for_submission
from proposals.forms import (
    BudgetLineForm,
    ExtensionForm,
    InformationRequestForm,
    OrganisationForm,
    OutcomeForm,
    ProposalForm,
    ScreeningForm,
    TeamMemberForm,
)
from proposals.models import Proposal

from .test_applicant_views import VALID_ID, form_data, organisation_data


@pytest.fixture
def logged_in(client, applicant):
    client.force_login(applicant)
    return client


def model_forms(draft):
    return [
        ProposalForm(instance=draft),
        OrganisationForm(),
        BudgetLineForm(),
        TeamMemberForm(),
        OutcomeForm(),
    ]


def _step(model_field):
    places = getattr(model_field, "decimal_places", None)
    return Decimal(1).scaleb(-places) if places else 1


def _bounds(model_field):
    lows = [v.limit_value for v in model_field.validators if isinstance(v, MinValueValidator)]
    highs = [v.limit_value for v in model_field.validators if isinstance(v, MaxValueValidator)]
    return (max(lows) if lows else None), (min(highs) if highs else None)


def _refusal(field, value) -> str:
    with pytest.raises(ValidationError) as refused:
        field.clean(str(value))
    return " ".join(refused.value.messages)


def _walk(form):
    model = form._meta.model
    for name, field in form.fields.items():
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if not model_field.is_relation:
            yield name, field, model_field


def test_every_model_validator_is_enforced_by_its_form_field(draft):
    checked = set()
    for form in model_forms(draft):
        for name, field, model_field in _walk(form):
            where = f"{form._meta.model.__name__}.{name}"
            low, high = _bounds(model_field)
            step = _step(model_field)
            if low is not None:
                assert str(low) in _refusal(field, low - step), where
                field.clean(str(low))
                checked.add(where)
            if high is not None:
                assert str(high) in _refusal(field, high + step), where
                field.clean(str(high))
                checked.add(where)
            if model_field.max_length and isinstance(field, forms.CharField):
                limit = model_field.max_length
                assert f"{limit:,}" in _refusal(field, "ก" * (limit + 1)), where
                # The input stops typing there (a tax ID may be typed with its dashes).
                assert int(field.widget.attrs["maxlength"]) >= limit, where
                checked.add(where)
            bounded = (MinValueValidator, MaxValueValidator, MaxLengthValidator)
            for validator in model_field.validators:
                if not isinstance(validator, bounded):
                    assert validator in field.validators, (where, validator)
        # A check constraint on the form's fields is checked by the form.
        for constraint in form._meta.model._meta.constraints:
            if isinstance(constraint, CheckConstraint):
                fields = constraint.condition.referenced_base_fields
                if fields & set(form.fields):
                    assert constraint in form.checked_constraints, constraint.name
    assert {"Proposal.duration_months", "Proposal.requested_amount", "Proposal.summary"} <= checked


@pytest.mark.parametrize(("typed", "bound"), [("0", "1"), ("999", "60"), ("-3", "1")])
def test_duration_out_of_range_is_refused_at_the_field(logged_in, draft, typed, bound):
    response = logged_in.post(
        reverse("proposals:proposal_edit", args=[draft.pk]),
        form_data(draft, duration_months=typed),
    )
    assert response.status_code == 200
    [error] = response.context["editor"].form.errors["duration_months"]
    assert error.endswith(f" {bound}")
    assert f'value="{typed}"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.duration_months is None


def test_negative_requested_amount_is_refused_at_the_field(logged_in, draft):
    response = logged_in.post(
        reverse("proposals:proposal_edit", args=[draft.pk]),
        form_data(draft, requested_amount="-5000"),
    )
    [error] = response.context["editor"].form.errors["requested_amount"]
    assert error.endswith(" 0")
    assert 'value="-5000"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.requested_amount is None


def test_autosave_skips_an_out_of_range_value_and_says_so(logged_in, draft):
    response = logged_in.post(
        reverse("proposals:proposal_autosave", args=[draft.pk]),
        form_data(draft, duration_months="0", district="แม่ริม"),
    )
    body = response.json()
    assert body["ok"] is True
    assert body["skipped"] == [str(Proposal._meta.get_field("duration_months").verbose_name)]
    draft.refresh_from_db()
    assert (draft.duration_months, draft.district) == (None, "แม่ริม")


def test_a_stored_out_of_range_value_blocks_submission(complete_draft):
    Proposal.objects.filter(pk=complete_draft.pk).update(
        duration_months=999, requested_amount=Decimal("-1")
    )
    complete_draft.refresh_from_db()
    amount, duration = (
        Proposal._meta.get_field(name).verbose_name
        for name in ("requested_amount", "duration_months")
    )
    assert missing_for_submission(complete_draft)[:2] == [
        f"“{amount}”: ค่านี้ต้องมากกว่าหรือเท่ากับ 0",
        f"“{duration}”: ค่านี้ต้องน้อยกว่าหรือเท่ากับ 60",
    ]


# ------------------------------------------------------------------ lengths of long texts

LIMITS = {"title": 250, "summary": 3000, "problem": 10000, "innovation": 10000}
LIMITS["target_group"] = 3000


@pytest.mark.parametrize(("name", "limit"), sorted(LIMITS.items()))
def test_long_texts_are_limited_at_the_field_with_the_bound(logged_in, draft, name, limit):
    url = reverse("proposals:proposal_edit", args=[draft.pk])
    response = logged_in.post(url, form_data(draft, **{name: "ก" * (limit + 1)}))
    [error] = response.context["editor"].form.errors[name]
    assert f"{limit:,}" in error
    assert f"{limit + 1:,}" in error
    draft.refresh_from_db()
    assert len(getattr(draft, name)) <= limit
    response = logged_in.post(url, form_data(draft, **{name: "ก" * limit}))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert getattr(draft, name) == "ก" * limit


def test_line_breaks_count_once_as_the_browser_counts_them(draft):
    # Browsers count a line break as one character against maxlength and send it as two.
    field = ProposalForm(instance=draft).fields["summary"]
    typed = "ก" * 1500 + "\r\n" + "ก" * 1499
    assert field.clean(typed) == typed


def test_each_limited_field_shows_a_counter(logged_in, draft):
    Question.objects.create(call=draft.call, kind="long_text", text_th="เล่าเพิ่ม", word_limit=300)
    page = logged_in.get(reverse("proposals:proposal_edit", args=[draft.pk])).content.decode()
    for name, limit in LIMITS.items():
        assert f'maxlength="{limit}"' in page.split(f'name="{name}"')[1].split(">")[0], name
    assert page.count('data-counter=""') == len(LIMITS) + 1
    assert 'maxlength="10000"' in page  # the call's long-text question
    assert 'data-counter-text="' in page  # the counter's words, translated by the server


def test_the_calls_long_text_questions_are_limited(draft):
    question = Question.objects.create(call=draft.call, kind="long_text", text_th="เล่าเพิ่ม")
    form = AnswersForm({field_name(question): "ก" * 10001}, proposal=draft)
    assert not form.is_valid()
    assert "10,000" in form.errors[field_name(question)][0]


@pytest.mark.parametrize(
    ("form_class", "name", "model_field"),
    [
        (ScreeningForm, "reason", "screening_reason"),
        (InformationRequestForm, "message", "info_request"),
        (ExtensionForm, "reason", "extension_reason"),
    ],
)
def test_the_officers_texts_have_the_models_limit(form_class, name, model_field):
    limit = Proposal._meta.get_field(model_field).max_length
    assert limit == 2000
    assert form_class().fields[name].max_length == limit


def test_a_tax_id_may_be_typed_with_dashes(db):
    typed = f"{VALID_ID[0]}-{VALID_ID[1:5]}-{VALID_ID[5:10]}-{VALID_ID[10:12]}-{VALID_ID[12]}"
    form = OrganisationForm(organisation_data(tax_id=typed))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["tax_id"] == VALID_ID
