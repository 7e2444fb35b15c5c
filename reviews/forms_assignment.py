"""Forms of the assignment pages: the reviewer's profile, the panel, assigning by hand."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from grants.models import Sector
from portal.models import User
from proposals.validators import validate_thai_tax_id

from .models import ReviewerProfile


class ReviewerProfileForm(forms.ModelForm):
    expertise = forms.ModelMultipleChoiceField(
        label=_("Your expertise"),
        queryset=Sector.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Proposals in these sectors are offered to you first."),
    )

    class Meta:
        model = ReviewerProfile
        fields = ["organisation_name", "organisation_tax_id", "max_per_call"]
        help_texts = {
            "organisation_tax_id": _(
                "13 digits. Used with the organisation's name to find conflicts with "
                "applicants from your organisation."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation_tax_id"].validators = [
            RegexValidator(r"^\d{13}$", _("Enter the 13 digits of the tax ID.")),
            validate_thai_tax_id,
        ]
        self.fields["organisation_tax_id"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "off"}
        )
        if self.instance.pk:
            self.fields["expertise"].initial = list(
                self.instance.expertise.values_list("pk", flat=True)
            )

    def clean_organisation_tax_id(self) -> str:
        return "".join(self.cleaned_data.get("organisation_tax_id", "").split())


class PanelMemberForm(forms.Form):
    """Add a reviewer: chosen from the list, or found by email."""

    reviewer = forms.ModelChoiceField(
        label=_("Reviewer"), queryset=User.objects.none(), required=False
    )
    email = forms.EmailField(label=_("or by email"), required=False)
    max_proposals = forms.IntegerField(
        label=_("Cap in this call"),
        required=False,
        min_value=1,
        max_value=500,
        help_text=_("Leave empty to use the reviewer's own maximum."),
    )

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = candidates if candidates is not None else User.objects.none()
        self.fields["reviewer"].queryset = self.candidates
        self.fields["reviewer"].label_from_instance = lambda u: f"{u.get_full_name()} ({u.email})"

    def clean(self):
        data = super().clean()
        if data.get("reviewer") is None and data.get("email"):
            data["reviewer"] = self.candidates.filter(email__iexact=data["email"]).first()
            if data["reviewer"] is None:
                self.add_error(
                    "email", _("No reviewer with this email address is waiting to join.")
                )
        elif data.get("reviewer") is None and not self.errors:
            raise forms.ValidationError(_("Choose a reviewer or enter their email address."))
        return data


class AssignForm(forms.Form):
    """Assign one panel reviewer to one proposal (the choices are set by the view)."""

    proposal = forms.ModelChoiceField(label=_("Proposal"), queryset=None)
    reviewer = forms.ModelChoiceField(label=_("Reviewer"), queryset=None)

    def __init__(self, *args, proposals, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = proposals
        self.fields["proposal"].label_from_instance = lambda p: f"{p.reference} {p.title}"
        self.fields["reviewer"].queryset = reviewers
        self.fields["reviewer"].label_from_instance = lambda u: u.get_full_name() or u.email
