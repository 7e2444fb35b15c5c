"""The form of the results step: publishing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Publication


def _signatory_field(name: str, *, required: bool, help_text) -> forms.Field:
    return Publication._meta.get_field(name).formfield(required=required, help_text=help_text)


class PublishForm(forms.Form):
    signatory_name_th = _signatory_field(
        "signatory_name_th",
        required=True,
        help_text=_("Printed in brackets under the signature, e.g. นายสมชาย ใจดี."),
    )
    signatory_position_th = _signatory_field(
        "signatory_position_th",
        required=True,
        help_text=_("e.g. ผู้อำนวยการสำนักงานนวัตกรรมแห่งชาติ"),
    )
    signatory_name_en = _signatory_field(
        "signatory_name_en",
        required=False,
        help_text=_("For the English announcement; the Thai is printed when empty."),
    )
    signatory_position_en = _signatory_field(
        "signatory_position_en",
        required=False,
        help_text=_("For the English announcement; the Thai is printed when empty."),
    )
    thai_numerals = forms.BooleanField(
        label=_("Print numbers on the Thai announcement as Thai numerals (๑๒๓)"),
        required=False,
    )
