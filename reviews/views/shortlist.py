"""A stage's shortlist (grants.stages): the stage's ranking with the requested amounts and a
running total against the final stage's budget, tick boxes, a reason for the others; and,
once confirmed, each proposal's stage result."""

from decimal import Decimal

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants.models import Call
from grants.stages import last_stage_of, next_stage_of
from portal.access import Load, guard
from portal.refusals import attempt
from proposals.enums import ProposalState

from ..forms import ShortlistForm
from ..models import StageResult
from ..ranking import ranking
from ..ranking.load import ranked_queryset
from ..services.shortlist import shortlist_stage

S = ProposalState
CALL = Load(Call.objects.prefetch_related("criteria"), slug="slug")


def _stage_rows(call) -> list:
    """The stage's ranking rows (the numbers, from the ranking's cache), each with its
    proposal's `state` and `title` from one query: at national scale the page has thousands
    of rows, and loading a Proposal object for each was a second of the page's time."""
    rows = ranking(call, with_proposals=False)
    found = {
        pk: (state, title)
        for pk, state, title in ranked_queryset(call).order_by().values_list("pk", "state", "title")
    }
    for row in rows:
        row.state, row.title = found.get(row.pk, (None, ""))
    return rows


def _candidates(rows) -> list[tuple[int, str]]:
    """The proposals that may be ticked: the eligible ones on the stage's ranking."""
    return [(row.pk, row.proposal.reference) for row in rows if row.state == S.ELIGIBLE]


def _context(call, rows, form=None) -> dict:
    """The stage's ranking rows, each with its running total of requested amounts in rank
    order (what shortlisting down to it would ask of the final budget), and its result."""
    results = {
        r.proposal_id: r
        for r in StageResult.objects.filter(proposal__call=call).select_related("decided_by")
    }
    final = last_stage_of(call)
    if form is None:
        form = ShortlistForm(
            candidates=_candidates(rows),
            initial={"shortlisted": [row.pk for row in rows if row.above_line]},
        )
    chosen = {int(v) for v in (form["shortlisted"].value() or []) if str(v).isdigit()}
    if results:  # confirmed: those who went on
        chosen = {pk for pk, result in results.items() if result.advanced}
    running = Decimal("0")
    chosen_total = Decimal("0")
    for row in rows:
        running += row.requested_amount
        row.stage_running_total = running
        row.over_budget = running > final.budget_total
        row.result = results.get(row.pk)
        row.ticked = row.pk in chosen
        if row.pk in chosen:
            chosen_total += row.requested_amount
    return {
        "call": call,
        "rows": rows,
        "form": form,
        "next_stage": next_stage_of(call),
        "final_stage": final,
        "budget": final.budget_total,
        "chosen_total": chosen_total,
        "confirmed": bool(results),
    }


@guard("reviews.view_shortlist", load=CALL, see="grants.view_call")
def shortlist(request, call):
    return render(request, "reviews/shortlist.html", _context(call, _stage_rows(call)))


@require_POST
@guard("reviews.shortlist_stage", load=CALL, see="grants.view_call")
def shortlist_confirm(request, call):
    rows = _stage_rows(call)
    form = ShortlistForm(request.POST, candidates=_candidates(rows))
    if form.is_valid() and attempt(
        request,
        shortlist_stage,
        call,
        form=form,
        shortlisted=form.cleaned_data["shortlisted"],
        reason=form.cleaned_data["reason"],
        by=request.user,
        success=_("The shortlist is confirmed: the applicants are told."),
    ):
        return redirect("reviews:shortlist", slug=call.slug)
    return render(request, "reviews/shortlist.html", _context(call, rows, form), status=400)
