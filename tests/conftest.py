"""Fixtures shared across the test modules."""

from datetime import timedelta
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.utils import timezone, translation

from portal import two_factor
from portal.enums import Role
from portal.models import Invitation, User
from proposals.enums import EventKind, ProposalState
from proposals.models import ProposalEvent, ProposalVersion
from reviews.models import Amendment, Appeal, Assignment, Decision

from .factories import (
    PASSWORD,
    TOTP_SECRET,
    CallFactory,
    InvitationFactory,
    OrganisationFactory,
    ProposalFactory,
    fill_proposal,
    user_with,
)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached rankings must not outlive the test that computed them."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _thai_by_default():
    """Every test starts in Thai, the portal's default language."""
    with translation.override("th"):
        yield


@pytest.fixture
def admin_user(db):
    """pytest-django's superuser (for `admin_client`), made as the factories make people: with
    a verified address and the authenticator app administrators must have."""
    user = User.objects.create_superuser("admin@example.com", PASSWORD, full_name="Admin")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    two_factor.enrol_totp(user, TOTP_SECRET)
    return user


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
    """InvitationFactory, sent by `officer` unless another sender is given.

    make_invitation() is pending; make_invitation(expired=True) or (accepted=True) are not.
    """

    def make(*, invited_by=None, **fields):
        return InvitationFactory(invited_by=invited_by or officer, **fields)

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


# Proposals in common states: `organisation` belongs to `applicant`; `draft` is an empty
# draft on `open_call`; `complete_draft` has everything; `submitted` was submitted once.
@pytest.fixture
def organisation(applicant):
    return OrganisationFactory(members=[applicant], name="วิสาหกิจชุมชนบ้านดอนแก้ว")


@pytest.fixture
def other_applicant(db):
    return user_with(Role.APPLICANT, email="applicant-b@example.org")


@pytest.fixture
def other_organisation(other_applicant):
    return OrganisationFactory(members=[other_applicant], name="มูลนิธิเพื่อนชุมชน")


@pytest.fixture
def draft(open_call, organisation, applicant):
    return ProposalFactory(
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


@pytest.fixture
def notification_context(submitted, officer):
    """A context with every variable any notification template uses."""
    now = timezone.now()
    submitted.info_request = "โปรดแนบใบเสนอราคา"
    submitted.info_due = now + timedelta(days=5)
    submitted.extension_until = now + timedelta(days=3)
    submitted.extension_reason = "น้ำท่วมพื้นที่"
    reviewer = user_with(Role.REVIEWER, full_name="ดร.สมศักดิ์")
    assignment = Assignment.objects.create(proposal=submitted, reviewer=reviewer, method="manual")
    decision = Decision(
        proposal=submitted, outcome="award", amount=Decimal("100000"), reason="ดีเด่น"
    )
    invitation = Invitation(
        email="expert@example.org",
        full_name="ดร.วิชัย",
        role=Role.REVIEWER,
        invited_by=officer,
        expires_at=now + timedelta(days=14),
        token="t" * 20,
    )
    return {
        "recipient": reviewer,
        "site_url": settings.SITE_URL,
        "proposal": submitted,
        "call": submitted.call,
        "deadline": submitted.call.deadline,
        "old_deadline": submitted.call.deadline - timedelta(days=7),
        "version": 1,
        "assignment": assignment,
        "reviewer": reviewer,
        "reason": "เป็นที่ปรึกษาของโครงการ",
        "link": "/reviews/mine/",
        "blind": False,
        "organisation": submitted.organisation.name,
        "decision": decision,
        "assigned": 6,
        "done": 4,
        "missing": 2,
        "day": timezone.localdate(),
        "invitation": invitation,
        "accept_url": "http://127.0.0.1:8000/invitations/x/",
        "valid_days": 14,
        "appeal": Appeal(
            pk=1,
            proposal=submitted,
            state="upheld",
            outcome="award",
            amount=Decimal("90000"),
            decision_reason="คณะกรรมการพิจารณาเอกสารเพิ่มเติมแล้ว",
        ),
        "amendment": Amendment(number=1),
    }
