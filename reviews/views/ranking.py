"""The committee's pages: a call's ranking (filters, sorting, exports) and the decision form."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from grants.models import Call, Sector
from portal.rules import is_committee_member
from proposals.enums import ProposalState
from proposals.models import Proposal

from .. import exports
from ..forms import DecisionForm
from ..models import Conflict, Decision
from ..ranking import (
    DISAGREEMENT_SD,
    DISAGREEMENT_SPREAD,
    RankedProposal,
    attach_proposals,
    ranking,
)
from ..rules import call_in_review
from ..services.decisions import awarded_total, record_decision

ROWS_PER_PAGE = 100

# ?o= values: the key and whether the best (highest) comes first.
SORTS = {
    "rank": (lambda r: r.rank, False),
    "mean": (lambda r: (r.mean is None, -(r.mean or 0), r.rank), False),
    "calibrated": (lambda r: (r.calibrated is None, -(r.calibrated or 0), r.rank), False),
    "amount": (lambda r: (-r.requested_amount, r.rank), False),
}


def _ranking_call(request, slug: str) -> Call:
    """The call, when the user may see its ranking: 404 for a call they cannot see, else 403."""
    call = get_object_or_404(Call.objects.prefetch_related("criteria"), slug=slug)
    if request.user.has_perm("reviews.view_ranking", call):
        return call
    if not request.user.has_perm("grants.view_call", call):
        raise Http404
    raise PermissionDenied


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


@login_required
def ranking_page(request, slug):
    call = _ranking_call(request, slug)
    # The numbers of every row (for the filters, totals and the line), the Proposal objects
    # only for the page shown.
    all_rows = ranking(call, with_proposals=False)
    hidden = conflicted_proposals(request.user, call)
    rows, sector = _filtered(request, all_rows)
    ordering = request.GET.get("o", "rank")
    rows = _sorted(rows, ordering)
    by_rank = ordering in ("", "rank")
    # A page of rows: rendering is what grows with the call (ranking() itself is 4 queries).
    paginator = Paginator(rows, ROWS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    rows = attach_proposals(call, list(page.object_list))
    following = page.paginator.object_list[page.end_index()] if page.has_next() else None
    for index, row in enumerate(rows):
        row.hide_scores = row.pk in hidden
        # Draw the line under the last funded row when the table is in rank order.
        nxt = rows[index + 1] if index + 1 < len(rows) else following
        row.line_after = by_rank and row.above_line and (nxt is None or not nxt.above_line)
    awarded = awarded_total(call)
    may_decide = bool(is_committee_member(request.user) and call_in_review(request.user, call))
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
            "may_decide": may_decide,
            "hidden": hidden,
            "spread_limit": DISAGREEMENT_SPREAD,
            "sd_limit": DISAGREEMENT_SD,
        },
    )


def _export_rows(request, slug):
    call = _ranking_call(request, slug)
    rows, _sector = _filtered(request, ranking(call))
    return (
        call,
        _sorted(rows, request.GET.get("o", "rank")),
        conflicted_proposals(request.user, call),
    )


@login_required
def ranking_csv(request, slug):
    call, rows, hidden = _export_rows(request, slug)
    response = StreamingHttpResponse(
        exports.csv_lines(rows, hidden=hidden), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{call.code}-ranking.csv"'
    return response


@login_required
def ranking_xlsx(request, slug):
    call, rows, hidden = _export_rows(request, slug)
    response = HttpResponse(
        exports.xlsx_bytes(rows, hidden=hidden),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{call.code}-ranking.xlsx"'
    return response


@login_required
def decide(request, pk):
    proposal = get_object_or_404(
        Proposal.objects.select_related("call", "organisation", "primary_sector", "province"),
        pk=pk,
    )
    if not request.user.has_perm("reviews.record_decision", proposal):
        # Those who see the call's ranking are told no; for anybody else whether the
        # proposal exists is private.
        if request.user.has_perm("reviews.view_ranking", proposal.call):
            raise PermissionDenied
        raise Http404
    if proposal.state != ProposalState.ELIGIBLE:
        raise Http404
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
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record_decision(
                proposal,
                outcome=data["outcome"],
                amount=data.get("amount"),
                reserve_rank=data.get("reserve_rank"),
                reason=data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                form.add_error(None, error)
            else:
                for message in error.messages:
                    form.add_error(None, message)
        else:
            messages.success(
                request,
                _(
                    "Decision on %(reference)s recorded. "
                    "It stays pending until the results are published."
                )
                % {"reference": proposal.reference},
            )
            return redirect(reverse("reviews:ranking", kwargs={"slug": call.slug}))
    awarded = awarded_total(call)
    row = next((r for r in ranking(call, with_proposals=False) if r.pk == proposal.pk), None)
    return render(
        request,
        "reviews/ranking/decide.html",
        {
            "call": call,
            "proposal": proposal,
            "row": row,
            "form": form,
            "current": current,
            "budget": call.budget_total,
            "awarded": awarded,
            "remaining": call.budget_total - awarded,
        },
        status=400 if request.method == "POST" else 200,
    )
