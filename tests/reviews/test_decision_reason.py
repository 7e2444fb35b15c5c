"""The decision's reason, which the decision form promises the applicant, reaches them with
the results: on their proposal's page and in the result message, never before publication."""

import pytest
from django.test import TestCase
from django.urls import reverse

from portal.models import Notification
from reviews.models import Decision
from tests.factories import PublicationFactory, Role, user_with

pytestmark = pytest.mark.django_db

REASONS = {
    "awarded": "ชุมชนเป็นเจ้าของโครงการตั้งแต่ต้น และวัดผลได้ชัดเจน",
    "reserve": "แนวคิดดี แต่งบประมาณรอบนี้ไม่พอ",
    "not_selected": "แผนการดำเนินงานยังไม่ระบุผู้รับผิดชอบและตัวชี้วัด",
}


@pytest.fixture
def decided(decided):
    """The decided call of the review tests, each decision with its own reason."""
    call, proposals = decided
    for key, reason in REASONS.items():
        Decision.objects.filter(proposal=proposals[key]).update(reason=reason)
    return call, proposals


def publish(call, by):
    # The result messages are queued by a task after commit: run those callbacks too.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return PublicationFactory(call=call, published_by=by)


def page_of(client, user, proposal) -> str:
    client.force_login(user)
    response = client.get(reverse("proposals:proposal_detail", kwargs={"pk": proposal.pk}))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("key", sorted(REASONS))
def test_the_applicants_page_shows_the_reason_after_publication(
    client, decided, committee_member, key
):
    call, proposals = decided
    proposal = proposals[key]
    member = proposal.organisation.members.order_by("pk").first()
    assert REASONS[key] not in page_of(client, member, proposal)
    publish(call, committee_member)
    page = page_of(client, member, proposal)
    assert REASONS[key] in page
    assert "เหตุผลประกอบการพิจารณา" in page  # under its Thai heading


def test_the_applicants_page_shows_the_reason_in_english_too(
    client_en, decided, committee_member, applicant
):
    call, proposals = decided
    publish(call, committee_member)
    page = page_of(client_en, applicant, proposals["awarded"])
    assert "Reason for the decision" in page
    assert REASONS["awarded"] in page


def test_no_result_message_is_queued_before_publication(decided):
    assert list(Notification.objects.filter(kind="result")) == []


@pytest.mark.parametrize("key", sorted(REASONS))
def test_the_result_message_gives_the_reason_in_thai_and_in_english(decided, committee_member, key):
    call, proposals = decided
    proposal = proposals[key]
    proposal.organisation.members.update(language="th")
    thai_member = proposal.organisation.members.order_by("pk").first()
    english_member = user_with_language(proposal, "en")
    publish(call, committee_member)
    thai = Notification.objects.get(dedupe_key=f"result:{proposal.pk}:{thai_member.pk}")
    english = Notification.objects.get(dedupe_key=f"result:{proposal.pk}:{english_member.pk}")
    assert REASONS[key] in thai.body_text
    assert "เหตุผลประกอบการพิจารณา:" in thai.body_text
    assert REASONS[key] in english.body_text
    assert "Reason for the decision:" in english.body_text


def user_with_language(proposal, language):
    """Another member of the proposal's organisation, reading in `language`."""
    member = user_with(Role.APPLICANT, language=language)
    proposal.organisation.members.add(member)
    return member
