"""The public list's filters: phase, programme, sector and free text."""

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .enums import CallPhase
from .models import Call, Programme, Sector

# Drafts are never listed, so they are not offered as a filter either.
PUBLIC_PHASES = [(value, label) for value, label in CallPhase.choices if value != CallPhase.DRAFT]


class CallFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=pgettext_lazy("call filter", "Search"),
        method="filter_text",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Title or description")}),
    )
    phase = django_filters.ChoiceFilter(
        label=pgettext_lazy("call phase filter", "Status"),
        choices=PUBLIC_PHASES,
        method="filter_phase",
        empty_label=_("Any status"),
    )
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"),
        queryset=Programme.objects.all(),
        to_field_name="code",
        empty_label=_("Any programme"),
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"),
        field_name="sectors",
        queryset=Sector.objects.all(),
        to_field_name="code",
        empty_label=_("Any sector"),
    )

    class Meta:
        model = Call
        fields = ["q", "phase", "programme", "sector"]

    def filter_text(self, queryset, name, value):
        words = value.split()
        for word in words:
            queryset = queryset.filter(
                Q(title_th__icontains=word)
                | Q(title_en__icontains=word)
                | Q(description_th__icontains=word)
                | Q(description_en__icontains=word)
            )
        return queryset

    def filter_phase(self, queryset, name, value):
        return queryset.in_phase(value)

    @property
    def form(self):
        form = super().form
        if not hasattr(form, "helper"):
            form.helper = FormHelper()
            form.helper.form_method = "get"
            form.helper.form_tag = False
            form.helper.disable_csrf = True
            # The buttons are in the template, which also holds the <form> tag.
            form.helper.layout = Layout("q", "phase", "programme", "sector")
        return form
