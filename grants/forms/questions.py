"""The officer's editor of a call's questions: one form per question, in a formset.

Forms only validate; `grants.services.save_questions` writes.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..enums import QuestionKind
from ..models import Call, Question

CHOICE_KINDS = frozenset({QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE})
QUESTION_FIELDS = [
    "kind",
    "text_th",
    "text_en",
    "help_th",
    "help_en",
    "required",
    "word_limit",
    "choices_th",
    "choices_en",
]
QUESTIONS_PREFIX = "questions"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class QuestionForm(forms.ModelForm):
    position = forms.IntegerField(
        label=_("Order"), min_value=1, max_value=999, required=False, widget=forms.NumberInput
    )

    class Meta:
        model = Question
        fields = ["position", *QUESTION_FIELDS]
        widgets = {
            "text_th": forms.TextInput(attrs={"lang": "th"}),
            "text_en": forms.TextInput(attrs={"lang": "en"}),
            "help_th": forms.Textarea(attrs={"rows": 2, "lang": "th"}),
            "help_en": forms.Textarea(attrs={"rows": 2, "lang": "en"}),
            "choices_th": forms.Textarea(attrs={"rows": 3, "lang": "th"}),
            "choices_en": forms.Textarea(attrs={"rows": 3, "lang": "en"}),
        }

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        choices_th = _lines(cleaned.get("choices_th"))
        choices_en = _lines(cleaned.get("choices_en"))
        if kind in CHOICE_KINDS:
            if len(choices_th) < 2:
                self.add_error("choices_th", _("Give at least two choices, one per line."))
            elif choices_en and len(choices_en) != len(choices_th):
                self.add_error(
                    "choices_en",
                    _("Give as many English choices as Thai ones (%(count)s), in the same order.")
                    % {"count": len(choices_th)},
                )
        elif kind and (choices_th or choices_en):
            field = "choices_th" if choices_th else "choices_en"
            self.add_error(field, _("Choices are only for single or multiple choice questions."))
        if cleaned.get("word_limit") is not None and kind and kind != QuestionKind.LONG_TEXT:
            self.add_error("word_limit", _("A word limit is only for long text answers."))
        cleaned["choices_th"] = "\n".join(choices_th)
        cleaned["choices_en"] = "\n".join(choices_en)
        return cleaned


class BaseQuestionFormSet(forms.BaseModelFormSet):
    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        form.fields["DELETE"].label = pgettext_lazy("question row", "Remove")
        form.fields["DELETE"].widget.attrs["class"] = "form-check-input"

    def kept(self) -> list[tuple[Question | None, dict]]:
        """The questions kept, in their new order: (the existing question or None, fields)."""
        rows = []
        for index, form in enumerate(self.forms):
            if not form.has_changed() and form.empty_permitted:
                continue
            if self._should_delete_form(form):
                continue
            fields = {name: form.cleaned_data[name] for name in QUESTION_FIELDS}
            existing = form.instance if form.instance.pk else None
            position = form.cleaned_data.get("position") or 10_000 + index
            rows.append((position, index, existing, fields))
        rows.sort(key=lambda row: (row[0], row[1]))
        return [(existing, fields) for _position, _index, existing, fields in rows]

    def removed(self) -> list[Question]:
        return [
            form.instance
            for form in self.initial_forms
            if form.instance.pk and self._should_delete_form(form)
        ]


QuestionFormSet = forms.modelformset_factory(
    Question,
    form=QuestionForm,
    formset=BaseQuestionFormSet,
    extra=1,
    can_delete=True,
    max_num=40,
    validate_max=True,
)


def question_formset(call: Call, data=None):
    """The questions of `call` as a formset, numbered 1, 2, 3… in their order."""
    formset = QuestionFormSet(data, queryset=call.questions.all(), prefix=QUESTIONS_PREFIX)
    for number, form in enumerate(formset.initial_forms, start=1):
        form.initial["position"] = number
    return formset
