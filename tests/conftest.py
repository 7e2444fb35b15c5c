"""Fixtures shared across the test modules."""

import pytest
from django.utils import translation

from portal.enums import Role

from .factories import CallFactory, user_with


@pytest.fixture(autouse=True)
def _thai_by_default():
    """Every test starts in Thai, the portal's default language."""
    with translation.override("th"):
        yield


@pytest.fixture
def applicant(db):
    return user_with(Role.APPLICANT, email="applicant@example.org")


@pytest.fixture
def officer(db):
    return user_with(Role.OFFICER, email="officer@example.org")


@pytest.fixture
def other_officer(db):
    return user_with(Role.OFFICER, email="officer2@example.org")


@pytest.fixture
def reviewer(db):
    return user_with(Role.REVIEWER, email="reviewer@example.org")


@pytest.fixture
def committee_member(db):
    return user_with(Role.COMMITTEE, email="committee@example.org")


@pytest.fixture
def administrator(db):
    return user_with(Role.ADMINISTRATOR, email="admin@example.org", is_staff=True)


@pytest.fixture
def open_call(db, officer):
    return CallFactory(officers=[officer], created_by=officer)
