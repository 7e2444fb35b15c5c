"""The sectors a person follows, to hear about their new calls.

Forms only validate; `grants.services.set_followed_sectors` writes.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Sector


class FollowForm(forms.Form):
    sectors = forms.ModelMultipleChoiceField(
        label=_("Tell me about new calls in these sectors"),
        queryset=Sector.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
