"""The form of a call's own questions, built from its Question rows, and answers for display.

Every field is optional here, so that a draft saves with anything missing; whether a
required question is answered is for `completeness.missing_for_submission` to say.
"""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from grants.enums import QuestionKind
from portal.formatting import is_thai

from .completeness import count_words
from .fieldchecks import limit_length
from .models import LONG_TEXT_MAX_LENGTH

SHORT_TEXT_MAX_LENGTH = 500

K = QuestionKind
YES, NO = "yes", "no"


def field_name(question) -> str:
    return f"q_{question.pk}"


def localized_choices(snapshot: dict) -> list[tuple[str, str]]:
    """(stored value, label): the Thai text is stored, the label follows the language."""
    thai = snapshot.get("choices_th") or []
    english = snapshot.get("choices_en") or []
    if is_thai() or len(english) != len(thai):
        return [(c, c) for c in thai]
    return list(zip(thai, english, strict=True))


def display_value(answer) -> str:
    """An answer as text in the active language, for read-only pages."""
    kind = answer.question_snapshot.get("kind")
    if kind == K.FILE:
        return answer.attachment.original_name if answer.attachment else ""
    value = answer.value
    if value in (None, "", []):
        return ""
    if kind == K.YES_NO:
        return str(_("Yes") if value else _("No"))
    if kind in (K.SINGLE_CHOICE, K.MULTIPLE_CHOICE):
        labels = dict(localized_choices(answer.question_snapshot))
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(v, v) for v in values)
    return str(value)


class WordLimitField(forms.CharField):
    def __init__(self, *, word_limit=None, **kwargs):
        self.word_limit = word_limit
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if self.word_limit and count_words(value) > self.word_limit:
            raise forms.ValidationError(
                _("%(count)d words: the limit is %(limit)d."),
                code="word_limit",
                params={"count": count_words(value), "limit": self.word_limit},
            )


class AnswersForm(forms.Form):
    """One field per question of the proposal's call."""

    def __init__(self, *args, proposal, **kwargs):
        self.proposal = proposal
        self.questions = list(proposal.call.questions.all())
        existing = {a.question_id: a for a in proposal.answers.all()}
        super().__init__(*args, **kwargs)
        for question in self.questions:
            name = field_name(question)
            self.fields[name] = self._field_for(question)
            answer = existing.get(question.pk)
            if answer is not None:
                self.initial[name] = self._initial(question, answer)

    def _field_for(self, question) -> forms.Field:
        snapshot = question.snapshot()
        common = {
            "label": question.text,
            "required": False,
            "help_text": question.help,
        }
        if question.required:
            common["label"] = f"{question.text} *"
        kind = question.kind
        if kind == K.SHORT_TEXT:
            field = WordLimitField(word_limit=question.word_limit, **common)
            return limit_length(field, SHORT_TEXT_MAX_LENGTH)
        if kind == K.LONG_TEXT:
            if question.word_limit:
                common["help_text"] = _("At most %(limit)d words.") % {
                    "limit": question.word_limit
                } + (f" {question.help}" if question.help else "")
            field = WordLimitField(
                word_limit=question.word_limit,
                widget=forms.Textarea(
                    attrs={"rows": 5, "data-word-limit": question.word_limit or ""}
                ),
                **common,
            )
            return limit_length(field, LONG_TEXT_MAX_LENGTH)
        if kind == K.NUMBER:
            return forms.DecimalField(max_digits=18, decimal_places=4, **common)
        if kind == K.SINGLE_CHOICE:
            return forms.ChoiceField(choices=[("", "—"), *localized_choices(snapshot)], **common)
        if kind == K.MULTIPLE_CHOICE:
            return forms.MultipleChoiceField(
                choices=localized_choices(snapshot), widget=forms.CheckboxSelectMultiple, **common
            )
        if kind == K.YES_NO:
            return forms.ChoiceField(
                choices=[(YES, _("Yes")), (NO, _("No"))], widget=forms.RadioSelect, **common
            )
        return forms.ModelChoiceField(
            queryset=self.proposal.attachments.all(),
            empty_label=_("— choose one of your uploaded files —"),
            **common,
        )

    @staticmethod
    def _initial(question, answer):
        if question.kind == K.FILE:
            return answer.attachment_id
        if question.kind == K.YES_NO:
            return {True: YES, False: NO}.get(answer.value, "")
        return answer.value

    def answers(self, *, only_valid: bool = False) -> dict:
        """{Question: (value, attachment)} from the cleaned data, ready for save_draft.

        With only_valid, questions whose field has an error are left out (autosave).
        """
        result = {}
        for question in self.questions:
            name = field_name(question)
            if name not in self.cleaned_data:
                if only_valid:
                    continue
                raise ValueError(name)
            value = self.cleaned_data[name]
            attachment = None
            if question.kind == K.FILE:
                attachment, value = value, None
            elif question.kind == K.YES_NO:
                value = {YES: True, NO: False}.get(value)
            elif isinstance(value, Decimal):
                value = str(value.normalize())
            elif question.kind == K.MULTIPLE_CHOICE:
                value = list(value)
            result[question] = (value, attachment)
        return result
