"""The officer's forms: screening (one or many), requests for information, extensions."""

from django import forms
from django.utils.translation import gettext_lazy as _

DATETIME_LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ScreeningForm(forms.Form):
    eligible = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Eligible")), ("0", _("Ineligible"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the proposal is ineligible."),
    )

    def clean(self):
        data = super().clean()
        if data.get("eligible") is False and not data.get("reason", "").strip():
            self.add_error("reason", _("Say why the proposal is ineligible."))
        return data


class BulkScreeningForm(forms.Form):
    ACTIONS = [("eligible", _("Mark eligible")), ("ineligible", _("Mark ineligible"))]

    action = forms.ChoiceField(choices=ACTIONS)
    reason = forms.CharField(required=False, max_length=2000)
    ids = forms.CharField(required=False)  # the checked rows; the view keeps the call's own

    def clean_ids(self) -> list[int]:
        return [int(pk) for pk in self.data.getlist("ids") if str(pk).isdigit()]

    def clean(self):
        data = super().clean()
        if data.get("action") == "ineligible" and not data.get("reason", "").strip():
            self.add_error("reason", _("Say why the proposals are ineligible."))
        return data


class InformationRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Information needed"), widget=forms.Textarea(attrs={"rows": 4})
    )
    due = forms.DateTimeField(
        label=_("Due (Bangkok time)"),
        widget=DATETIME_LOCAL,
        help_text=_("The applicant can edit and resubmit until then."),
    )


class ExtensionForm(forms.Form):
    until = forms.DateTimeField(label=_("Extended until (Bangkok time)"), widget=DATETIME_LOCAL)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
