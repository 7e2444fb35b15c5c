"""The committee's decision form; the budget itself is checked by the service, under a lock."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.formatting import format_baht

from .enums import DecisionOutcome

Outcome = DecisionOutcome


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    amount = forms.DecimalField(
        label=_("Amount awarded (baht)"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=14,
        decimal_places=2,
        help_text=_("For an award: at most the requested amount."),
    )
    reserve_rank = forms.IntegerField(
        label=_("Place on the reserve list"),
        required=False,
        min_value=1,
        max_value=999,
        help_text=_("1 is the first to be offered a grant if an awarded project drops out."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the decision; shown to the applicant with the results."),
    )

    def __init__(self, *args, proposal, **kwargs):
        self.proposal = proposal
        super().__init__(*args, **kwargs)
        if proposal.requested_amount is not None:
            self.fields["amount"].widget.attrs["max"] = f"{proposal.requested_amount:f}"

    def clean(self):
        data = super().clean()
        outcome = data.get("outcome")
        amount = data.get("amount")
        if outcome == Outcome.AWARD:
            requested = self.proposal.requested_amount or Decimal("0")
            if amount is None:
                self.add_error("amount", _("Enter the amount awarded."))
            elif amount > requested:
                self.add_error(
                    "amount",
                    _("The award cannot be more than the requested %(amount)s.")
                    % {"amount": format_baht(requested)},
                )
        if outcome == Outcome.RESERVE and not data.get("reserve_rank"):
            self.add_error("reserve_rank", _("Give the place on the reserve list."))
        return data
