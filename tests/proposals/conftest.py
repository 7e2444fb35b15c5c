"""Fixtures of the proposals tests: an applicant's organisation and proposals in common states.

`organisation` belongs to the `applicant` fixture (tests/conftest.py); `draft` is an empty
draft on `open_call`; `submitted` is a complete proposal submitted once (reference, version 1).
`complete_draft` is the same content still in draft, ready to be submitted.
"""

from decimal import Decimal

import pytest
from django.utils import timezone

from grants.enums import ApplicantType
from grants.models import Province, Sector
from proposals.enums import EventKind, ProposalState
from proposals.models import (
    BudgetLine,
    Organisation,
    Outcome,
    Proposal,
    ProposalEvent,
    ProposalVersion,
    TeamMember,
)
from tests.factories import Role, user_with


def make_organisation(*members, name="วิสาหกิจชุมชนบ้านดอนแก้ว", **fields) -> Organisation:
    fields.setdefault("type", ApplicantType.COMMUNITY_ENTERPRISE)
    fields.setdefault("province", Province.objects.get(code="TH-50"))
    fields.setdefault("address", "12 หมู่ 3 ต.ดอนแก้ว อ.แม่ริม")
    fields.setdefault("phone", "053 123 456")
    organisation = Organisation.objects.create(name=name, **fields)
    organisation.members.set(members)
    return organisation


def fill_proposal(proposal: Proposal) -> Proposal:
    """Give `proposal` everything missing_for_submission asks for."""
    call = proposal.call
    urban = Sector.objects.get(code="urban")
    proposal.summary = "ระบบแจ้งเตือนน้ำท่วมโดยชุมชน"
    proposal.problem = "น้ำท่วมซ้ำซากทุกปี"
    proposal.innovation = "เซนเซอร์ราคาถูกและกลุ่มไลน์ของชุมชน"
    proposal.target_group = "ครัวเรือนริมน้ำ 200 ครัวเรือน"
    proposal.province = Province.objects.get(code="TH-50")
    proposal.district = "แม่ริม"
    proposal.primary_sector = urban
    proposal.requested_amount = min(Decimal("80000"), call.max_per_proposal)
    proposal.duration_months = 12
    proposal.save()
    proposal.sectors.set([urban])
    BudgetLine.objects.create(
        proposal=proposal, position=0, item="เซนเซอร์", amount=proposal.requested_amount
    )
    TeamMember.objects.create(proposal=proposal, name="สมหญิง รักดี", role="หัวหน้าโครงการ")
    Outcome.objects.create(
        proposal=proposal, outcome="แจ้งเตือนล่วงหน้า", indicator="ครัวเรือนที่ได้รับแจ้ง", target="200"
    )
    return proposal


@pytest.fixture
def organisation(applicant):
    return make_organisation(applicant)


@pytest.fixture
def other_applicant(db):
    return user_with(Role.APPLICANT, email="applicant-b@example.org")


@pytest.fixture
def other_organisation(other_applicant):
    return make_organisation(other_applicant, name="มูลนิธิเพื่อนชุมชน")


@pytest.fixture
def draft(open_call, organisation, applicant):
    return Proposal.objects.create(
        call=open_call, organisation=organisation, created_by=applicant, title="น้ำท่วมไม่ท่วมใจ"
    )


@pytest.fixture
def complete_draft(draft):
    return fill_proposal(draft)


@pytest.fixture
def submitted(complete_draft, applicant):
    """Submitted once, as submit_proposal leaves it: reference, sequence 1, version 1, log row."""
    proposal = complete_draft
    now = timezone.now()
    proposal.state = ProposalState.SUBMITTED
    proposal.sequence = 1
    proposal.reference = f"{proposal.call.code}-0001"
    proposal.submitted_at = now
    proposal.save()
    ProposalVersion.objects.create(
        proposal=proposal, number=1, data={"title": proposal.title}, submitted_by=applicant
    )
    ProposalEvent.objects.create(
        proposal=proposal,
        kind=EventKind.STATE,
        from_state=ProposalState.DRAFT,
        to_state=ProposalState.SUBMITTED,
        by=applicant,
        at=now,
    )
    return proposal
