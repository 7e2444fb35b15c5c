"""Helpers of the results tests: a call in review like seed 004, with decided proposals.

The call's dates follow the Department's announcement: proposals due 18 April 2560 (2017),
results by 1 May 2560; publishing is pinned to 1 May 2017 in Bangkok.
"""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from grants.enums import ApplicantType, CallState
from grants.models import Province
from proposals.enums import ProposalState
from proposals.models import Organisation, Proposal
from reviews.enums import AssignmentMethod, AssignmentState, DecisionOutcome, ReviewState
from reviews.models import Assignment, Decision, Review
from tests.factories import CallFactory, Role, user_with

BANGKOK = ZoneInfo("Asia/Bangkok")
OPENS = datetime(2017, 3, 1, 9, 0, tzinfo=BANGKOK)
DEADLINE = datetime(2017, 4, 18, 16, 30, tzinfo=BANGKOK)
REVIEW_ENDS = datetime(2017, 4, 28, 17, 0, tzinfo=BANGKOK)
RESULTS_AT = datetime(2017, 5, 1, 9, 0, tzinfo=BANGKOK)
PUBLISHED_AT = datetime(2017, 5, 1, 10, 0, tzinfo=BANGKOK)


def call_in_review(**fields):
    fields = {
        "title_th": "นวัตกรรมทางสังคมเพื่อชุมชน",
        "title_en": "Social Innovation for Communities",
        "opens_at": OPENS,
        "deadline": DEADLINE,
        "review_ends_at": REVIEW_ENDS,
        "results_at": RESULTS_AT,
        "state": CallState.IN_REVIEW,
        "budget_total": Decimal("1000000"),
        **fields,
    }
    return CallFactory(**fields)


def organisation_with(*members, name: str, province: str = "TH-43") -> Organisation:
    organisation = Organisation.objects.create(
        name=name,
        type=ApplicantType.COMMUNITY_ENTERPRISE,
        province=Province.objects.get(code=province),
        address="1 หมู่ 1",
        phone="042 000 000",
    )
    organisation.members.set(members)
    return organisation


def proposal_in(call, organisation, *, title: str, sequence: int, state=ProposalState.ELIGIBLE):
    return Proposal.objects.create(
        call=call,
        organisation=organisation,
        created_by=organisation.members.first(),
        title=title,
        state=state,
        sequence=sequence,
        reference=f"{call.code}-{sequence:04d}",
        requested_amount=Decimal("100000"),
    )


def decide(proposal, outcome, *, by, amount=None, reserve_rank=None) -> Decision:
    return Decision.objects.create(
        proposal=proposal,
        outcome=outcome,
        amount=amount,
        reserve_rank=reserve_rank,
        reason="พัฒนาชุมชนให้เข้มแข็ง ลดความเหลื่อมล้ำ",
        decided_by=by,
    )


def submitted_review(proposal, *, feedback: str, reviewer=None, state=ReviewState.SUBMITTED):
    reviewer = reviewer or user_with(Role.REVIEWER, full_name="ผู้ทรงคุณวุฒิ ลับมาก")
    assignment = Assignment.objects.create(
        proposal=proposal,
        reviewer=reviewer,
        state=AssignmentState.ACTIVE,
        method=AssignmentMethod.MANUAL,
    )
    return Review.objects.create(
        assignment=assignment, state=state, feedback=feedback, submitted_at=REVIEW_ENDS
    )


def decided_call(committee_member, applicant):
    """A call in review: two awarded, one on the reserve list, one not selected, one ineligible.

    `applicant` and a colleague are the two members of the first (awarded) organisation.
    """
    call = call_in_review()
    colleague = user_with(Role.APPLICANT, email="colleague@example.org", language="en")
    first = organisation_with(applicant, colleague, name="นิคมสร้างตนเองโพธิ์พิสัย")
    second = organisation_with(
        user_with(Role.APPLICANT, email="b@example.org"),
        name="นิคมสร้างตนเองขุนทะเล",
        province="TH-84",
    )
    third = organisation_with(user_with(Role.APPLICANT, email="c@example.org"), name="มูลนิธิ ค")
    fourth = organisation_with(user_with(Role.APPLICANT, email="d@example.org"), name="มูลนิธิ ง")
    fifth = organisation_with(user_with(Role.APPLICANT, email="e@example.org"), name="มูลนิธิ จ")
    proposals = {
        "awarded": proposal_in(call, first, title="เกษตรกรรมเชิงพื้นที่วิถีชุมชน", sequence=1),
        "awarded_2": proposal_in(call, second, title="พลังเปิดพัฒนาชุมชนสู่วิถีการพึ่งตนเอง", sequence=2),
        "reserve": proposal_in(call, third, title="ชีวิตใหม่ใกล้บ้านน้อย", sequence=3),
        "not_selected": proposal_in(call, fourth, title="ขอทานบอกที่", sequence=4),
        "ineligible": proposal_in(
            call, fifth, title="ไม่ผ่านเกณฑ์", sequence=5, state=ProposalState.INELIGIBLE
        ),
    }
    decide(proposals["awarded"], DecisionOutcome.AWARD, by=committee_member, amount=100000)
    decide(proposals["awarded_2"], DecisionOutcome.AWARD, by=committee_member, amount=100000)
    decide(proposals["reserve"], DecisionOutcome.RESERVE, by=committee_member, reserve_rank=1)
    decide(proposals["not_selected"], DecisionOutcome.NOT_SELECTED, by=committee_member)
    return call, proposals
