"""The filters of the public list of funded projects: words, sector, province, region,
programme, year, amount range, and the order."""

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from grants.enums import Region
from grants.models import Programme, Province, Sector
from portal.formatting import is_thai

from . import queries

BUDDHIST_ERA_OFFSET = 543

# The list's orders: (value in the address, ordering, label).
ORDERS = [
    ("newest", None, _("Newest results first")),
    ("oldest", ("call__publication__published_at", "call_id", "sequence"), _("Oldest first")),
    ("amount_desc", ("-decision__amount", "pk"), _("Largest grant first")),
    ("amount_asc", ("decision__amount", "pk"), _("Smallest grant first")),
    ("title", ("title", "pk"), pgettext_lazy("order", "Title (A–Z)")),
]


def year_choices(years: list[int]) -> list[tuple[int, str]]:
    """`years` labelled in the Buddhist Era in Thai."""
    offset = BUDDHIST_ERA_OFFSET if is_thai() else 0
    return [(year, str(year + offset)) for year in years]


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=pgettext_lazy("project filter", "Search"),
        method="filter_text",
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Title, organisation or reference")}
        ),
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"),
        field_name="sectors",
        queryset=Sector.objects.all(),
        to_field_name="code",
        empty_label=_("Any sector"),
    )
    region = django_filters.ChoiceFilter(
        label=_("Region"),
        choices=Region.choices,
        method="filter_region",
        empty_label=_("Any region"),
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Province"),
        queryset=Province.objects.all(),
        to_field_name="code",
        method="filter_province",
        empty_label=_("Any province"),
    )
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"),
        field_name="call__programme",
        queryset=Programme.objects.all(),
        to_field_name="code",
        empty_label=_("Any programme"),
    )
    year = django_filters.ChoiceFilter(
        label=pgettext_lazy("year of the results", "Year"),
        choices=[],  # the years with funded projects: see __init__
        method="filter_year",
        empty_label=_("Any year"),
    )
    amount_min = django_filters.NumberFilter(
        label=_("Grant from (baht)"), field_name="decision__amount", lookup_expr="gte", min_value=0
    )
    amount_max = django_filters.NumberFilter(
        label=_("Grant up to (baht)"), field_name="decision__amount", lookup_expr="lte", min_value=0
    )
    sort = django_filters.ChoiceFilter(
        label=_("Order"),
        choices=[(value, label) for value, _order, label in ORDERS],
        method="filter_sort",
        empty_label=None,
    )

    def __init__(self, *args, years: list[int] | None = None, **kwargs):
        """`years`: queries.funded_years(), when the caller has them already."""
        super().__init__(*args, **kwargs)
        years = queries.funded_years() if years is None else years
        self.filters["year"].extra["choices"] = year_choices(years)

    def filter_text(self, queryset, name, value):
        return queries.matching_words(queryset, value)

    def filter_year(self, queryset, name, value):
        return queryset.filter(call__publication__published_at__year=int(value))

    def filter_region(self, queryset, name, value):
        return queries.in_region(queryset, value)

    def filter_province(self, queryset, name, value):
        return queries.in_province(queryset, value)

    def filter_sort(self, queryset, name, value):
        order = {key: fields for key, fields, _label in ORDERS}.get(value)
        return queryset.order_by(*order) if order else queryset

    @property
    def form(self):
        form = super().form
        if not hasattr(form, "helper"):
            form.helper = FormHelper()
            form.helper.form_method = "get"
            form.helper.form_tag = False
            form.helper.disable_csrf = True
            # The buttons are in the template, which also holds the <form> tag.
            form.helper.layout = Layout(*FIELDS)
        return form


FIELDS = [
    "q",
    "sector",
    "region",
    "province",
    "programme",
    "year",
    "amount_min",
    "amount_max",
    "sort",
]
