"""The awards app's forms: they validate; the services (awards.services) write."""

from datetime import timedelta
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from grants.models import Province

from .enums import AmendmentKind, ReportKind
from .models import AgreementTerms, Report
from .services.tranches import plan_problem

REASON_MAX_LENGTH = 2000
# The browser's date picker reads and writes ISO dates, whatever the language.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReasonForm(forms.Form):
    """Why the officer suspends, resumes or cancels a grant (kept in its state log)."""

    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the grant's state log and shown to the grantee."),
    )


class AgreementTermsForm(forms.ModelForm):
    class Meta:
        model = AgreementTerms
        fields = ["terms_th", "terms_en"]
        widgets = {
            "terms_th": forms.Textarea(attrs={"rows": 12}),
            "terms_en": forms.Textarea(attrs={"rows": 12}),
        }
        help_texts = {
            "terms_th": _(
                "One term per paragraph (a blank line between two). Printed, numbered, in "
                "every agreement of the call issued from now on."
            ),
        }


class IssueAgreementForm(forms.Form):
    note = forms.CharField(
        label=_("Note printed in the agreement (optional)"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AcceptAgreementForm(forms.Form):
    """The grantee's authorised person signs by typing their name, for the exact PDF shown."""

    name = forms.CharField(label=_("Your full name (as your signature)"), max_length=200)
    position = forms.CharField(label=_("Your position in the organisation"), max_length=200)
    sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)
    confirm = forms.BooleanField(
        label=_("I have read the agreement and I am authorised to sign it for the organisation.")
    )


class TrancheForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount (baht)"), max_digits=14, decimal_places=2, min_value=Decimal("0.01")
    )
    milestone = forms.CharField(label=_("Milestone"), max_length=300)
    report_due = forms.DateField(label=_("Report due"), widget=DATE_INPUT)


class BaseTranchePlanFormSet(forms.BaseFormSet):
    """The tranches of one grant: they must add up to it (the service's own check)."""

    def __init__(self, *args, grant_amount: Decimal, **kwargs):
        self.grant_amount = grant_amount
        super().__init__(*args, **kwargs)

    def tranches(self) -> list[dict]:
        return [
            {key: value for key, value in form.cleaned_data.items() if key != "DELETE"}
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        problem = plan_problem(self.grant_amount, [t["amount"] for t in self.tranches()])
        if problem:
            # At the field: on each tranche's amount, and for the plan as a whole.
            for form in self.forms:
                if form.cleaned_data and not form.cleaned_data.get("DELETE"):
                    form.add_error("amount", problem)
            raise forms.ValidationError(problem)


TranchePlanFormSet = forms.formset_factory(
    TrancheForm, formset=BaseTranchePlanFormSet, extra=0, can_delete=True, min_num=1, max_num=12
)


def tranche_plan_formset(grant, data=None) -> BaseTranchePlanFormSet:
    """The plan's formset: the saved tranches, or 40 / 40 / 20 % of the grant to start with."""
    initial = [
        {"amount": t.amount, "milestone": t.milestone, "report_due": t.report_due}
        for t in grant.tranches.order_by("position")
    ] or default_plan(grant)
    return TranchePlanFormSet(data, initial=initial, prefix="tranche", grant_amount=grant.amount)


def default_plan(grant) -> list[dict]:
    """40 / 40 / 20 % of the grant (the last tranche takes the rounding), reports due at a
    third, two thirds and the end of the period."""
    shares = [Decimal("0.4"), Decimal("0.4")]
    amounts = [(grant.amount * s).quantize(Decimal("0.01")) for s in shares]
    amounts.append(grant.amount - sum(amounts))
    days = (grant.ends_on - grant.starts_on).days
    dues = [
        grant.starts_on + timedelta(days=days // 3),
        grant.starts_on + timedelta(days=2 * days // 3),
        grant.ends_on,
    ]
    milestones = [
        _("Start of the project"),
        _("Half of the activities done"),
        _("Project completed"),
    ]
    return [
        {"amount": a, "milestone": str(m), "report_due": d}
        for a, m, d in zip(amounts, milestones, dues, strict=True)
    ]


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE_INPUT)
    amount = forms.DecimalField(
        label=_("Amount paid (baht)"), max_digits=14, decimal_places=2, min_value=Decimal("0.01")
    )
    bank_reference = forms.CharField(label=_("Bank reference"), max_length=60)


# ---------------------------------------------------------------- reports

ROWS_EXTRA = 2  # empty rows offered under the filled ones (no script needed to add one)


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Indicator"), max_length=200)
    target = forms.CharField(label=_("Target"), max_length=100)
    actual = forms.CharField(label=_("Actual"), max_length=100, required=False)


class SpendingForm(forms.Form):
    line = forms.CharField(label=_("Budget line"), max_length=250)
    planned = forms.DecimalField(label=_("Planned (baht)"), max_digits=14, decimal_places=2)
    # Left empty on a progress report for the lines nothing was spent on yet.
    spent = forms.DecimalField(
        label=_("Spent (baht)"),
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0"),
        required=False,
    )


class OutcomeForm(forms.Form):
    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.all(), to_field_name="code"
    )
    group = forms.CharField(label=_("Group"), max_length=120)
    people = forms.IntegerField(label=_("People reached"), min_value=0)


def _rows(form_class):
    return forms.formset_factory(form_class, extra=ROWS_EXTRA, max_num=50, can_delete=True)


IndicatorFormSet = _rows(IndicatorForm)
SpendingFormSet = _rows(SpendingForm)
OutcomeFormSet = _rows(OutcomeForm)


class ReportForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Report
        fields = ["narrative", "lessons", "recommendations", "social_return"]
        widgets = {
            "narrative": forms.Textarea(attrs={"rows": 6}),
            "lessons": forms.Textarea(attrs={"rows": 4}),
            "recommendations": forms.Textarea(attrs={"rows": 4}),
        }


def _json_rows(formset, *, decimals=(), province=False) -> list[dict]:
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None)
        if not data or data.get("DELETE"):
            continue
        row = {key: value for key, value in data.items() if key != "DELETE"}
        for key in decimals:
            row[key] = None if row[key] is None else str(row[key])
        if province:
            row["province"] = row["province"].code
        rows.append(row)
    return rows


class ReportEditor:
    """The report's form and its three tables, bound together; `content()` is what
    awards.services.reports.save_report writes."""

    def __init__(self, report, data=None):
        self.report = report
        final = report.kind == ReportKind.FINAL
        self.form = ReportForm(data, instance=report, initial={"version": report.version})
        if not final:
            for name in ("lessons", "recommendations", "social_return"):
                del self.form.fields[name]
        self.indicators = IndicatorFormSet(data, initial=report.indicators, prefix="indicators")
        self.spending = SpendingFormSet(
            data, initial=report.spending or budget_rows(report), prefix="spending"
        )
        self.outcomes = OutcomeFormSet(data, initial=report.outcomes, prefix="outcomes")
        self.final = final

    @property
    def parts(self):
        return [self.form, self.indicators, self.spending, self.outcomes]

    def is_valid(self) -> bool:
        results = [part.is_valid() for part in self.parts]  # every part, to show every error
        return all(results)

    @property
    def expected_version(self) -> int | None:
        return self.form.cleaned_data.get("version") if hasattr(self.form, "cleaned_data") else None

    def content(self) -> dict:
        data = self.form.cleaned_data
        content = {
            "narrative": data.get("narrative", ""),
            "indicators": _json_rows(self.indicators),
            "spending": _json_rows(self.spending, decimals=("planned", "spent")),
            "outcomes": _json_rows(self.outcomes, province=True),
        }
        if self.final:
            content |= {
                "lessons": data.get("lessons", ""),
                "recommendations": data.get("recommendations", ""),
                "social_return": data.get("social_return"),
            }
        return content


def budget_rows(report) -> list[dict]:
    """The grant's budget lines (the proposal's, as amended), to fill in what was spent."""
    return [{"line": row["line"], "planned": row["amount"]} for row in report.grant.budget]


class ReviewReportForm(forms.Form):
    comment = forms.CharField(
        label=_("Comments for the grantee"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you ask for changes."),
    )


# ---------------------------------------------------------------- amendments and closure


class AmendmentForm(forms.Form):
    """What the grantee asks to change; the fields of the chosen kind are read."""

    kind = forms.ChoiceField(label=_("What to change"), choices=AmendmentKind.choices)
    reason = forms.CharField(
        label=_("Why"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    ends_on = forms.DateField(label=_("New end date"), required=False, widget=DATE_INPUT)
    move_from = forms.ChoiceField(label=_("Move money from"), required=False)
    move_to = forms.ChoiceField(label=_("To"), required=False)
    move_amount = forms.DecimalField(
        label=_("Amount to move (baht)"), required=False, max_digits=14, decimal_places=2
    )
    contact_name = forms.CharField(label=_("New contact person"), required=False, max_length=200)
    contact_email = forms.EmailField(label=_("Their email"), required=False)
    contact_phone = forms.CharField(label=_("Their phone"), required=False, max_length=20)

    def __init__(self, *args, grant, **kwargs):
        super().__init__(*args, **kwargs)
        lines = [("", "—")] + [(row["line"], row["line"]) for row in grant.budget]
        self.fields["move_from"].choices = lines
        self.fields["move_to"].choices = lines

    def changes(self) -> dict:
        data = self.cleaned_data
        return {key: value for key, value in data.items() if key not in ("kind", "reason")}


class DecideAmendmentForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the grantee"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you refuse."),
    )


class CloseGrantForm(forms.Form):
    remainder_reason = forms.CharField(
        label=_("Why the unpaid remainder is cancelled (only if money is left unpaid)"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
