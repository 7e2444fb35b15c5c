"""Every notification renders in Thai and in English, with nothing left unfilled."""

import copy
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone

from portal.enums import Role
from portal.models import Invitation
from portal.outbox import render_message
from reviews.models import Assignment, Decision
from tests.factories import user_with
from tests.i18n_recorder import record_missing_thai

KINDS = [
    "proposal_submitted",
    "proposal_withdrawn",
    "information_requested",
    "extension_granted",
    "draft_reminder",
    "deadline_changed",
    "new_call",
    "invitation",
    "panel_invitation",
    "reviewer_assigned",
    "conflict_declared",
    "review_reminder",
    "officer_digest",
    "result",
]

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict_templates(settings):
    """Any variable a template uses but the context lacks shows up as MISSING."""
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["string_if_invalid"] = "MISSING[%s]"
    settings.TEMPLATES = templates


@pytest.fixture
def context(submitted, officer):
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
    }


@pytest.mark.parametrize("kind", KINDS)
def test_each_message_renders_in_both_languages_completely(kind, context, strict_templates):
    with record_missing_thai() as missing:
        thai = render_message(kind, context, "th")
    english = render_message(kind, context, "en")

    assert sorted(missing) == []  # every sentence has its Thai translation

    for subject, text, _html in (thai, english):
        assert subject.strip() and text.strip()
        assert "MISSING[" not in subject + text
        assert "&amp;" not in subject + text and "&quot;" not in text  # plain text, not HTML
    assert thai[0] != english[0]  # the subject is translated
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in thai[1])  # Thai script in the Thai body
