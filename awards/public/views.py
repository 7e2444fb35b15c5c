"""The public pages of funded projects (the list with its map, each project's page) and the
open data (its page, the downloads, the DCAT-AP catalogue). Open to everybody; a call's
results data exists only once its results are published."""

import json

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render

from grants.models import Province
from portal.access import Load, guard, public
from reviews.models import Publication

from . import catalog as dcat
from . import opendata, queries
from .filters import FIELDS, ProjectFilter
from .map import AMOUNT, COUNT
from .map import province_map as map_of

PROJECTS_PER_PAGE = 20
PROJECT = Load(queries.projects().prefetch_related("sectors"), pk="pk")
# As reviews' results page: public once published, and nothing there before.
PUBLICATION = Load(Publication.objects.select_related("call"), call__slug="slug")


def _address(request, **changes) -> str:
    """This page's query string with `changes` (None removes a key) and without the page."""
    query = request.GET.copy()
    query.pop("page", None)
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return f"?{query.urlencode()}"


def _map(request, filterset, measure: str, years: list[int]):
    """The province map of the projects matching every filter but the province, so that a
    click on another province moves the list there; and the number and amount of the
    projects listed, which follow from the map's totals (no query of their own)."""
    others = request.GET.copy()
    others.pop("province", None)
    around = ProjectFilter(others, queryset=queries.projects(), request=request, years=years)
    selected = filterset.form.cleaned_data.get("province") if filterset.is_valid() else None
    totals = queries.province_totals(around.qs)
    listed = [totals[selected.pk]] if selected and selected.pk in totals else []
    if selected is None:
        listed = list(totals.values())
    province_map = map_of(
        Province.objects.all(),
        totals,
        measure=measure,
        href=lambda province: _address(request, province=province.code),
        selected=selected,
    )
    count = sum(t.count for t in listed)
    return province_map, count, sum((t.amount for t in listed), 0)


@public
def project_list(request):
    years = queries.funded_years()
    filterset = ProjectFilter(
        request.GET, queryset=queries.projects(), request=request, years=years
    )
    measure = AMOUNT if request.GET.get("measure") == AMOUNT else COUNT
    province_map, count, amount = _map(request, filterset, measure, years)
    paginator = Paginator(filterset.qs.values_list("pk", flat=True), PROJECTS_PER_PAGE)
    paginator.count = count  # the same filters as the map's totals, less the province
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "awards/public/project_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "rows": queries.project_rows(queries.in_order(list(page.object_list))),
            "total": {"amount": amount, "n": count},
            "map": province_map,
            "mapped": sorted(
                (p for p in province_map.provinces if p.count),
                key=lambda p: (-p.count, p.name),
            ),
            "by_count": _address(request, measure=None),
            "by_amount": _address(request, measure=AMOUNT),
            "is_filtered": any(request.GET.get(name) for name in FIELDS if name != "sort"),
        },
    )


@guard(load=PROJECT, login=False)
def project_detail(request, project):
    (row,) = queries.project_rows([project])
    return render(request, "awards/public/project_detail.html", {"row": row, "project": project})


@public
def data_index(request):
    return render(
        request,
        "awards/public/data_index.html",
        {
            "publications": _publications(),
            "dictionary": opendata.DICTIONARY,
            "licence_url": opendata.LICENCE_URL,
            "licence_name": opendata.LICENCE_LABEL,
        },
    )


def _publications():
    return list(
        Publication.objects.filter(call__in=queries.projects().order_by().values("call_id"))
        .select_related("call")
        .order_by("-published_at")
    )


def _records(queryset) -> list[dict]:
    return list(opendata.records(queryset.prefetch_related("sectors"), base_url=settings.SITE_URL))


def _csv(queryset, filename: str) -> StreamingHttpResponse:
    rows = opendata.records(queryset, base_url=settings.SITE_URL)
    response = StreamingHttpResponse(
        opendata.csv_text(rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _json(records: list[dict], *, title: str) -> JsonResponse:
    document = {
        "title": title,
        "publisher": opendata.publisher(),
        "licence": {"name": opendata.LICENCE_NAME, "url": opendata.LICENCE_URL},
        "fields": opendata.dictionary_rows(),
        "records": records,
    }
    return JsonResponse(document, json_dumps_params={"ensure_ascii": False})


@public
def projects_csv(request):
    return _csv(queries.projects(), "funded-projects.csv")


@public
def projects_json(request):
    return _json(_records(queries.projects()), title="Funded projects")


@guard("reviews.view_publication", load=PUBLICATION, login=False)
def call_csv(request, publication):
    call = publication.call
    return _csv(queries.projects().filter(call=call), f"results-{call.slug}.csv")


@guard("reviews.view_publication", load=PUBLICATION, login=False)
def call_json(request, publication):
    call = publication.call
    records = _records(queries.projects().filter(call=call))
    return _json(records, title=f"Results: {call.title_en or call.title_th}")


@public
def dictionary_csv(request):
    rows = opendata.dictionary_rows()
    header = list(rows[0])
    lines = [header] + [[row[key] for key in header] for row in rows]
    response = HttpResponse(opendata.plain_csv(lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="funded-projects-dictionary.csv"'
    return response


@public
def catalog(request):
    document = dcat.catalog(settings.SITE_URL, _publications())
    return HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=1),
        content_type="application/ld+json; charset=utf-8",
    )
