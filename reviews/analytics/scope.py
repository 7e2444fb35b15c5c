"""Which calls a person sees on the analytics pages, and the filters of the across-calls page.

The same rule as the call's page (rules.can_see_call_analytics): the administrators and the
committee see every call that is not a draft, an officer the calls they run. A draft has
nothing to count yet.
"""

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from grants.enums import CallState
from grants.models import Call, Programme
from portal.formatting import BUDDHIST_ERA_OFFSET, is_thai
from portal.rules import is_administrator, is_committee_member, is_officer


def analytics_calls(user) -> QuerySet:
    """The calls whose numbers `user` may read here (none for anybody else). A multi-stage
    call counts once, by its first stage (where everybody applied)."""
    calls = Call.objects.exclude(state=CallState.DRAFT).first_stages()
    if is_administrator(user) or is_committee_member(user):
        return calls
    if is_officer(user):
        return calls.filter(pk__in=Call.objects.managed_by(user).values("pk"))
    return calls.none()


def reviewer_names_hidden(calls: QuerySet, user) -> bool:
    """Whether reviewers are shown as "Reviewer 1, 2…": some call among `calls` is blind and
    `user` does not run it (reviews.blind: the committee reads blind calls without the
    reviewers' names). One query at most."""
    if is_administrator(user):
        return False
    blind = calls.filter(blind_review=True)
    if is_officer(user):
        blind = blind.exclude(pk__in=Call.objects.managed_by(user).values("pk"))
    return blind.exists()


def year_label(year: int) -> str:
    """A Common-Era year as the page prints it: the Buddhist Era in Thai (2026 → 2569)."""
    return str(year + BUDDHIST_ERA_OFFSET) if is_thai() else str(year)


class AnalyticsFilter(django_filters.FilterSet):
    """Programme and year (of the call's submission deadline, Bangkok time)."""

    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"),
        queryset=Programme.objects.all(),
        to_field_name="code",
        empty_label=_("Any programme"),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"),
        field_name="deadline__year",
        empty_label=_("Every year"),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    class Meta:
        model = Call
        fields = ["programme", "year"]

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        years = sorted({d.year for d in self.queryset.dates("deadline", "year")}, reverse=True)
        # Before the form is made: the filter gives its field these choices.
        self.filters["year"].extra["choices"] = [(y, year_label(y)) for y in years]

    def _chosen(self, name: str):
        """A filter's valid value (one that does not validate is left out, as in `qs`)."""
        self.form.is_valid()
        return getattr(self.form, "cleaned_data", {}).get(name)

    @property
    def chosen_year(self) -> int | None:
        year = self._chosen("year")
        return int(year) if year else None

    @property
    def chosen_programme(self):
        return self._chosen("programme")
