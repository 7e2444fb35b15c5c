"""The ranking's version number (reviews.models.ranking): moved by database triggers, in the
same transaction, by every change the ranking is computed from, and by nothing else."""

from decimal import Decimal

import pytest
from django.db import connection, transaction

from grants.models import Criterion
from proposals.enums import ProposalState
from proposals.models import Proposal
from reviews.enums import AssignmentState, DecisionOutcome, ReviewState
from reviews.models import Assignment, Decision, RankingVersion, Review, Score, StageResult
from reviews.ranking import ranking
from tests.factories import (
    AssignmentFactory,
    CallInReviewFactory,
    DecisionFactory,
    EligibleProposalFactory,
    ProposalFactory,
    ReviewFactory,
    SubmittedProposalFactory,
)

pytestmark = pytest.mark.django_db


def version(call):
    return RankingVersion.objects.filter(call_id=call.pk).values_list("version", flat=True).first()


@pytest.fixture
def call(db):
    return CallInReviewFactory(rubric=[{"weight": 60}, {"weight": 40}])


@pytest.fixture
def other(db):
    return CallInReviewFactory(rubric=[{"weight": 50}, {"weight": 50}])


@pytest.fixture
def review(call):
    return ReviewFactory(assignment__proposal=EligibleProposalFactory(call=call), points=[5, 5])


def moves(call, change) -> bool:
    before = version(call)
    change()
    return version(call) != before


def test_a_proposal_on_the_ranking_moves_its_calls_number_and_no_other(call, other):
    proposal = EligibleProposalFactory(call=call)
    EligibleProposalFactory(call=other)
    before_other = version(other)

    assert version(call) is not None
    assert moves(call, lambda: Proposal.objects.filter(pk=proposal.pk).update(title="ใหม่"))
    assert moves(
        call, lambda: Proposal.objects.filter(pk=proposal.pk).update(state=ProposalState.INELIGIBLE)
    )  # leaving the ranking
    assert version(other) == before_other


def test_drafts_and_submitted_proposals_leave_the_number_alone(call):
    draft = ProposalFactory(call=call)
    submitted = SubmittedProposalFactory(call=call)

    assert not moves(call, lambda: Proposal.objects.filter(pk=draft.pk).update(title="ร่าง"))
    assert not moves(call, lambda: submitted.save())
    # Screened in: it joins the ranking.
    assert moves(
        call, lambda: Proposal.objects.filter(pk=submitted.pk).update(state=ProposalState.ELIGIBLE)
    )


def test_assignments_submitted_reviews_and_their_scores_move_it(call, review):
    assignment = review.assignment

    assert moves(call, lambda: AssignmentFactory(proposal=assignment.proposal))
    assert moves(
        call,
        lambda: Assignment.objects.filter(pk=assignment.pk).update(state=AssignmentState.ACTIVE),
    )
    assert moves(call, lambda: Score.objects.filter(review=review).update(points=Decimal("1")))
    assert moves(
        call, lambda: Review.objects.filter(pk=review.pk).update(state=ReviewState.DRAFT)
    )  # reopened: it no longer counts
    # A draft's scores do not count: changing them changes nothing.
    assert not moves(call, lambda: Score.objects.filter(review=review).update(points=Decimal("2")))
    assert not moves(call, lambda: Review.objects.filter(pk=review.pk).update(comment="ร่าง"))


def test_decisions_stage_results_and_the_rubric_move_it(call, review):
    proposal = review.assignment.proposal

    assert moves(call, lambda: DecisionFactory(proposal=proposal))
    assert moves(
        call,
        lambda: Decision.objects.filter(proposal=proposal).update(
            outcome=DecisionOutcome.RESERVE, amount=None
        ),
    )
    assert moves(call, lambda: Decision.objects.filter(proposal=proposal).delete())
    assert moves(call, lambda: StageResult.objects.create(proposal=proposal, advanced=True))
    assert moves(call, lambda: Criterion.objects.filter(call=call).update(weight=50))


def test_a_bulk_update_moves_each_call_once_on_postgresql(call, other):
    for target in (call, other):
        for _ in range(5):
            EligibleProposalFactory(call=target)
    before = {c.pk: version(c) for c in (call, other)}

    Proposal.objects.filter(call__in=[call, other]).update(title="ทั้งหมด")

    after = {c.pk: version(c) for c in (call, other)}
    steps = {pk: after[pk] - before[pk] for pk in after}
    # A statement-level trigger on PostgreSQL; a row-level one on SQLite.
    expected = 1 if connection.vendor == "postgresql" else 5
    assert steps == {call.pk: expected, other.pk: expected}


def test_a_rolled_back_change_leaves_the_number_as_it_was(call, review):
    before = version(call)
    with pytest.raises(RuntimeError), transaction.atomic():
        Score.objects.filter(review=review).update(points=Decimal("0"))
        raise RuntimeError

    assert version(call) == before


def test_a_proposal_deleted_with_its_reviews_and_decision_moves_it(call, review):
    proposal = review.assignment.proposal
    DecisionFactory(proposal=proposal)

    assert moves(call, lambda: Proposal.objects.filter(pk=proposal.pk).delete())
    assert not Score.objects.filter(review_id=review.pk).exists()


def test_a_ranking_changed_by_a_bulk_update_is_not_served_from_the_cache(call, review):
    before = ranking(call, with_proposals=False)[0].mean

    Score.objects.filter(review=review).update(points=Decimal("1"))
    Review.objects.filter(pk=review.pk).update(total=Decimal("10"))

    assert before == 50.0
    assert ranking(call, with_proposals=False)[0].mean == 10.0
