"""The officer's list of a call's proposals: filters, free text and sorting."""

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from grants.enums import ApplicantType
from grants.models import Province, Sector

from .enums import ProposalState
from .models import Proposal
from .search import search_proposals
from .states import RECEIVED_STATES

RECEIVED_CHOICES = [
    (value, label) for value, label in ProposalState.choices if value in RECEIVED_STATES
]


class ProposalFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=pgettext_lazy("proposal filter", "Search"),
        method="filter_text",
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Any words, in Thai or English")}
        ),
    )
    state = django_filters.ChoiceFilter(
        label=pgettext_lazy("proposal filter", "Status"),
        choices=RECEIVED_CHOICES,
        empty_label=_("Any status"),
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"),
        queryset=Sector.objects.all(),
        to_field_name="code",
        method="filter_sector",
        empty_label=_("Any sector"),
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Province"),
        queryset=Province.objects.all(),
        to_field_name="code",
        empty_label=_("Any province"),
    )
    applicant_type = django_filters.ChoiceFilter(
        label=_("Type of organisation"),
        field_name="organisation__type",
        choices=ApplicantType.choices,
        empty_label=_("Any type"),
    )
    amount_min = django_filters.NumberFilter(
        label=_("Requested at least (baht)"), field_name="requested_amount", lookup_expr="gte"
    )
    amount_max = django_filters.NumberFilter(
        label=_("Requested at most (baht)"), field_name="requested_amount", lookup_expr="lte"
    )
    o = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=[
            ("sequence", "reference"),
            ("title", "title"),
            ("organisation__name", "organisation"),
            ("requested_amount", "amount"),
            ("submitted_at", "submitted"),
        ],
        field_labels={
            "sequence": _("Reference"),
            "title": _("Title"),
            "organisation__name": _("Organisation"),
            "requested_amount": _("Requested amount"),
            "submitted_at": _("Submitted at"),
        },
    )

    class Meta:
        model = Proposal
        fields = ["q", "state", "sector", "province", "applicant_type", "amount_min", "amount_max"]

    def filter_text(self, queryset, name, value):
        """Proposals holding every word (proposals.search), best first."""
        return search_proposals(queryset, value)

    def filter_sector(self, queryset, name, value):
        # Any of the proposal's sectors; a subquery, so a proposal is never listed twice.
        through = Proposal.sectors.through.objects.filter(sector=value).values("proposal_id")
        return queryset.filter(Q(primary_sector=value) | Q(pk__in=through))

    @property
    def qs(self):
        queryset = super().qs
        # Reference order unless the officer chose another; pk breaks ties for stable pages.
        ordering = list(queryset.query.order_by) if queryset.query.order_by else ["sequence"]
        return queryset.order_by(*ordering, "pk")

    @property
    def form(self):
        form = super().form
        if not hasattr(form, "helper"):
            form.helper = FormHelper()
            form.helper.form_method = "get"
            form.helper.form_tag = False
            form.helper.disable_csrf = True
            form.helper.layout = Layout(
                "q", "state", "sector", "province", "applicant_type", "amount_min", "amount_max"
            )
        return form
