"""record_decision: awards within the requested amount and the call's budget, the reserve
list, refusals after publication and for ineligible proposals, the log."""

from decimal import Decimal

import pytest
from django.utils import translation

from grants.enums import CallState
from portal.refusals import Refusal
from proposals.enums import EventKind, ProposalState
from proposals.models import ProposalEvent
from reviews.enums import DecisionOutcome
from reviews.models import Decision
from reviews.services.decisions import awarded_total, record_decision
from tests.factories import (
    CallInReviewFactory,
    EligibleProposalFactory,
    ProposalFactory,
)

O = DecisionOutcome  # noqa: E741 - short alias in tests, as the enums read


@pytest.fixture
def call(db):
    return CallInReviewFactory(
        budget_total=Decimal("250000"),
        max_per_proposal=Decimal("100000"),
        rubric=[{"weight": 60}, {"weight": 40}],
    )


def award(proposal, amount, by, reason="ดีมาก"):
    return record_decision(proposal, outcome=O.AWARD, amount=Decimal(amount), reason=reason, by=by)


def test_award_is_pending_and_logged(call, committee_member):
    proposal = EligibleProposalFactory(call=call)
    decision = award(proposal, "90000", committee_member)
    assert (decision.outcome, decision.amount, decision.final) == (O.AWARD, Decimal("90000"), False)
    assert decision.decided_by == committee_member
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.ELIGIBLE  # applied only by publishing the results
    events = list(ProposalEvent.objects.filter(proposal=proposal).values_list("kind", "by", "note"))
    assert events == [(EventKind.DECISION, committee_member.pk, "")]


def test_award_above_the_requested_amount_is_refused_at_the_amount(call, committee_member):
    proposal = EligibleProposalFactory(call=call, requested_amount=Decimal("80000"))
    with translation.override("en"), pytest.raises(Refusal) as refusal:
        award(proposal, "80000.01", committee_member)
    assert refusal.value.errors == {
        "amount": ["The award cannot be more than the requested THB 80,000."]
    }
    assert Decision.objects.count() == 0


def test_award_beyond_the_budget_is_refused_and_the_remainder_is_said(call, committee_member):
    first, second, third = (EligibleProposalFactory(call=call) for _ in range(3))
    award(first, "100000", committee_member)
    award(second, "100000", committee_member)
    with pytest.raises(Refusal) as refusal:
        award(third, "60000", committee_member)
    assert list(refusal.value.errors) == ["amount"]
    assert refusal.value.code == "budget"
    assert "50,000" in refusal.value.errors["amount"][0]
    assert awarded_total(call) == Decimal("200000")
    award(third, "50000", committee_member)  # exactly what remains is fine
    assert awarded_total(call) == Decimal("250000")


def test_changing_an_award_counts_its_old_amount_once(call, committee_member):
    first, second = EligibleProposalFactory(call=call), EligibleProposalFactory(call=call)
    award(first, "100000", committee_member)
    award(second, "100000", committee_member)
    award(second, "100000", committee_member)  # the same again: its own amount is not doubled
    award(first, "50000", committee_member)
    assert awarded_total(call) == Decimal("150000")
    assert Decision.objects.count() == 2


def test_not_selected_and_reserve_carry_no_amount(call, committee_member):
    proposal = EligibleProposalFactory(call=call)
    decision = record_decision(
        proposal,
        outcome=O.NOT_SELECTED,
        amount=Decimal("5"),
        reason="ไม่ตรงเกณฑ์",
        by=committee_member,
    )
    assert (decision.outcome, decision.amount, decision.reserve_rank) == (
        O.NOT_SELECTED,
        None,
        None,
    )


def test_reserve_list_keeps_an_order_without_gaps(call, committee_member):
    a, b, c = (EligibleProposalFactory(call=call) for _ in range(3))

    def reserve(proposal, place):
        record_decision(
            proposal, outcome=O.RESERVE, reserve_rank=place, reason="สำรอง", by=committee_member
        )

    reserve(a, 1)
    reserve(b, 1)  # goes first, a moves to 2
    reserve(c, 9)  # past the end: last
    order = lambda: list(  # noqa: E731 - read the list again after each step
        Decision.objects.filter(outcome=O.RESERVE)
        .order_by("reserve_rank")
        .values_list("proposal_id", "reserve_rank")
    )
    assert order() == [(b.pk, 1), (a.pk, 2), (c.pk, 3)]
    reserve(c, 2)
    assert order() == [(b.pk, 1), (c.pk, 2), (a.pk, 3)]
    award(b, "10000", committee_member)  # leaves the list: the others move up
    assert order() == [(c.pk, 1), (a.pk, 2)]


def test_reserve_without_a_place_and_empty_reason_are_refused(call, committee_member):
    proposal = EligibleProposalFactory(call=call)
    with translation.override("en"), pytest.raises(Refusal) as refusal:
        record_decision(proposal, outcome=O.RESERVE, reason="สำรอง", by=committee_member)
    assert refusal.value.errors == {"reserve_rank": ["Give the place on the reserve list."]}
    with translation.override("en"), pytest.raises(Refusal) as refusal:
        award(proposal, "1000", committee_member, reason="   ")
    assert refusal.value.errors == {"reason": ["Give the reason for the decision."]}


def test_decisions_are_refused_after_publication(call, committee_member):
    proposal = EligibleProposalFactory(call=call)
    award(proposal, "1000", committee_member)
    call.state = CallState.RESULTS_PUBLISHED
    call.save()
    with translation.override("en"), pytest.raises(Refusal) as refusal:
        award(proposal, "2000", committee_member)
    assert refusal.value.messages == [
        "The results of this call are published: decisions can no longer change."
    ]
    assert Decision.objects.get().amount == Decimal("1000")


def test_only_eligible_proposals_get_a_decision(call, committee_member):
    proposal = ProposalFactory(call=call, state=ProposalState.INELIGIBLE)
    with translation.override("en"), pytest.raises(Refusal) as refusal:
        award(proposal, "1000", committee_member)
    assert refusal.value.errors == {None: ["Only eligible proposals receive a decision."]}
    assert Decision.objects.count() == 0
