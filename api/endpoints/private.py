"""What a person reads with their token: their proposals (applicants), the proposals,
reviews and ranking of the calls they run (officers; the committee reads reviews and
rankings too). The apps' rules decide, as on the pages: what the caller may not see is 404,
what they may see but not read this way is 403."""

from django.shortcuts import get_object_or_404
from ninja import Query, Router
from ninja.pagination import paginate

from grants.models import Call
from portal.access import check
from portal.rules import roles_held
from proposals.enums import ProposalState
from proposals.models import Proposal
from proposals.queries import proposals_visible_to
from reviews.queries import reviews_for_committee
from reviews.ranking import ranking
from reviews.views.ranking import conflicted_proposals

from ..auth import SIGNED_IN
from ..pagination import Pages
from ..schemas import MeOut, ProposalDetailOut, ProposalOut, RankingRowOut, ReviewOut

router = Router(tags=["with a token"], auth=SIGNED_IN)


@router.get("/me/", response=MeOut, summary="Who the token belongs to")
def me(request):
    caller = request.auth
    return {
        "id": caller.user.pk,
        "email": caller.user.email,
        "roles": [str(role.value) for role in roles_held(caller.user)],
        "token": caller.token.name if caller.token else None,
    }


@router.get("/proposals/", response=list[ProposalOut], summary="The proposals you may read")
@paginate(Pages)
def proposal_list(
    request,
    call: str | None = Query(None, description="A call's slug."),
    state: ProposalState | None = Query(None, description="The proposal's state."),
):
    """An applicant's own proposals (drafts included); an officer's, the proposals received
    in the calls they run (never a draft)."""
    proposals = (
        proposals_visible_to(request.auth.user)
        .select_related("call", "organisation", "primary_sector")
        .order_by("call_id", "sequence", "pk")
    )
    if call:
        proposals = proposals.filter(call__slug=call)
    if state:
        proposals = proposals.filter(state=state)
    return proposals


def _proposal(request, pk: int, *, perm: str, see: str | None = None) -> Proposal:
    proposal = get_object_or_404(
        Proposal.objects.select_related(
            "call", "organisation", "primary_sector", "province"
        ).prefetch_related("sectors", "budget_lines", "outcomes"),
        pk=pk,
    )
    check(request.auth.user, proposal, perm=perm, see=see)
    return proposal


@router.get("/proposals/{pk}/", response=ProposalDetailOut, summary="One proposal")
def proposal_detail(request, pk: int):
    return _proposal(request, pk, perm="proposals.view_proposal")


@router.get(
    "/proposals/{pk}/reviews/",
    response=list[ReviewOut],
    summary="A proposal's submitted reviews",
    description="For those who read its dossier: the committee and the call's officers, "
    "once the call is in review; never to a person in conflict with it.",
)
def proposal_reviews(request, pk: int):
    proposal = _proposal(request, pk, perm="reviews.read_dossier", see="proposals.view_proposal")
    return [
        {
            "reviewer": str(row.label),
            "total": row.review.total,
            "comment": row.review.comment,
            "feedback": row.review.feedback,
            "submitted_at": row.review.submitted_at,
            "points": [
                {"criterion": criterion, "points": points}
                for criterion, points in sorted(row.points.items())
            ],
        }
        for row in reviews_for_committee(proposal, request.auth.user)
    ]


@router.get(
    "/calls/{slug}/ranking/",
    response=list[RankingRowOut],
    summary="A call's ranking",
    description="For the committee and the call's officers, as the ranking page.",
)
@paginate(Pages)
def call_ranking(request, slug: str):
    call = get_object_or_404(Call, slug=slug)
    check(request.auth.user, call, perm="reviews.view_ranking", see="grants.view_call")
    hidden = conflicted_proposals(request.auth.user, call)
    rows = sorted(ranking(call, with_proposals=False), key=lambda r: (not r.above_line, r.rank))
    return [_ranking_row(row, hide=row.pk in hidden) for row in rows]


def _ranking_row(row, *, hide: bool) -> dict:
    return {
        "rank": row.rank,
        "proposal": row.pk,
        "reference": row.proposal.reference,
        "primary_sector": row.proposal.sector_code or None,
        "requested_amount": row.proposal.requested_amount,
        "reviews": row.n_reviews,
        "mean": None if hide else row.mean,
        "sd": None if hide else row.sd,
        "calibrated": None if hide else row.calibrated,
        "criterion_means": [] if hide else list(row.criterion_means),
        "disagreement": False if hide else row.disagreement,
        "below_threshold": [str(reason) for reason in row.below_threshold],
        "above_line": row.above_line,
        "scores_hidden": hide,
    }
