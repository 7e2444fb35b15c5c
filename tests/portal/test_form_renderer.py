"""portal.form_renderer: the widgets it writes itself come out as Django's templates write
them, escaping included."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from portal.form_renderer import QUICK_INPUTS

TEMPLATES = DjangoTemplates()
TRICKY = "ก & <b>\"x\"</b> 'y'"


class Everything(forms.Form):
    text = forms.CharField(max_length=20, widget=forms.TextInput(attrs={"data-counter": ""}))
    number = forms.DecimalField(min_value=0, max_value=10, decimal_places=2)
    flag = forms.BooleanField(required=False)
    hidden = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    choice = forms.ChoiceField(
        choices=[("", "—"), ("a", TRICKY), ("Group <1>", [("b", "B"), ("c", "C & D")])]
    )
    many = forms.MultipleChoiceField(choices=[("1", "one"), ("2", "two")])
    boxes = forms.MultipleChoiceField(
        choices=[("1", "one"), ("2", "two")], widget=forms.CheckboxSelectMultiple
    )
    when = forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))


DATA = {
    "text": TRICKY,
    "number": "-1",
    "flag": "on",
    "hidden": "7",
    "note": TRICKY + "\n</textarea>",
    "choice": "c",
    "many": ["1", "2"],
    "boxes": ["2"],
    "when": "",
}


@pytest.mark.parametrize("data", [None, DATA], ids=["unbound", "bound-with-errors"])
@pytest.mark.parametrize("name", list(Everything.base_fields))
def test_each_widget_is_written_as_djangos_template_writes_it(name, data):
    quick = Everything(data, renderer=QUICK_INPUTS)
    slow = Everything(data, renderer=TEMPLATES)
    if data:
        assert not quick.is_valid() and not slow.is_valid()
    assert str(quick[name]) == str(slow[name])
    assert "<b>" not in str(quick[name])  # escaped, never markup
