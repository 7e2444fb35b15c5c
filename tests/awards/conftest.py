"""Fixtures of the awards tests: a grant of a call the `officer` runs, its grantee."""

from datetime import date
from decimal import Decimal

import pytest

from awards.services.agreement import accept_agreement, countersign_agreement, issue_agreement
from awards.services.tranches import save_tranche_plan
from tests.factories import OrganisationFactory, Role, user_with
from tests.factories.awards import GrantFactory, PublishedCallFactory
from tests.reviews.conftest import decided  # noqa: F401 (a fixture the lifecycle tests use)


@pytest.fixture
def grantee(db):
    return user_with(Role.APPLICANT, email="grantee@example.org")


@pytest.fixture
def other_grantee(db):
    return user_with(Role.APPLICANT, email="other-grantee@example.org")


@pytest.fixture
def published_call(officer):
    return PublishedCallFactory(officers=[officer], created_by=officer, code="CCIC2026")


@pytest.fixture
def grant(published_call, grantee):
    organisation = OrganisationFactory(members=[grantee], name="วิสาหกิจชุมชนบ้านหนองบัว")
    return GrantFactory(
        proposal__call=published_call,
        proposal__organisation=organisation,
        proposal__title="ระบบแจ้งเตือนน้ำท่วมโดยชุมชน",
    )


@pytest.fixture
def other_grant(other_officer, other_grantee):
    call = PublishedCallFactory(officers=[other_officer], created_by=other_officer)
    organisation = OrganisationFactory(members=[other_grantee], name="มูลนิธิอื่น")
    return GrantFactory(proposal__call=call, proposal__organisation=organisation)


PLAN = [
    {"amount": Decimal("40000"), "milestone": "เริ่มโครงการ", "report_due": date(2026, 9, 30)},
    {"amount": Decimal("40000"), "milestone": "ดำเนินกิจกรรมครึ่งหนึ่ง", "report_due": date(2027, 1, 31)},
    {"amount": Decimal("20000"), "milestone": "ปิดโครงการ", "report_due": date(2027, 5, 31)},
]


@pytest.fixture
def planned(grant, officer):
    """The grant with a 40 / 40 / 20 % plan."""
    save_tranche_plan(grant, by=officer, tranches=PLAN)
    return grant


@pytest.fixture
def issued(planned, officer):
    """The grant's agreement, issued."""
    return issue_agreement(planned, by=officer)


@pytest.fixture
def active_grant(issued, grantee, officer):
    """Accepted by the grantee and countersigned: the grant is active."""
    accept_agreement(
        issued, by=grantee, name="สมชาย ใจดี", position="ประธาน", sha256=issued.sha256, ip="10.0.0.1"
    )
    countersign_agreement(issued, by=officer)
    issued.grant.refresh_from_db()
    return issued.grant
