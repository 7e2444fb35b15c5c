"""Fixtures of the awards tests: a grant of a call the `officer` runs, its grantee."""

import pytest

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
