"""The reviewer's forms: the conflict declaration and the rubric."""

from decimal import Decimal

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

POINTS_STEP = Decimal("0.5")


class DeclarationForm(forms.Form):
    NO_CONFLICT, CONFLICT = "no", "yes"

    declaration = forms.ChoiceField(
        label=_("Your declaration"),
        widget=forms.RadioSelect,
        choices=[
            (NO_CONFLICT, _("I confirm I have no conflict of interest with this proposal")),
            (CONFLICT, _("I have a conflict of interest")),
        ],
    )
    reason = forms.CharField(
        label=_("Reason for the conflict"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example: you work for, advise or are related to the applicant. "
            "Only the program officers read this."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    @property
    def has_conflict(self) -> bool:
        return self.cleaned_data["declaration"] == self.CONFLICT

    def clean(self):
        data = super().clean()
        if data.get("declaration") == self.CONFLICT and not data.get("reason", "").strip():
            self.add_error("reason", _("Please say briefly why you have a conflict of interest."))
        return data


def points_field_name(criterion) -> str:
    return f"points_{criterion.pk}"


class ReviewForm(forms.Form):
    """One points field per criterion (0..max, steps of 0.5), the comment and the feedback.

    Every points field is optional here so that a partial draft saves; that every criterion
    is scored is for `submit_review` to check.
    """

    comment = forms.CharField(
        label=_("Comment for the committee"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Strengths, weaknesses and risks. The committee reads it; the applicant does not."
        ),
    )
    feedback = forms.CharField(
        label=_("Feedback for the applicant (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to the applicant after the results, without your name."),
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        points_fields = {}
        for criterion in self.criteria:
            points_fields[points_field_name(criterion)] = forms.DecimalField(
                label=criterion.title,
                required=False,
                min_value=Decimal("0"),
                max_value=Decimal(criterion.max_points),
                step_size=POINTS_STEP,
                max_digits=5,
                decimal_places=1,
                widget=forms.NumberInput(
                    attrs={
                        "step": str(POINTS_STEP),
                        "min": "0",
                        "max": str(criterion.max_points),
                        "inputmode": "decimal",
                        "data-weight": str(criterion.weight),
                        "data-max": str(criterion.max_points),
                        "class": "form-control review-points",
                    }
                ),
            )
        # The points first, in the rubric's order, then the texts.
        self.fields = {**points_fields, **self.fields}

    def points_bound_field(self, criterion):
        return self[points_field_name(criterion)]

    def points(self) -> dict[int, Decimal | None]:
        return {
            criterion.pk: self.cleaned_data.get(points_field_name(criterion))
            for criterion in self.criteria
        }

    @classmethod
    def initial_for(cls, review) -> dict:
        if review is None:
            return {}
        initial = {"comment": review.comment, "feedback": review.feedback}
        for score in review.scores.all():
            initial[f"points_{score.criterion_id}"] = score.points.quantize(Decimal("0.1"))
        return initial
