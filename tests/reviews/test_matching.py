"""Reviewers matched to proposals by text: their expertise in their own words and the
proposals they reviewed before, compared with each proposal's text, beside the sectors."""

import pytest

from reviews.assignment_solver import ProposalInput, ReviewerInput, solve
from reviews.matching import reviewer_bags, text_affinity
from reviews.services.automatic import plan_automatic_assignment
from tests.factories import (
    CallInReviewFactory,
    EligibleProposalFactory,
    PanelMemberFactory,
    ReviewerFactory,
    ReviewFactory,
)
from tests.thai_samples import FARMING, INCUBATOR, VILLAGE

pytestmark = pytest.mark.django_db

FARMER = "เกษตรกรรมวิถีชุมชน เศรษฐกิจพอเพียง ดินและพืชเพาะปลูก การส่งเสริมการเกษตร"
COACH = "บ่มเพาะกิจการเพื่อสังคม โค้ชและที่ปรึกษาสตาร์ทอัพ ทดสอบไอเดียและขยายผล"


@pytest.fixture
def call(officer):
    return CallInReviewFactory(officers=[officer], created_by=officer, reviewers_per_proposal=1)


@pytest.mark.parametrize("coach_first", [True, False])
def test_each_proposal_goes_to_the_reviewer_whose_words_are_closest(call, coach_first):
    texts = [COACH, FARMER] if coach_first else [FARMER, COACH]
    reviewers = {}
    for text in texts:
        reviewer = ReviewerFactory(profile__expertise=["urban"], profile__expertise_text=text)
        PanelMemberFactory(call=call, reviewer=reviewer, max_proposals=1)
        reviewers[text] = reviewer
    farming = EligibleProposalFactory(call=call, summary=FARMING)
    incubator = EligibleProposalFactory(call=call, summary=INCUBATOR)

    plan = plan_automatic_assignment(call)

    assert sorted((p, r) for p, r, _m in plan.solution.pairs) == sorted(
        [(farming.pk, reviewers[FARMER].pk), (incubator.pk, reviewers[COACH].pk)]
    )


def test_past_reviews_describe_a_reviewer_too(call):
    earlier = CallInReviewFactory()
    reviewer = ReviewerFactory()
    ReviewFactory(
        assignment__proposal=EligibleProposalFactory(call=earlier, summary=FARMING),
        assignment__reviewer=reviewer,
    )
    proposal = EligibleProposalFactory(call=call, summary=FARMING.replace("หนองคาย", "ขอนแก่น"))
    other = EligibleProposalFactory(call=call, summary=VILLAGE)

    assert reviewer_bags([reviewer.pk])[reviewer.pk]["ปรัชญา"] >= 1
    affinity = text_affinity([proposal, other], [reviewer.pk], call=call)
    assert affinity[(proposal.pk, reviewer.pk)] > 0.5
    assert affinity.get((other.pk, reviewer.pk), 0) < 0.2
    # Reviews of the same call do not count: they are what is being planned.
    assert text_affinity([proposal], [reviewer.pk], call=earlier) == {}


def test_text_does_not_cost_coverage_or_balance():
    proposals = [ProposalInput(i, primary_sector="urban") for i in range(1, 7)]
    reviewers = [
        ReviewerInput(10 + j, capacity=4, expertise=frozenset({"urban"})) for j in range(3)
    ]
    # Reviewer 10 is the closest for every proposal: balance still spreads the load.
    affinity = {(p.id, 10): 0.9 for p in proposals}
    with_text = solve(proposals, reviewers, per_proposal=2, affinity=affinity)
    without = solve(proposals, reviewers, per_proposal=2)
    assert len(with_text.pairs) == len(without.pairs) == 12
    assert with_text.uncovered == without.uncovered == []
    assert max(with_text.loads.values()) == 4
    assert with_text.match_counts == without.match_counts


def test_a_sector_expert_still_beats_a_slightly_closer_text():
    proposal = ProposalInput(1, primary_sector="health")
    expert = ReviewerInput(10, capacity=1, expertise=frozenset({"health"}))
    outsider = ReviewerInput(11, capacity=1, expertise=frozenset({"urban"}))
    solution = solve([proposal], [expert, outsider], per_proposal=1, affinity={(1, 11): 0.1})
    assert [(p, r) for p, r, _m in solution.pairs] == [(1, 10)]
