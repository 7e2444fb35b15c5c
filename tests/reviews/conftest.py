"""Fixtures shared by the review tests: a call in review with a proposal to review, and a
call with its decisions taken."""

from functools import partial

import pytest

from proposals.enums import ProposalState
from reviews.enums import DecisionOutcome
from tests.factories import (
    CallInReviewFactory,
    DecisionFactory,
    EligibleProposalFactory,
    OrganisationFactory,
    ProposalToReviewFactory,
    ResultsCallFactory,
    Role,
    user_with,
)


@pytest.fixture
def call(officer):
    return CallInReviewFactory(officers=[officer], created_by=officer)


@pytest.fixture
def proposal(call):
    return ProposalToReviewFactory(call=call)


@pytest.fixture
def decided(committee_member, applicant):
    """A call in review: two awarded, one on the reserve list, one not selected, one ineligible.

    `applicant` and a colleague are the two members of the first (awarded) organisation.
    """
    call = ResultsCallFactory()
    colleague = user_with(Role.APPLICANT, email="colleague@example.org", language="en")

    first = OrganisationFactory(
        members=[applicant, colleague], name="นิคมสร้างตนเองโพธิ์พิสัย", province__code="TH-43"
    )
    second = OrganisationFactory(
        members=[user_with(Role.APPLICANT, email="b@example.org")],
        name="นิคมสร้างตนเองขุนทะเล",
        province__code="TH-84",
    )
    third, fourth, fifth = (
        OrganisationFactory(
            members=[user_with(Role.APPLICANT, email=email)], name=name, province__code="TH-43"
        )
        for email, name in [
            ("c@example.org", "มูลนิธิ ค"),
            ("d@example.org", "มูลนิธิ ง"),
            ("e@example.org", "มูลนิธิ จ"),
        ]
    )
    proposal = partial(EligibleProposalFactory, call=call)
    proposals = {
        "awarded": proposal(organisation=first, title="เกษตรกรรมเชิงพื้นที่วิถีชุมชน", sequence=1),
        "awarded_2": proposal(organisation=second, title="พลังเปิดพัฒนาชุมชนสู่วิถีการพึ่งตนเอง", sequence=2),
        "reserve": proposal(organisation=third, title="ชีวิตใหม่ใกล้บ้านน้อย", sequence=3),
        "not_selected": proposal(organisation=fourth, title="ขอทานบอกที่", sequence=4),
        "ineligible": proposal(
            organisation=fifth, title="ไม่ผ่านเกณฑ์", sequence=5, state=ProposalState.INELIGIBLE
        ),
    }
    decide = {"decided_by": committee_member}
    DecisionFactory(proposal=proposals["awarded"], amount=100000, **decide)
    DecisionFactory(proposal=proposals["awarded_2"], amount=100000, **decide)
    DecisionFactory(
        proposal=proposals["reserve"], outcome=DecisionOutcome.RESERVE, reserve_rank=1, **decide
    )
    DecisionFactory(
        proposal=proposals["not_selected"], outcome=DecisionOutcome.NOT_SELECTED, **decide
    )
    return call, proposals


@pytest.fixture
def pitch_stage(officer):
    """The pitch stage (stage 2) of a call whose first stage is in review, run by `officer`,
    with a two-criterion pitch rubric."""
    from grants.enums import CallState, StageKind
    from tests.factories import CallFactory

    first = CallInReviewFactory(officers=[officer], created_by=officer)
    return CallFactory(
        first_stage=first,
        stage_number=2,
        stage_kind=StageKind.PITCH,
        state=CallState.IN_REVIEW,
        officers=[officer],
        created_by=officer,
        title_th=f"{first.title_th} รอบนำเสนอ",
        title_en=f"{first.title_en}: pitch",
        rubric=[
            {"title_th": "ความชัดเจนของการนำเสนอ", "title_en": "Clarity", "weight": 50},
            {"title_th": "ความเป็นไปได้", "title_en": "Feasibility", "weight": 50},
        ],
    )


@pytest.fixture
def pitch_team(pitch_stage, applicant):
    """`applicant`'s team, invited to the pitch: its proposal there continues the one it
    sent at the first stage (submitted, no form to fill)."""
    from tests.factories import SubmittedProposalFactory

    organisation = OrganisationFactory(members=[applicant], name="วิสาหกิจชุมชนบ้านนาเลา")
    earlier = ProposalToReviewFactory(
        call=pitch_stage.first_stage, organisation=organisation, title="น้ำสะอาดเพื่อชุมชน"
    )
    return SubmittedProposalFactory(
        call=pitch_stage, organisation=organisation, previous_stage=earlier, title=earlier.title
    )


@pytest.fixture
def other_team(pitch_stage, other_applicant):
    from tests.factories import SubmittedProposalFactory

    organisation = OrganisationFactory(members=[other_applicant], name="มูลนิธิรักษ์ป่า")
    earlier = ProposalToReviewFactory(call=pitch_stage.first_stage, organisation=organisation)
    return SubmittedProposalFactory(
        call=pitch_stage, organisation=organisation, previous_stage=earlier
    )


@pytest.fixture
def open_slot(pitch_stage, officer):
    """A function opening a 20-minute slot `days` from now (at a place and by video)."""
    from datetime import timedelta

    from django.utils import timezone

    from reviews.services.pitch import open_pitch_slot

    def make(days: float = 3, *, place: str = "ห้องประชุม 3 สนช.", link: str = ""):
        start = timezone.now().replace(microsecond=0) + timedelta(days=days)
        return open_pitch_slot(
            pitch_stage,
            starts_at=start,
            ends_at=start + timedelta(minutes=20),
            place=place,
            link=link,
            by=officer,
        )

    return make
