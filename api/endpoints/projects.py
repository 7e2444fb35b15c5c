"""Funded projects: reviews.queries.funded_projects(), the one source the public project
pages and open data use too."""

from django.shortcuts import get_object_or_404
from ninja import Query, Router
from ninja.pagination import paginate

from reviews.queries import funded_projects

from ..auth import PUBLIC
from ..pagination import Pages
from ..schemas import ProjectOut

router = Router(tags=["funded projects"], auth=PUBLIC)


def _projects():
    return funded_projects().select_related("call__publication").prefetch_related("sectors")


@router.get("/projects/", response=list[ProjectOut], summary="Funded projects")
@paginate(Pages)
def project_list(
    request,
    call: str | None = Query(None, description="A call's slug."),
    programme: str | None = Query(None, description="A programme's code."),
    sector: str | None = Query(None, description="One of the project's sectors, by code."),
    province: str | None = Query(None, description="Where it works (ISO 3166-2, e.g. TH-50)."),
    year: int | None = Query(None, ge=1900, le=2700, description="CE year of publication."),
):
    """Filters: `call` (slug), `programme`, `sector` (any of the project's sectors) and
    `province` (ISO 3166-2, where the project works) by code; `year` of publication (CE)."""
    projects = _projects()
    if call:
        projects = projects.filter(call__slug=call)
    if programme:
        projects = projects.filter(call__programme__code=programme)
    if sector:
        projects = projects.filter(sectors__code=sector).distinct()
    if province:
        projects = projects.filter(province__code=province)
    if year is not None:
        projects = projects.filter(call__publication__published_at__year=year)
    return projects


@router.get("/projects/{reference}/", response=ProjectOut, summary="One funded project")
def project_detail(request, reference: str):
    return get_object_or_404(_projects(), reference=reference)
