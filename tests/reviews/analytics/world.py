"""The analytics' hand-counted world: two calls of one officer, 2017's with published
results and a call in review; and another officer's open call that they must never count.

Hand count (see the tests): the 2017 call "P" has p1, p2 awarded (100,000 and 80,000 baht),
p3 on the reserve list, p4 not selected, p5 found ineligible, p6 a draft, p7 withdrawn; the
call in review "R" has r1 (award pending, 50,000), r2 (undecided), r3 (not selected,
pending), r4 submitted, r5 asked for more information, r6 a draft. Every proposal received
requests the call's maximum, 100,000 baht.
"""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from grants.models import Province, Sector
from proposals.enums import ProposalState
from reviews.enums import AssignmentState, DecisionOutcome, ReviewState
from tests.factories import (
    AssignmentFactory,
    CallFactory,
    CallInReviewFactory,
    DecisionFactory,
    OrganisationFactory,
    ProposalFactory,
    PublicationFactory,
    ResultsCallFactory,
    ReviewFactory,
    SubmittedProposalFactory,
)

BANGKOK = ZoneInfo("Asia/Bangkok")


def _proposal(call, state, sector=None, province=None, **fields):
    extra = {}
    if state != ProposalState.DRAFT:
        extra = {
            "primary_sector": Sector.objects.get(code=sector),
            "province": Province.objects.get(code=province) if province else None,
        }
    return ProposalFactory(call=call, state=state, **extra, **fields)


def build_world(*, officer, other_officer, committee_member, reviewers) -> dict:
    """Arrange the world of the module docstring; the objects by name."""
    r1, r2, r3 = reviewers
    S = ProposalState
    published = ResultsCallFactory(officers=[officer], created_by=officer, slug="p-2017")
    p = {
        "p1": _proposal(published, S.ELIGIBLE, "health", "TH-43"),
        "p2": _proposal(published, S.ELIGIBLE, "health", "TH-84"),
        "p3": _proposal(published, S.ELIGIBLE, "urban", "TH-43"),
        "p4": _proposal(published, S.ELIGIBLE, "urban", "TH-43"),
        "p5": _proposal(published, S.INELIGIBLE, "urban", "TH-84"),
        "p6": _proposal(published, S.DRAFT),
        "p7": _proposal(published, S.WITHDRAWN, "urban", "TH-84"),
    }
    in_ten_days = datetime(2017, 4, 28, 12, 0, tzinfo=BANGKOK)  # 11 days after submission
    decide = {"decided_by": committee_member, "decided_at": in_ten_days}
    DecisionFactory(proposal=p["p1"], amount=Decimal("100000"), **decide)
    DecisionFactory(proposal=p["p2"], amount=Decimal("80000"), **decide)
    DecisionFactory(proposal=p["p3"], outcome=DecisionOutcome.RESERVE, reserve_rank=1, **decide)
    DecisionFactory(
        proposal=p["p4"],
        outcome=DecisionOutcome.NOT_SELECTED,
        decided_by=committee_member,
        decided_at=datetime(2017, 7, 1, 12, 0, tzinfo=BANGKOK),  # 75 days
    )
    ReviewFactory(assignment__proposal=p["p1"], assignment__reviewer=r1)
    ReviewFactory(assignment__proposal=p["p3"], assignment__reviewer=r1)
    PublicationFactory(call=published, published_by=committee_member)

    review = CallInReviewFactory(officers=[officer], created_by=officer, slug="r-now")
    org_chiang_mai = OrganisationFactory(province=Province.objects.get(code="TH-50"))
    r = {
        "r1": _proposal(review, S.ELIGIBLE, "health", "TH-10"),
        "r2": _proposal(review, S.ELIGIBLE, "agriculture", "TH-10"),
        "r3": _proposal(review, S.ELIGIBLE, "agriculture", None, organisation=org_chiang_mai),
        "r4": _proposal(review, S.SUBMITTED, "health", "TH-10"),
        "r5": _proposal(review, S.NEEDS_INFO, "health", "TH-10"),
        "r6": _proposal(review, S.DRAFT),
    }
    DecisionFactory(proposal=r["r1"], amount=Decimal("50000"), decided_by=committee_member)
    DecisionFactory(
        proposal=r["r3"],
        outcome=DecisionOutcome.NOT_SELECTED,
        decided_by=committee_member,
        decided_at=r["r3"].submitted_at + timedelta(days=45),
    )
    ReviewFactory(assignment__proposal=r["r1"], assignment__reviewer=r1)
    AssignmentFactory(proposal=r["r2"], reviewer=r1, state=AssignmentState.ACTIVE)
    ReviewFactory(
        assignment__proposal=r["r2"],
        assignment__reviewer=r2,
        state=ReviewState.DRAFT,
        submitted_at=None,
        points=False,
    )
    AssignmentFactory(proposal=r["r3"], reviewer=r2)  # awaiting the declaration
    AssignmentFactory(proposal=r["r4"], reviewer=r3, state=AssignmentState.CONFLICT)

    other = CallFactory(officers=[other_officer], created_by=other_officer, slug="o-open")
    SubmittedProposalFactory(call=other, primary_sector=Sector.objects.get(code="tourism-culture"))
    return {"published": published, "review": review, "other": other, **p, **r}
