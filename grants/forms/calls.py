"""A call with its rubric, and the note of an early close.

Forms only validate; `grants.services` writes.
"""

from decimal import Decimal
from zoneinfo import ZoneInfo

from crispy_forms.bootstrap import AppendedText
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Field, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..enums import ApplicantType, CallState
from ..models import Call, Criterion, Sector
from ..phases import deadline_has_passed, review_started
from ..rubric import rubric_weight_error

# Deadlines are Bangkok wall-clock times (domain.md), whichever time zone happens to be active.
BANGKOK = ZoneInfo("Asia/Bangkok")
DATETIME_LOCAL_FORMAT = "%Y-%m-%dT%H:%M"

# /calls/new/ and /calls/follow/ are pages of their own, so no call may use these addresses.
RESERVED_SLUGS = frozenset({"new", "follow"})

CALL_FIELDS = [
    "title_th",
    "title_en",
    "description_th",
    "description_en",
    "code",
    "slug",
    "programme",
    "applicant_types",
    "opens_at",
    "deadline",
    "review_ends_at",
    "results_at",
    "grace_minutes",
    "appeal_days",
    "budget_total",
    "max_per_proposal",
    "reviewers_per_proposal",
    "blind_review",
    "stage_weight",
]

# How the call runs, offered when it is created (grants.stages.STAGE_TEMPLATES).
STAGE_TEMPLATE_CHOICES = [
    ("single", _("One stage: the full proposal")),
    ("concept_full", _("Two stages: concept note, then full proposal")),
    ("concept_pitch_full", _("Three stages: concept note, pitch, then full proposal")),
]


class BangkokDateTimeField(forms.DateTimeField):
    """A `datetime-local` input, read and shown as Asia/Bangkok wall-clock time."""

    input_formats = [DATETIME_LOCAL_FORMAT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL_FORMAT),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        with timezone.override(BANGKOK):
            return super().to_python(value)

    def prepare_value(self, value):
        with timezone.override(BANGKOK):
            return super().prepare_value(value)


def _section(title, icon: str, *fields) -> Div:
    """A card of the form with a heading; `title` is translated when the form is built."""
    legend = HTML(
        format_html(
            '<h2 class="h5 mb-3"><i class="bi bi-{} text-brand me-2" aria-hidden="true"></i>'
            "{}</h2>",
            icon,
            title,
        )
    )
    return Div(legend, *fields, css_class="card card-body mb-4 call-form-section")


def _call_form_layout() -> Layout:
    """The call form in four cards: title, eligibility, timeline, budget."""
    baht = pgettext_lazy("currency", "baht")
    return Layout(
        _section(
            _("Title and description"),
            "card-heading",
            Row(
                Column("title_th", css_class="col-md-6"),
                Column("title_en", css_class="col-md-6"),
            ),
            Row(
                Column("description_th", css_class="col-md-6"),
                Column("description_en", css_class="col-md-6"),
            ),
            Row(Column("code", css_class="col-md-6"), Column("slug", css_class="col-md-6")),
        ),
        _section(
            _("Programme and eligibility"),
            "people",
            "programme",
            Field("sectors", wrapper_class="checkbox-columns"),
            Field("applicant_types", wrapper_class="checkbox-columns"),
        ),
        _section(
            _("Timeline"),
            "calendar-event",
            HTML(
                format_html(
                    '<p class="timezone-note small mb-3">'
                    '<i class="bi bi-clock" aria-hidden="true"></i> {}</p>',
                    _("All times are Bangkok time (UTC+7)."),
                )
            ),
            Row(
                Column("opens_at", css_class="col-md-6"),
                Column("deadline", css_class="col-md-6"),
            ),
            Row(
                Column("review_ends_at", css_class="col-md-6"),
                Column("results_at", css_class="col-md-6"),
            ),
            Row(
                Column("grace_minutes", css_class="col-md-6"),
                Column("appeal_days", css_class="col-md-6"),
            ),
        ),
        _section(
            _("Budget and review"),
            "cash-coin",
            Row(
                Column(AppendedText("budget_total", baht), css_class="col-md-6"),
                Column(AppendedText("max_per_proposal", baht), css_class="col-md-6"),
            ),
            Row(
                Column("reviewers_per_proposal", css_class="col-md-6"),
                Column("stage_weight", css_class="col-md-6"),
            ),
            Field("blind_review", wrapper_class="mt-2"),
        ),
    )


class CallForm(forms.ModelForm):
    sectors = forms.ModelMultipleChoiceField(
        label=_("Eligible sectors"),
        queryset=Sector.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one eligible sector.")},
    )
    applicant_types = forms.MultipleChoiceField(
        label=_("Who may apply"),
        choices=ApplicantType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Leave all unticked to accept every type of applicant."),
    )
    opens_at = BangkokDateTimeField(label=_("Opens"))
    deadline = BangkokDateTimeField(label=_("Submission deadline"))
    review_ends_at = BangkokDateTimeField(label=_("Review ends"))
    results_at = BangkokDateTimeField(label=_("Results announced"))
    budget_total = forms.DecimalField(
        label=_("Total budget"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        error_messages={"min_value": _("The budget cannot be negative.")},
    )
    max_per_proposal = forms.DecimalField(
        label=_("Maximum per proposal"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        error_messages={"min_value": _("The maximum per proposal cannot be negative.")},
    )
    blind_review = forms.BooleanField(
        label=_("Blind review"),
        required=False,
        help_text=_(
            "Reviewers see neither the applicant's name nor their organisation: not on their "
            "pages, in the files or in messages. It cannot be changed once the review starts."
        ),
    )

    class Meta:
        model = Call
        fields = [*CALL_FIELDS[:7], "sectors", *CALL_FIELDS[7:]]
        widgets = {
            "description_th": forms.Textarea(attrs={"rows": 6}),
            "description_en": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "slug": _(
                "Small letters, digits and hyphens; the call's page is /calls/this-address/. "
                "Left empty, it is made from the reference prefix."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("budget_total", "max_per_proposal"):
            amount = self.initial.get(name)
            if amount is not None and amount == amount.to_integral_value():
                self.initial[name] = amount.quantize(Decimal(1))  # 3000000, not 3000000.00
        self.fields["slug"].required = False
        self.fields["programme"].empty_label = _("Choose a programme")
        if review_started(self.instance):
            # Disabled: the stored value is kept whatever is posted (the service refuses a
            # change too).
            self.fields["blind_review"].disabled = True
            self.fields["blind_review"].help_text = _(
                "Fixed: the review of this call has started, so reviewers may already know "
                "who applied."
            )
        self.fields["code"].widget.attrs.update(
            {"autocapitalize": "characters", "spellcheck": "false"}
        )
        self.fields["title_th"].widget.attrs["lang"] = "th"
        self.fields["description_th"].widget.attrs["lang"] = "th"
        self.fields["title_en"].widget.attrs["lang"] = "en"
        self.fields["description_en"].widget.attrs["lang"] = "en"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = _call_form_layout()
        if self.instance.pk is None:
            # A new call chooses its stages; later stages are then edited as calls of their own.
            self.fields["stage_template"] = forms.ChoiceField(
                label=_("How the call runs"),
                choices=STAGE_TEMPLATE_CHOICES,
                initial="single",
                required=False,  # left out: one stage, as calls always were
                widget=forms.RadioSelect,
                help_text=_(
                    "Later stages are created as drafts with this call's settings; each has "
                    "its own timeline, questions, rubric and reviewers, edited on its own page."
                ),
            )
            self.helper.layout.insert(
                0, _section(_("Stages"), "signpost-split", Field("stage_template"))
            )

    def clean_slug(self) -> str:
        slug = self.cleaned_data.get("slug") or ""
        if slug in RESERVED_SLUGS:
            raise ValidationError(_("This web address is taken by a page of the portal."))
        return slug

    def _post_clean(self):
        super()._post_clean()  # the model's own rules first: the deadline after the opening…
        deadline = self.cleaned_data.get("deadline")
        # A draft saved with a deadline behind us could never be published (phases.move_blocker):
        # say so at the field now rather than at "Publish". A deadline kept as it was is left
        # alone, and calls already published stay editable after their deadline.
        if (
            deadline
            and not self.has_error("deadline")
            and self.instance.state == CallState.DRAFT
            and "deadline" in self.changed_data
            and deadline_has_passed(deadline)
        ):
            self.add_error(
                "deadline",
                ValidationError(
                    _(
                        "This deadline has passed: a call cannot be published with it. "
                        "Choose a later date."
                    ),
                    code="deadline_passed",
                ),
            )

    def clean_stage_template(self) -> str:
        return self.cleaned_data.get("stage_template") or "single"

    def clean_code(self) -> str:
        return (self.cleaned_data.get("code") or "").strip().upper()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("slug") and "slug" not in self.errors:
            base = slugify(cleaned.get("code") or "") or slugify(cleaned.get("title_en") or "")
            if base:
                cleaned["slug"] = self._free_slug(base[:70])
            elif not self.has_error("code"):
                self.add_error("slug", _("Enter a web address."))
            else:
                # The form is invalid (no code) but the page shown again still links to the
                # call by its instance, which must keep its address (found by the fuzz test).
                cleaned["slug"] = self.instance.slug
        return cleaned

    def _free_slug(self, base: str) -> str:
        """`base`, or `base-2`, `base-3`… when another call already has that address."""
        others = Call.objects.exclude(pk=self.instance.pk)
        candidate, number = base, 1
        while candidate in RESERVED_SLUGS or others.filter(slug=candidate).exists():
            number += 1
            candidate = f"{base}-{number}"
        return candidate

    def call_fields(self) -> dict:
        """The call's own fields, for `create_call` and `update_call`."""
        return {name: self.cleaned_data[name] for name in CALL_FIELDS}


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["title_th", "title_en", "guidance_th", "guidance_en", "weight", "max_points"]
        widgets = {
            "guidance_th": forms.Textarea(attrs={"rows": 2, "lang": "th"}),
            "guidance_en": forms.Textarea(attrs={"rows": 2, "lang": "en"}),
            "title_th": forms.TextInput(attrs={"lang": "th"}),
            "title_en": forms.TextInput(attrs={"lang": "en"}),
            "weight": forms.NumberInput(attrs={"class": "criterion-weight"}),
        }


class BaseRubricFormSet(forms.BaseFormSet):
    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        form.fields["DELETE"].label = pgettext_lazy("rubric row", "Remove")
        form.fields["DELETE"].widget.attrs["class"] = "form-check-input"

    def clean(self) -> None:
        if any(self.errors):
            return  # the rows' own errors first; their weights may not be numbers yet
        error = rubric_weight_error([item["weight"] for item in self.criteria()])
        if error:
            raise ValidationError(error, code="weights")

    def criteria(self) -> list[dict]:
        """The rows kept (not removed, not left blank), as dicts for `replace_rubric`."""
        kept = []
        for form in self.forms:
            if not form.has_changed() and form.empty_permitted:
                continue
            if self._should_delete_form(form):
                continue
            kept.append({k: v for k, v in form.cleaned_data.items() if k != "DELETE"})
        return kept


RubricFormSet = forms.formset_factory(
    CriterionForm, formset=BaseRubricFormSet, extra=1, can_delete=True, max_num=30
)
RUBRIC_PREFIX = "criteria"


def rubric_formset(data=None, *, call: Call | None = None, initial: list[dict] | None = None):
    """The rubric of `call` (or `initial` rows) as a formset; bound when `data` is given."""
    if initial is None and call is not None:
        initial = list(
            call.criteria.values(
                "title_th", "title_en", "guidance_th", "guidance_en", "weight", "max_points"
            )
        )
    return RubricFormSet(data, initial=initial, prefix=RUBRIC_PREFIX)


class CloseCallForm(forms.Form):
    note = forms.CharField(
        label=_("Why close early? (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the call's state log."),
    )
