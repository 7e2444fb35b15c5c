"""The officer's grant list filters: call, state, a report overdue, the next tranche."""

from datetime import timedelta

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from grants.models import Call

from .enums import GrantState
from .models import Grant


def calls_of(request):
    """The calls offered in the filter: those whose grants the person sees."""
    if request is None:
        return Call.objects.none()
    from .queries import grants_run_by  # queries import nothing from here; avoids a loop

    return Call.objects.filter(pk__in=grants_run_by(request.user).values("call_id")).order_by(
        "-results_at", "pk"
    )


class AllYesNoWidget(django_filters.widgets.BooleanWidget):
    """Yes, no, or "all" (django-filter's own says "unknown" when nothing is chosen)."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", _("All")), ("true", _("Yes")), ("false", _("No"))]


class GrantFilter(django_filters.FilterSet):
    call = django_filters.ModelChoiceFilter(
        label=pgettext_lazy("grant filter", "Call"),
        queryset=calls_of,
        to_field_name="slug",
        empty_label=_("Every call"),
    )
    state = django_filters.ChoiceFilter(
        label=pgettext_lazy("grant filter", "State"),
        choices=GrantState.choices,
        empty_label=_("Any state"),
    )

    overdue = django_filters.BooleanFilter(
        label=_("A report is overdue"),
        field_name="has_overdue_report",
        widget=AllYesNoWidget(),
    )
    next_tranche = django_filters.ChoiceFilter(
        label=_("Next tranche"),
        choices=[
            ("payable", _("Payable now (its report approved)")),
            ("due_30", _("Its report is due within 30 days")),
        ],
        method="filter_next_tranche",
        empty_label=_("Any"),
    )

    class Meta:
        model = Grant
        fields = ["call", "state", "overdue", "next_tranche"]

    def filter_next_tranche(self, queryset, name, value):
        """On a queryset annotated by awards.queries.with_progress."""
        if value == "payable":
            return queryset.filter(has_payable_tranche=True)
        today = timezone.localdate()
        return queryset.filter(next_report_due__range=(today, today + timedelta(days=30)))

    @property
    def form(self):
        form = super().form
        if not hasattr(form, "helper"):
            form.helper = FormHelper()
            form.helper.form_method = "get"
            form.helper.form_tag = False
            form.helper.disable_csrf = True
            form.helper.layout = Layout(*self.Meta.fields)
        return form
