"""An officer extends a draft that missed the deadline, without ever seeing its content."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.enums import CallState
from portal.models import Notification
from proposals.enums import EventKind, ProposalState
from proposals.models import Proposal, ProposalEvent
from proposals.services.submission import submit_proposal
from tests.factories import CallFactory, OrganisationFactory, fill_proposal

S = ProposalState
SECRET_TITLE = "ชื่อโครงการที่ยังเป็นความลับ"
SECRET_SUMMARY = "เนื้อหาฉบับร่างที่เจ้าหน้าที่ไม่ควรเห็น"


@pytest.fixture
def late_call(db, officer):
    now = timezone.now()
    return CallFactory(
        officers=[officer],
        opens_at=now - timedelta(days=30),
        deadline=now - timedelta(hours=2),
    )


@pytest.fixture
def late_draft(late_call, organisation, applicant):
    proposal = Proposal.objects.create(
        call=late_call,
        organisation=organisation,
        created_by=applicant,
        title=SECRET_TITLE,
        created_at=late_call.deadline - timedelta(days=3),
    )
    fill_proposal(proposal)
    Proposal.objects.filter(pk=proposal.pk).update(summary=SECRET_SUMMARY)
    proposal.refresh_from_db()
    return proposal


def list_url(call) -> str:
    return reverse("proposals:call_proposals", kwargs={"slug": call.slug})


def extension_url(call) -> str:
    return reverse("proposals:call_late_extension", kwargs={"slug": call.slug})


def extension_data(proposal, *, days=2, reason="ไฟฟ้าดับทั้งตำบลในคืนวันปิดรับ"):
    until = timezone.localtime(timezone.now() + timedelta(days=days))
    return {"proposal": proposal.pk, "until": until.strftime("%Y-%m-%dT%H:%M"), "reason": reason}


def test_a_draft_that_missed_the_deadline_may_be_extended_by_its_calls_officers(
    late_draft, officer, other_officer, applicant
):
    assert officer.has_perm("proposals.grant_extension", late_draft)
    assert not other_officer.has_perm("proposals.grant_extension", late_draft)
    assert not applicant.has_perm("proposals.grant_extension", late_draft)
    # Knowing it may be extended is not seeing it.
    assert not officer.has_perm("proposals.view_received_proposal", late_draft)


def test_a_draft_still_in_time_or_in_a_call_under_review_is_not_extended(
    late_draft, late_call, officer
):
    late_call.deadline = timezone.now() + timedelta(hours=1)
    late_call.save()
    late_draft.refresh_from_db()
    assert not officer.has_perm("proposals.grant_extension", late_draft)
    late_call.deadline = timezone.now() - timedelta(hours=1)
    late_call.state = CallState.IN_REVIEW
    late_call.save()
    late_draft.refresh_from_db()
    assert not officer.has_perm("proposals.grant_extension", late_draft)


def test_the_call_page_lists_late_drafts_by_organisation_only(client, officer, late_draft):
    client.force_login(officer)
    response = client.get(list_url(late_draft.call))
    page = response.content.decode()
    assert [p.organisation.name for p in response.context["late_drafts"]] == [
        late_draft.organisation.name
    ]
    assert 'id="late-drafts"' in page
    assert late_draft.organisation.name in page
    assert SECRET_TITLE not in page
    assert SECRET_SUMMARY not in page


def test_officer_extends_a_late_draft_and_the_applicant_submits_until_then(
    client, officer, applicant, late_draft
):
    client.force_login(officer)
    response = client.post(extension_url(late_draft.call), extension_data(late_draft))
    assert response.status_code == 302
    assert response["Location"] == list_url(late_draft.call) + "#late-drafts"
    late_draft.refresh_from_db()
    assert late_draft.extension_reason == "ไฟฟ้าดับทั้งตำบลในคืนวันปิดรับ"
    assert late_draft.extension_until > timezone.now()
    assert ProposalEvent.objects.filter(proposal=late_draft, kind=EventKind.EXTENSION).count() == 1
    assert Notification.objects.filter(kind="extension_granted").count() == 1
    page = client.get(list_url(late_draft.call)).content.decode()
    assert SECRET_TITLE not in page

    assert applicant.has_perm("proposals.change_proposal", late_draft)
    submit_proposal(late_draft, by=applicant)
    late_draft.refresh_from_db()
    assert late_draft.state == S.SUBMITTED


def test_a_refused_extension_keeps_what_was_typed_and_shows_no_content(client, officer, late_draft):
    client.force_login(officer)
    data = extension_data(late_draft, reason="")
    response = client.post(extension_url(late_draft.call), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert data["until"] in page
    assert SECRET_TITLE not in page
    late_draft.refresh_from_db()
    assert late_draft.extension_until is None


def test_only_the_calls_own_late_drafts_can_be_chosen(client, officer, late_draft, late_call):
    other_call = CallFactory(
        officers=[officer],
        opens_at=late_call.opens_at,
        deadline=late_call.deadline,
    )
    stranger = Proposal.objects.create(
        call=other_call, organisation=OrganisationFactory(name="อื่น"), title="อื่น"
    )
    client.force_login(officer)
    response = client.post(extension_url(late_call), extension_data(stranger))
    assert response.status_code == 400
    stranger.refresh_from_db()
    assert stranger.extension_until is None


def test_officer_of_another_call_cannot_extend(client, other_officer, late_draft):
    client.force_login(other_officer)
    response = client.post(extension_url(late_draft.call), extension_data(late_draft))
    assert response.status_code == 403
    late_draft.refresh_from_db()
    assert late_draft.extension_until is None


def test_the_received_proposal_page_still_hides_a_late_draft(client, officer, late_draft):
    client.force_login(officer)
    for name in ("proposals:officer_proposal", "proposals:officer_extension"):
        url = reverse(name, kwargs={"pk": late_draft.pk})
        response = client.post(url, extension_data(late_draft))
        assert response.status_code == 404, name
        assert SECRET_TITLE not in response.content.decode()


@pytest.mark.parametrize("size", [1, 6])
def test_the_late_drafts_cost_the_same_queries_at_any_size(
    client, officer, late_call, size, django_assert_num_queries
):
    for i in range(size):
        Proposal.objects.create(
            call=late_call, organisation=OrganisationFactory(name=f"องค์กร {i}"), title=f"ร่าง {i}"
        )
    client.force_login(officer)
    # The list's count and its breakdowns are one grouped query (13 before).
    with django_assert_num_queries(11):
        response = client.get(list_url(late_call))
    assert len(response.context["late_drafts"]) == size
