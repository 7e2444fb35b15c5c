"""The committee's decisions: award, reserve list or not selected, within the call's budget.

Decisions stay pending (`final=False`) until the results are published, which applies them.
"""

from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.enums import CallState
from grants.models import Call
from grants.stages import is_final_stage
from portal.formatting import format_baht
from portal.refusals import Refusal
from proposals.enums import EventKind, ProposalState
from proposals.models import Proposal
from proposals.states import log_event, transition

from ..enums import DecisionOutcome
from ..models import Decision
from ..rules import has_published_results

Outcome = DecisionOutcome


def awarded_total(call: Call, *, excluding: Proposal | None = None) -> Decimal:
    """The sum of the amounts awarded so far in `call` (pending decisions included)."""
    decisions = Decision.objects.filter(proposal__call=call, outcome=Outcome.AWARD)
    if excluding is not None:
        decisions = decisions.exclude(proposal=excluding)
    return decisions.aggregate(total=Sum("amount"))["total"] or Decimal("0")


def _place_on_reserve_list(decision: Decision, wanted: int) -> None:
    """Put `decision` at place `wanted` of the call's reserve list (1 = first), moving the
    ones from that place on down by one, and number the list 1, 2, 3… without gaps."""
    others = list(
        Decision.objects.filter(
            proposal__call_id=decision.proposal.call_id, outcome=Outcome.RESERVE
        )
        .exclude(pk=decision.pk)
        .order_by("reserve_rank", "decided_at", "pk")
    )
    index = max(0, min(wanted - 1, len(others)))
    ordered = [*others[:index], decision, *others[index:]]
    for place, item in enumerate(ordered, start=1):
        item.reserve_rank = place
    Decision.objects.bulk_update(others, ["reserve_rank"])


def _close_reserve_gap(call_id: int) -> None:
    reserve = list(
        Decision.objects.filter(proposal__call_id=call_id, outcome=Outcome.RESERVE).order_by(
            "reserve_rank", "decided_at", "pk"
        )
    )
    for place, item in enumerate(reserve, start=1):
        item.reserve_rank = place
    Decision.objects.bulk_update(reserve, ["reserve_rank"])


def _refuse_unless_decidable(call: Call, proposal: Proposal) -> None:
    if not is_final_stage(call):
        raise Refusal(
            _(
                "Decisions and awards are made at the final stage of the call; at this stage "
                "the proposals are shortlisted for the next one."
            ),
            code="not_final_stage",
        )
    if has_published_results(call):
        raise Refusal(_("The results of this call are published: decisions can no longer change."))
    if call.state != CallState.IN_REVIEW:
        raise Refusal(_("Decisions are made while the call is in review."))
    current_state = Proposal.objects.filter(pk=proposal.pk).values_list("state", flat=True).get()
    if current_state != ProposalState.ELIGIBLE:
        raise Refusal(_("Only eligible proposals receive a decision."))


def _refuse_unless_affordable(call: Call, proposal: Proposal, amount: Decimal | None) -> None:
    """An award: an amount, at most the requested one and what is left of the budget."""
    if amount is None or amount <= 0:
        raise Refusal(_("Enter the amount awarded."), field="amount")
    requested = proposal.requested_amount or Decimal("0")
    if amount > requested:
        raise Refusal(
            _("The award cannot be more than the requested %(amount)s.")
            % {"amount": format_baht(requested)},
            field="amount",
        )
    remaining = call.budget_total - awarded_total(call, excluding=proposal)
    if amount > remaining:
        raise Refusal(
            _("This award would exceed the call's budget: %(remaining)s remain of %(budget)s.")
            % {
                "remaining": format_baht(max(remaining, Decimal("0"))),
                "budget": format_baht(call.budget_total),
            },
            field="amount",
            code="budget",
        )


@transaction.atomic
def record_decision(
    proposal: Proposal,
    *,
    outcome: str,
    amount: Decimal | None = None,
    reserve_rank: int | None = None,
    reason: str,
    by,
) -> Decision:
    """Record (or change) the committee's pending decision on `proposal`.

    Refuses (Refusal, at the form's field where there is one): a call whose results are
    published or that is not in review; a proposal that is not eligible; an award without an
    amount, above the requested amount, or beyond what is left of the call's budget; a
    reserve decision without a place; an empty reason.

    Side effects: the call row is locked (select_for_update) before the awards are summed, so
    two committee members cannot both spend the last of the budget; the Decision row is
    created or updated with final=False; the call's reserve list is renumbered 1, 2, 3…;
    an EventKind.DECISION row is written to the proposal's log (without the outcome: the
    applicant reads the log, and decisions are announced only by publishing the results).
    """
    call = Call.objects.select_for_update().get(pk=proposal.call_id)
    _refuse_unless_decidable(call, proposal)
    reason = (reason or "").strip()
    if not reason:
        raise Refusal(_("Give the reason for the decision."), field="reason")
    if outcome not in Outcome.values:
        raise Refusal(_("Choose a decision."), field="outcome")
    if outcome == Outcome.AWARD:
        _refuse_unless_affordable(call, proposal, amount)
    else:
        amount = None
    if outcome == Outcome.RESERVE:
        if not reserve_rank or reserve_rank < 1:
            raise Refusal(_("Give the place on the reserve list."), field="reserve_rank")
    else:
        reserve_rank = None

    decision = Decision.objects.select_for_update().filter(proposal=proposal).first()
    was_reserve = decision is not None and decision.outcome == Outcome.RESERVE
    if decision is None:
        decision = Decision(proposal=proposal)
    decision.proposal = proposal  # the caller's object: no query to reach its call
    decision.outcome = outcome
    decision.amount = amount
    decision.reason = reason
    decision.decided_by = by
    decision.decided_at = timezone.now()
    decision.final = False
    decision.reserve_rank = reserve_rank
    decision.save()
    if outcome == Outcome.RESERVE:
        _place_on_reserve_list(decision, reserve_rank)
        decision.save(update_fields=["reserve_rank"])
    elif was_reserve:
        _close_reserve_gap(call.pk)
    log_event(proposal, kind=EventKind.DECISION, by=by)
    return decision


# The results an upheld appeal may give (an award is never taken back by an appeal), and the
# proposal's state each one means.
AMENDED_STATE_OF = {
    Outcome.AWARD: ProposalState.AWARDED,
    Outcome.RESERVE: ProposalState.RESERVE,
}


@transaction.atomic
def amend_decision(
    proposal: Proposal, *, outcome: str, amount: Decimal | None = None, reason: str, by
) -> Decision:
    """Change the published decision on `proposal`, as an upheld appeal asks.

    Refuses (Refusal, at the form's field where there is one): a call whose results are not
    published; an outcome other than an award or the reserve list; an award without an
    amount, above the requested amount, or beyond what is left of the call's budget (the same
    check as record_decision, under the same lock); an empty reason; a move the proposal's
    state table (proposals.states) does not allow, e.g. from awarded.

    Side effects: the call row is locked; the Decision row is created or updated, final (a
    reserve result goes last on the reserve list; leaving the reserve list closes its gap);
    the proposal moves to its new state through proposals.states.transition (a STATE event);
    a DECISION event in the proposal's log. Publishing the change is the caller's: an
    Amendment (reviews.services.appeals).
    """
    call = Call.objects.select_for_update().get(pk=proposal.call_id)
    if not has_published_results(call):
        raise Refusal(_("Only published results are amended."))
    reason = (reason or "").strip()
    if not reason:
        raise Refusal(_("Give the reason for the decision."), field="reason")
    if outcome not in AMENDED_STATE_OF:
        raise Refusal(_("Choose the new result: an award or the reserve list."), field="outcome")
    if outcome == Outcome.AWARD:
        _refuse_unless_affordable(call, proposal, amount)
    else:
        amount = None
    decision = Decision.objects.select_for_update().filter(proposal=proposal).first()
    was_reserve = decision is not None and decision.outcome == Outcome.RESERVE
    decision = decision or Decision(proposal=proposal)
    decision.outcome, decision.amount, decision.reason = outcome, amount, reason
    decision.decided_by, decision.decided_at, decision.final = by, timezone.now(), True
    decision.reserve_rank = None
    if outcome == Outcome.RESERVE:
        last = Decision.objects.filter(proposal__call=call, outcome=Outcome.RESERVE).count()
        decision.reserve_rank = last + 1
    decision.save()
    if was_reserve and outcome != Outcome.RESERVE:
        _close_reserve_gap(call.pk)
    transition(proposal, AMENDED_STATE_OF[outcome], by=by, note=reason)
    log_event(proposal, kind=EventKind.DECISION, by=by)
    return decision
