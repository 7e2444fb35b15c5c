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


@pytest.fixture
def make_invitation(db, officer):
    """Invitations in any state, saved directly (no email sent).

    make_invitation() is pending; make_invitation(expired=True) or (accepted=True) are not.
    """
    from datetime import timedelta

    from django.utils import timezone

    from portal.models import Invitation

    def make(
        *,
        email="expert@example.org",
        role=Role.REVIEWER,
        invited_by=None,
        expired=False,
        accepted=False,
        **fields,
    ):
        now = timezone.now()
        return Invitation.objects.create(
            email=email,
            role=role,
            invited_by=invited_by or officer,
            expires_at=now + timedelta(days=-1 if expired else 14),
            accepted_at=now if accepted else None,
            **fields,
        )

    return make


@pytest.fixture
def client_en(client, settings):
    """The test client with English chosen in the language switcher, for tests of wording."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def reference_data(transactional_db):
    """Sectors, programmes and provinces, as the migration loads them.

    Transactional tests (a browser's server thread, a worker process) empty every table after
    each test, including the rows the data migration loaded, so load them again.
    """
    import importlib

    from django.apps import apps

    importlib.import_module("grants.migrations.0003_reference_data").load(apps, None)
