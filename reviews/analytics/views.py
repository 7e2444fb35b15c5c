"""The analytics pages: one call's, and across the calls a person may see (filtered by
programme and year), each chart with its table and a CSV of the same numbers."""

from dataclasses import dataclass

from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from grants.models import Call
from portal.access import Load, guard
from portal.audit import record_export

from . import rules  # noqa: F401 - registers the permissions the guards name
from .charts import Figure, draw
from .data import Dataset, csv_lines
from .queries import CHARTS, Scope
from .scope import AnalyticsFilter, analytics_calls, year_label

OVERVIEW = "reviews.view_analytics"
CALL_ANALYTICS = "reviews.view_call_analytics"
# No `see`: to anybody who may not read a call's analytics, they do not exist (404).
CALL = Load(Call.objects.select_related("programme"), slug="slug")


@dataclass
class Chart:
    dataset: Dataset
    figure: Figure | None
    csv_url: str


def _charts(scope: Scope, csv_url) -> list[Chart]:
    charts = []
    for key, make in CHARTS.items():
        dataset = make(scope)
        charts.append(Chart(dataset, draw(dataset), csv_url(key)))
    return charts


def _overview_scope(request) -> tuple[Scope, AnalyticsFilter]:
    visible = analytics_calls(request.user)
    filters = AnalyticsFilter(request.GET or None, queryset=visible)
    programme = filters.chosen_programme
    history = visible.filter(programme=programme) if programme else visible
    scope = Scope(calls=filters.qs, history=history, viewer=request.user, year=filters.chosen_year)
    return scope, filters


def _call_scope(request, call: Call) -> Scope:
    return Scope(
        calls=Call.objects.filter(pk=call.pk),
        history=analytics_calls(request.user).filter(programme=call.programme_id),
        viewer=request.user,
        year=timezone.localtime(call.deadline).year,
    )


def _csv_response(dataset: Dataset, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(dataset), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _chart_or_404(key: str):
    if key not in CHARTS:
        raise Http404
    return CHARTS[key]


@guard(OVERVIEW)
def overview(request):
    scope, filters = _overview_scope(request)
    query = request.GET.urlencode()

    def csv_url(key: str) -> str:
        url = reverse("reviews:analytics:overview_csv", kwargs={"chart": key})
        return f"{url}?{query}" if query else url

    calls = list(scope.calls.select_related("programme").order_by("-deadline", "pk"))
    return render(
        request,
        "reviews/analytics/overview.html",
        {
            "filters": filters,
            "programme": filters.chosen_programme,
            "year": year_label(scope.year) if scope.year else "",
            "calls": calls,
            "charts": _charts(scope, csv_url),
            "now": timezone.now(),
        },
    )


@guard(OVERVIEW)
def overview_csv(request, chart):
    make = _chart_or_404(chart)
    scope, _filters = _overview_scope(request)
    record_export(request, None, name=f"analytics-{chart}.csv")
    return _csv_response(make(scope), f"analytics-{chart}.csv")


@guard(CALL_ANALYTICS, load=CALL)
def call_analytics(request, call):
    def csv_url(key: str) -> str:
        return reverse("reviews:analytics:call_csv", kwargs={"slug": call.slug, "chart": key})

    return render(
        request,
        "reviews/analytics/call.html",
        {
            "call": call,
            "charts": _charts(_call_scope(request, call), csv_url),
            "now": timezone.now(),
        },
    )


@guard(CALL_ANALYTICS, load=CALL)
def call_csv(request, call, chart):
    make = _chart_or_404(chart)
    record_export(request, call, name=f"analytics-{chart}.csv")
    return _csv_response(make(_call_scope(request, call)), f"{call.slug}-{chart}.csv")
