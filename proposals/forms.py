"""The forms of proposals: the applicant's (the organisation, the proposal with its rows and
answers) and the officer's (screening one or many, requests for information, extensions).

Forms only validate; `proposals.services` writes, and decides the rules (an ineligible
proposal needs a reason, a due date lies ahead): its refusals land on these forms.
"""

from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from grants.models import Province, Sector
from grants.stages import hidden_parts
from portal.form_renderer import QUICK_INPUTS

from .answers import AnswersForm
from .completeness import MAX_SECTORS
from .enums import MemberRole
from .fieldchecks import ModelChecksMixin, limit_length
from .models import BudgetLine, Organisation, Outcome, Proposal, TeamMember
from .services.drafting import DraftContent


def _whole_baht(amount):
    """150000, not 150000.00, in an input; an amount with satang keeps them."""
    if isinstance(amount, Decimal) and amount == amount.to_integral_value():
        return amount.quantize(Decimal(1))
    return amount


def _helper(layout=None) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if layout is not None:
        helper.layout = layout
    return helper


class TaxIdField(forms.CharField):
    """A tax or citizen ID as people type it: dashes and spaces are left out before the
    13 digits are checked."""

    def to_python(self, value):
        return super().to_python(value).replace("-", "").replace(" ", "")


class OrganisationForm(ModelChecksMixin, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "type", "province", "address", "phone", "tax_id"]
        field_classes = {"tax_id": TaxIdField}
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = Province.objects.order_by("position", "code")
        # 13 digits, typed with dashes or spaces if one likes (TaxIdField leaves them out).
        self.fields["tax_id"].widget.attrs.update({"inputmode": "numeric", "maxlength": 17})
        self.helper = _helper(
            Layout(
                "name",
                Row(Column("type", css_class="col-md-6"), Column("province", css_class="col-md-6")),
                "address",
                Row(Column("phone", css_class="col-md-6"), Column("tax_id", css_class="col-md-6")),
            )
        )


class ProposalForm(ModelChecksMixin, forms.ModelForm):
    """The proposal's own fields. Only the title is required to save a draft."""

    default_renderer = QUICK_INPUTS
    version = forms.IntegerField(widget=forms.HiddenInput)
    sectors = forms.ModelMultipleChoiceField(
        queryset=Sector.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Sectors (1 to 3)"),
    )

    class Meta:
        model = Proposal
        fields = [
            "title",
            "summary",
            "problem",
            "innovation",
            "target_group",
            "province",
            "district",
            "sectors",
            "primary_sector",
            "requested_amount",
            "duration_months",
        ]
        widgets = {
            "title": forms.TextInput(attrs={"data-counter": ""}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "problem": forms.Textarea(attrs={"rows": 4}),
            "innovation": forms.Textarea(attrs={"rows": 4}),
            "target_group": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        call = self.instance.call
        self.call = call
        self.fields["version"].initial = self.instance.version
        self.initial["requested_amount"] = _whole_baht(self.initial.get("requested_amount"))
        eligible = call.sectors.all()
        self.fields["sectors"].queryset = eligible
        self.fields["primary_sector"].queryset = eligible
        self.fields["province"].queryset = Province.objects.order_by("position", "code")
        self.fields["requested_amount"].widget.attrs["max"] = call.max_per_proposal
        self.fields["requested_amount"].help_text = _("At most %(max)s.") % {
            "max": f"{call.max_per_proposal:,.0f}"
        }
        # Laid out by templates/proposals/includes/project_fields.html.

    def clean_sectors(self):
        sectors = self.cleaned_data.get("sectors")
        if sectors is not None and len(sectors) > MAX_SECTORS:
            raise ValidationError(_("Choose at most 3 sectors."), code="too_many_sectors")
        return sectors

    def clean_requested_amount(self):
        amount = self.cleaned_data.get("requested_amount")
        if amount is not None and amount > self.call.max_per_proposal:
            raise ValidationError(
                _("This call gives at most %(max)s per proposal."),
                code="over_max",
                params={"max": f"{self.call.max_per_proposal:,.0f}"},
            )
        return amount

    def clean(self):
        cleaned = super().clean()
        sectors, primary = cleaned.get("sectors"), cleaned.get("primary_sector")
        if primary is not None and sectors is not None and primary not in sectors:
            self.add_error("primary_sector", _("The primary sector must be one of those chosen."))
        return cleaned

    def _post_clean(self):
        # No model validation here: a draft may be incomplete, and services write. Each
        # field checks its model field's rules itself (ModelChecksMixin): a draft may lack
        # a value, never hold one out of range.
        pass


class BudgetLineForm(ModelChecksMixin, forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["item", "amount"]


class TeamMemberForm(ModelChecksMixin, forms.ModelForm):
    class Meta:
        model = TeamMember
        fields = ["name", "role", "organisation"]


class OutcomeForm(ModelChecksMixin, forms.ModelForm):
    class Meta:
        model = Outcome
        fields = ["outcome", "indicator", "target"]


def _formset(form_class, extra: int = 2):
    # Some 70 inputs in the three tables: rendered without a template each (QUICK_INPUTS).
    return forms.formset_factory(form_class, extra=extra, can_delete=True, renderer=QUICK_INPUTS)


BudgetFormSet = _formset(BudgetLineForm, extra=3)
TeamFormSet = _formset(TeamMemberForm)
OutcomeFormSet = _formset(OutcomeForm)

ROW_FIELDS = {
    "budget": ("budget_lines", BudgetFormSet, ["item", "amount"]),
    "team": ("team", TeamFormSet, ["name", "role", "organisation"]),
    "outcomes": ("outcomes", OutcomeFormSet, ["outcome", "indicator", "target"]),
}


class ProposalEditor:
    """The proposal form, its three row formsets and the call's questions, bound together."""

    def __init__(self, proposal: Proposal, data=None):
        self.proposal = proposal
        # The parts this stage of the call does not ask (grants.stages: a concept note's
        # short form): not shown, and a save leaves them as stored.
        self.hidden = hidden_parts(proposal.call)
        self.short_form = bool(self.hidden)
        self.form = ProposalForm(data, instance=proposal, initial={"version": proposal.version})
        if data is None:
            self.form.initial["sectors"] = list(proposal.sectors.all())
        self.formsets = {}
        for prefix, (related, formset_class, names) in ROW_FIELDS.items():
            # Bound, the posted rows are the whole truth. With the stored rows as `initial`,
            # a row autosaved a moment ago would count as unchanged, an unchanged extra row
            # is skipped, and the next save would delete it.
            initial = None
            if data is None:
                initial = [
                    {name: _whole_baht(getattr(row, name)) for name in names}
                    for row in getattr(proposal, related).all()
                ]
            self.formsets[prefix] = formset_class(data, prefix=prefix, initial=initial)
        self.answers = AnswersForm(data, proposal=proposal, prefix="answers")
        self.answers.helper = _helper()

    @property
    def budget(self):
        return self.formsets["budget"]

    @property
    def team(self):
        return self.formsets["team"]

    @property
    def outcomes(self):
        return self.formsets["outcomes"]

    def is_valid(self) -> bool:
        results = [self.form.is_valid(), self.answers.is_valid()]
        results += [
            formset.is_valid()
            for prefix, formset in self.formsets.items()
            if ROW_FIELDS[prefix][0] not in self.hidden
        ]
        return all(results)

    @property
    def expected_version(self) -> int | None:
        try:
            return int(self.form.data.get("version"))
        except (TypeError, ValueError):
            return None

    @staticmethod
    def _rows(formset, names) -> list[dict]:
        rows = []
        for form in formset.forms:
            data = getattr(form, "cleaned_data", {})
            if data and not data.get("DELETE"):
                rows.append({name: data.get(name) for name in names})
        return rows

    def content(self) -> DraftContent:
        """What to save after is_valid(): fields and row lists with errors stay as stored."""
        cleaned = getattr(self.form, "cleaned_data", {})
        fields = {
            name: value
            for name, value in cleaned.items()
            if name not in ("version", "sectors") and name not in self.form.errors
        }
        if fields.get("title") in (None, ""):
            fields.pop("title", None)
        sectors = None if "sectors" in self.form.errors else cleaned.get("sectors")
        content = DraftContent(
            fields=fields,
            sectors=list(sectors) if sectors is not None else None,
            answers=self.answers.answers(only_valid=True),
        )
        for prefix, (related, _formset_class, names) in ROW_FIELDS.items():
            if related in self.hidden:
                continue
            formset = self.formsets[prefix]
            # A formset with a broken row is left as stored rather than half-saved.
            if any(f.errors for f in formset.forms) or formset.non_form_errors():
                continue
            setattr(content, related, self._rows(formset, names))
        return content

    def error_labels(self) -> list[str]:
        """The labels of the fields with errors (for autosave's report)."""
        labels = [
            str(self.form.fields[name].label) if name in self.form.fields else name
            for name in self.form.errors
        ]
        labels += [str(self.answers.fields[name].label) for name in self.answers.errors]
        titles = {"budget": _("Budget"), "team": _("Team"), "outcomes": _("Expected outcomes")}
        labels += [
            str(titles[prefix])
            for prefix, formset in self.formsets.items()
            if any(f.errors for f in formset.forms) or formset.non_form_errors()
        ]
        return labels


# The officer's forms


def _note_field(model_field: str, *, rows: int = 3, **kwargs) -> forms.CharField:
    """A paragraph an officer writes into `model_field` of the proposal, as long as it allows."""
    field = forms.CharField(widget=forms.Textarea(attrs={"rows": rows}), **kwargs)
    return limit_length(field, Proposal._meta.get_field(model_field).max_length)


DATETIME_LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ScreeningForm(forms.Form):
    eligible = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Eligible")), ("0", _("Ineligible"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    reason = _note_field(
        "screening_reason",
        label=_("Reason"),
        required=False,
        help_text=_("Required when the proposal is ineligible."),
    )


class BulkScreeningForm(forms.Form):
    ACTIONS = [("eligible", _("Mark eligible")), ("ineligible", _("Mark ineligible"))]

    action = forms.ChoiceField(choices=ACTIONS)
    reason = forms.CharField(required=False, max_length=2000)
    ids = forms.CharField(required=False)  # the checked rows; the view keeps the call's own

    def clean_ids(self) -> list[int]:
        return [int(pk) for pk in self.data.getlist("ids") if str(pk).isdigit()]


class InformationRequestForm(forms.Form):
    message = _note_field("info_request", label=_("Information needed"), rows=4)
    due = forms.DateTimeField(
        label=_("Due (Bangkok time)"),
        widget=DATETIME_LOCAL,
        help_text=_("The applicant can edit and resubmit until then."),
    )


class ExtensionForm(forms.Form):
    until = forms.DateTimeField(label=_("Extended until (Bangkok time)"), widget=DATETIME_LOCAL)
    reason = _note_field("extension_reason", label=_("Reason"))


class LateDraftChoiceField(forms.ModelChoiceField):
    """A draft that missed the deadline, named by its organisation (and reference, when a
    reopened proposal has one): never by its title."""

    def label_from_instance(self, obj) -> str:
        name = obj.organisation.name
        return f"{name} ({obj.reference})" if obj.reference else name


class LateExtensionForm(ExtensionForm):
    """An extension for one of a call's drafts that missed the deadline (queries.late_drafts)."""

    proposal = LateDraftChoiceField(
        queryset=Proposal.objects.none(),
        label=_("Organisation"),
        empty_label=_("— choose the organisation —"),
    )
    field_order = ["proposal", "until", "reason"]

    def __init__(self, *args, drafts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = drafts


class TeamInvitationForm(forms.Form):
    """An owner invites a colleague by email, with a role."""

    email = forms.EmailField(label=_("Email address"), max_length=254)
    role = forms.ChoiceField(
        label=pgettext_lazy("organisation", "Role"),
        choices=MemberRole.choices,
        initial=MemberRole.EDITOR,
        help_text=_("Owners run the team and edit; editors edit and submit; viewers read only."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update({"autocomplete": "off", "inputmode": "email"})
        self.helper = _helper(
            Layout(Row(Column("email", css_class="col-md-7"), Column("role", css_class="col-md-5")))
        )


class MemberRoleForm(forms.Form):
    """An owner gives a member another role (one small form per row of the team page)."""

    role = forms.ChoiceField(
        label=pgettext_lazy("organisation", "Role"),
        choices=MemberRole.choices,
        widget=forms.Select(attrs={"class": "form-select form-select-sm w-auto"}),
    )
