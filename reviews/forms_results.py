"""The form of the results step: publishing."""

from django import forms
from django.utils.translation import gettext_lazy as _


class PublishForm(forms.Form):
    thai_numerals = forms.BooleanField(
        label=_("Print numbers on the Thai announcement as Thai numerals (๑๒๓)"),
        required=False,
    )
