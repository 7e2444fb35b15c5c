"""The committee's pages: a call's ranking (filters, sorting, exports) and the decision form."""

import copy
from decimal import Decimal

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants.models import Call, Sector
from portal.access import Load, guard
from portal.audit import record_export
from portal.models import User
from portal.refusals import attempt, submit_form
from proposals.models import Proposal

from .. import exports
from ..blind import applicant_label
from ..forms import DecisionForm
from ..models import Conflict, Decision
from ..ranking import (
    DISAGREEMENT_SD,
    DISAGREEMENT_SPREAD,
    RankedProposal,
    attach_proposals,
    awarded_total_as_ranked,
    ranking,
    ranking_and_reviewers,
)
from ..ranking.calibration import INTERVAL_PERCENT, ReviewerEstimate
from ..services.automatic import assign_extra_reviewer
from ..services.decisions import awarded_total, record_decision

ROWS_PER_PAGE = 100
# The committee and the call's officers read the ranking; whoever may see the call is told
# no (403), for anybody else a draft call does not exist (404).
RANKING = "reviews.view_ranking"
CALL = Load(Call.objects.prefetch_related("criteria"), slug="slug")
SEE_CALL = "grants.view_call"

# ?o= values: the key and whether the best (highest) comes first.
SORTS = {
    "rank": (lambda r: r.rank, False),
    "mean": (lambda r: (r.mean is None, -(r.mean or 0), r.rank), False),
    "calibrated": (lambda r: (r.calibrated is None, -(r.calibrated or 0), r.rank), False),
    "amount": (lambda r: (-r.requested_amount, r.rank), False),
}


def conflicted_proposals(user, call: Call) -> set[int]:
    """The proposals of `call` the user is in conflict with: their scores are not shown."""
    return set(
        Conflict.objects.filter(reviewer=user, proposal__call=call).values_list(
            "proposal_id", flat=True
        )
    )


def _sorted(rows: list[RankedProposal], ordering: str) -> list[RankedProposal]:
    key, _best_first = SORTS.get(ordering.lstrip("-"), SORTS["rank"])
    if ordering.lstrip("-") == "rank" or ordering.lstrip("-") not in SORTS:
        # The funding line is a row separator: the funded rows first, in rank order.
        result = sorted(rows, key=lambda r: (not r.above_line, r.rank))
    else:
        result = sorted(rows, key=key)
    return result[::-1] if ordering.startswith("-") else result


def _filtered(request, rows: list[RankedProposal]) -> tuple[list[RankedProposal], str]:
    sector = request.GET.get("sector", "")
    if sector:
        rows = [r for r in rows if r.proposal.sector_code == sector]
    return rows, sector


@guard(RANKING, load=CALL, see=SEE_CALL)
def ranking_page(request, call):
    # The numbers of every row (for the filters, totals and the line), the Proposal objects
    # only for the page shown.
    all_rows, estimates = ranking_and_reviewers(call, read_only=True)
    hidden = conflicted_proposals(request.user, call)
    rows, sector = _filtered(request, all_rows)
    ordering = request.GET.get("o", "rank")
    rows = _sorted(rows, ordering)
    by_rank = ordering in ("", "rank")
    # A page of rows: rendering is what grows with the call (ranking() itself is 4 queries).
    paginator = Paginator(rows, ROWS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    # The rows are shared (read_only): the page's own are copied before they are changed.
    rows = attach_proposals(call, [copy.copy(row) for row in page.object_list])
    following = page.paginator.object_list[page.end_index()] if page.has_next() else None
    for index, row in enumerate(rows):
        row.hide_scores = row.pk in hidden
        # Draw the line under the last funded row when the table is in rank order.
        nxt = rows[index + 1] if index + 1 < len(rows) else following
        row.line_after = by_rank and row.above_line and (nxt is None or not nxt.above_line)
    awarded = awarded_total_as_ranked(call)
    may_see_leniency = request.user.has_perm("reviews.view_reviewer_leniency", call)
    return render(
        request,
        "reviews/ranking/ranking.html",
        {
            "call": call,
            "rows": rows,
            "page_obj": page,
            "filtered_count": paginator.count,
            "total_count": len(all_rows),
            "criteria": list(call.criteria.all()),
            "sectors": Sector.objects.filter(
                pk__in={r.proposal.sector_id for r in all_rows if r.proposal.sector_id}
            ),
            "sector": sector,
            "ordering": ordering,
            "by_rank": by_rank,
            "budget": call.budget_total,
            "requested_above_line": sum(
                (r.requested_amount for r in all_rows if r.above_line), Decimal("0")
            ),
            "awarded": awarded,
            "remaining": call.budget_total - awarded,
            "may_decide": request.user.has_perm("reviews.decide_in_call", call),
            "may_read_dossiers": request.user.has_perm("reviews.read_dossiers", call),
            "hidden": hidden,
            "spread_limit": DISAGREEMENT_SPREAD,
            "sd_limit": DISAGREEMENT_SD,
            "interval_percent": INTERVAL_PERCENT,
            # Officers who may assign in the call (as the automatic assignment) add reviewers.
            "may_add_reviewer": request.user.has_perm("reviews.assign_automatically", call),
            "leniency": _leniency_rows(estimates) if may_see_leniency else None,
        },
    )


def _leniency_rows(estimates: list[ReviewerEstimate]) -> list:
    """The reviewers' estimates with their names (one query), harshest first."""
    names = {u.pk: u for u in User.objects.filter(pk__in=[e.reviewer_id for e in estimates])}
    return [{"reviewer": names.get(e.reviewer_id), "estimate": e} for e in estimates]


@require_POST
@guard(
    "reviews.assign_extra_reviewer",
    load=Load(Proposal.objects.select_related("call", "primary_sector")),
    see="reviews.view_ranked_proposal",
)
def extra_reviewer(request, proposal):
    """One more reviewer for a proposal, in one click from the ranking (the officers)."""
    assignment = attempt(request, assign_extra_reviewer, proposal, by=request.user)
    if assignment:
        messages.success(
            request,
            _("%(name)s is assigned to %(reference)s as one more reviewer.")
            % {"name": assignment.reviewer.get_full_name(), "reference": proposal.reference},
        )
    return redirect(
        f"{reverse('reviews:ranking', kwargs={'slug': proposal.call.slug})}#row-{proposal.pk}"
    )


def ranking_row(proposal) -> RankedProposal | None:
    """The proposal's row of its call's ranking (its numbers only), or None when not on it."""
    rows = ranking(proposal.call, with_proposals=False)
    return next((r for r in rows if r.pk == proposal.pk), None)


def _export_rows(request, call):
    rows, _sector = _filtered(request, ranking(call))
    return _sorted(rows, request.GET.get("o", "rank")), conflicted_proposals(request.user, call)


@guard(RANKING, load=CALL, see=SEE_CALL)
def ranking_csv(request, call):
    rows, hidden = _export_rows(request, call)
    response = StreamingHttpResponse(
        exports.csv_lines(rows, hidden=hidden), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{call.code}-ranking.csv"'
    record_export(request, call, name="ranking.csv")
    return response


@guard(RANKING, load=CALL, see=SEE_CALL)
def ranking_xlsx(request, call):
    rows, hidden = _export_rows(request, call)
    response = HttpResponse(
        exports.xlsx_bytes(rows, hidden=hidden),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{call.code}-ranking.xlsx"'
    record_export(request, call, name="ranking.xlsx")
    return response


@guard(
    "reviews.record_decision",
    load=Load(
        Proposal.objects.select_related("call", "organisation", "primary_sector", "province")
    ),
    see="reviews.view_ranked_proposal",
)
def decide(request, proposal):
    """The committee's decision on an eligible proposal, while the call is in review. Those
    who read the call's ranking are told no (403); for anybody else, and for a proposal
    that is not ranked, whether it exists is private (404)."""
    call = proposal.call
    current = Decision.objects.filter(proposal=proposal).first()
    initial = {}
    if current:
        initial = {
            "outcome": current.outcome,
            "amount": current.amount,
            "reserve_rank": current.reserve_rank,
            "reason": current.reason,
        }
    form = DecisionForm(request.POST or None, proposal=proposal, initial=initial)
    success = _(
        "Decision on %(reference)s recorded. It stays pending until the results are published."
    ) % {"reference": proposal.reference}
    if request.method == "POST" and submit_form(
        request, form, record_decision, proposal, by=request.user, success=success
    ):
        return redirect("reviews:ranking", slug=call.slug)
    awarded = awarded_total(call)
    return render(
        request,
        "reviews/ranking/decide.html",
        {
            "call": call,
            "proposal": proposal,
            "applicant": applicant_label(proposal, request.user),
            "may_read_dossier": request.user.has_perm("reviews.read_dossier", proposal),
            "row": ranking_row(proposal),
            "form": form,
            "current": current,
            "budget": call.budget_total,
            "awarded": awarded,
            "remaining": call.budget_total - awarded,
        },
        status=400 if request.method == "POST" else 200,
    )
