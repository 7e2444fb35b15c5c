"""The awards app's forms: they validate; the services (awards.services) write."""

from django import forms
from django.utils.translation import gettext_lazy as _

REASON_MAX_LENGTH = 2000


class ReasonForm(forms.Form):
    """Why the officer suspends, resumes or cancels a grant (kept in its state log)."""

    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the grant's state log and shown to the grantee."),
    )
