"""Calls for proposals (public ones; a draft only to those who run it) and their published
results."""

from django.shortcuts import get_object_or_404
from django.utils import translation
from ninja import Query, Router
from ninja.pagination import paginate

from grants.enums import CallPhase
from grants.models import Call
from grants.queries import public_calls
from portal.access import check
from reviews.announcement import awarded_proposals, build_announcement
from reviews.models import Publication

from ..auth import PUBLIC
from ..pagination import Pages
from ..schemas import AwardedOut, CallDetailOut, CallOut, ResultsOut, public_organisation_name

router = Router(tags=["calls"], auth=PUBLIC)


@router.get("/calls/", response=list[CallOut], summary="Calls, newest deadline first")
@paginate(Pages)
def call_list(
    request,
    phase: CallPhase | None = Query(None, description="Where the calls stand now."),
    programme: str | None = Query(None, description="A programme's code (/api/programmes/)."),
    sector: str | None = Query(None, description="An eligible sector's code (/api/sectors/)."),
):
    calls = public_calls().order_by("-deadline", "pk")
    if phase:
        calls = calls.in_phase(phase)
    if programme:
        calls = calls.filter(programme__code=programme)
    if sector:
        calls = calls.filter(sectors__code=sector).distinct()
    return calls


@router.get("/calls/{slug}/", response=CallDetailOut, summary="One call, with its rubric")
def call_detail(request, slug: str):
    call = get_object_or_404(
        Call.objects.select_related("programme").prefetch_related("sectors", "criteria"),
        slug=slug,
    )
    check(request.auth.user, call, perm="grants.view_call")
    return call


def _announcement_text(call, publication, language: str) -> dict:
    with translation.override(language):
        text = build_announcement(call, publication)
    return {
        field: getattr(text, field)
        for field in ("heading", "subject", "intro", "lead", "total", "thanks", "dated")
    }


@router.get(
    "/calls/{slug}/results/",
    response=ResultsOut,
    summary="A call's published results",
    description="404 until the results are published, as the results page.",
)
def call_results(request, slug: str):
    publication = get_object_or_404(
        Publication.objects.select_related("call__programme"), call__slug=slug
    )
    check(request.auth.user, publication, perm="reviews.view_publication")
    call = publication.call
    awarded = [
        AwardedOut(
            number=number,
            reference=p.reference,
            title=p.title,
            organisation=public_organisation_name(p.organisation),
            province=p.organisation.province.code if p.organisation.province else None,
            reason=p.decision.reason,
            amount=p.decision.amount,
        )
        for number, p in enumerate(awarded_proposals(call), start=1)
    ]
    return {
        "call": call.slug,
        "published_at": publication.published_at,
        "total_awarded": publication.total_awarded,
        "awarded": awarded,
        "announcement_th": _announcement_text(call, publication, "th"),
        "announcement_en": _announcement_text(call, publication, "en"),
    }
