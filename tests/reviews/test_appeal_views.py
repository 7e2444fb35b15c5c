"""The appeal pages: the panel on the applicant's proposal, lodging with what was typed kept on
a refusal, the call's list (queries at two sizes), the amendment on the results page and PDF."""

from datetime import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from proposals.models import Proposal
from reviews.enums import AppealState, DecisionOutcome
from reviews.models import Appeal
from reviews.services.appeals import decide_appeal, lodge_appeal, route_appeal
from reviews.services.publication import publish_results
from tests.factories import (
    PDF_BYTES,
    PUBLISHED_AT,
    EligibleProposalFactory,
    OrganisationFactory,
    Role,
    user_with,
)
from tests.factories.reviews import BANGKOK
from tests.reviews.test_results_pdf import text_lines

pytestmark = pytest.mark.django_db

IN_WINDOW = datetime(2017, 5, 10, 9, 0, tzinfo=BANGKOK)
AFTER_WINDOW = datetime(2017, 5, 17, 0, 0, tzinfo=BANGKOK)


@pytest.fixture
def published(decided, committee_member, officer):
    call, proposals = decided
    call.officers.add(officer)
    with time_machine.travel(PUBLISHED_AT, tick=False):
        publish_results(call, by=committee_member)
    return call, {key: Proposal.objects.get(pk=p.pk) for key, p in proposals.items()}


def member_of(proposal):
    return proposal.organisation.members.first()


def pdf():
    return SimpleUploadedFile("อุทธรณ์.pdf", PDF_BYTES, content_type="application/pdf")


def lodge(proposal):
    with TestCase.captureOnCommitCallbacks(execute=False):
        return lodge_appeal(
            proposal, grounds="ขออุทธรณ์", uploaded_file=pdf(), by=member_of(proposal), at=IN_WINDOW
        )


def test_the_proposal_page_offers_an_appeal_within_the_window_only(client, published):
    _, proposals = published
    proposal = proposals["not_selected"]
    client.force_login(member_of(proposal))
    with time_machine.travel(IN_WINDOW, tick=False):
        within = client.get(proposal.get_absolute_url()).content.decode()
    with time_machine.travel(AFTER_WINDOW, tick=False):
        after = client.get(proposal.get_absolute_url()).content.decode()
    link = f'href="/reviews/proposal/{proposal.pk}/appeal/"'
    assert (link in within, "appeal-panel" in within) == (True, True)
    assert (link in after, "appeal-panel" in after) == (False, False)


def test_a_refused_file_is_shown_at_its_field_and_the_grounds_stay(client, published):
    _, proposals = published
    proposal = proposals["not_selected"]
    client.force_login(member_of(proposal))
    with time_machine.travel(IN_WINDOW, tick=False):
        response = client.post(
            f"/reviews/proposal/{proposal.pk}/appeal/",
            {
                "grounds": "เหตุผลที่พิมพ์ไว้",
                "file": SimpleUploadedFile("note.pdf", b"plain text", content_type="text/plain"),
            },
        )
    form = response.context["form"]
    assert response.status_code == 200
    assert list(form.errors) == [None] or list(form.errors) == ["__all__"]
    assert "เหตุผลที่พิมพ์ไว้" in response.content.decode()
    assert Appeal.objects.count() == 0


def _appeals(call, count):
    for n in range(count):
        organisation = OrganisationFactory(
            members=[user_with(Role.APPLICANT, email=f"appeal{n}@example.org")]
        )
        proposal = EligibleProposalFactory(call=call, organisation=organisation, sequence=10 + n)
        Proposal.objects.filter(pk=proposal.pk).update(state="not_selected")
        lodge(Proposal.objects.select_related("call", "organisation").get(pk=proposal.pk))


@pytest.mark.parametrize("size", [2, 8])
def test_the_calls_appeals_list_queries_do_not_grow(
    client, published, officer, django_assert_num_queries, size
):
    call, _ = published
    _appeals(call, size)
    client.force_login(officer)
    client.get("/")  # the session and the user, once
    # The session, the user, the call, the roles, "runs the call" (the guard, the list),
    # the appeals with their proposals and organisations, the inbox's unread count.
    with django_assert_num_queries(8):
        response = client.get(f"/reviews/call/{call.slug}/appeals/")
    assert len(response.context["appeals"]) == size


def test_the_committee_lists_only_appeals_sent_to_it(client, published, officer, committee_member):
    call, proposals = published
    sent = lodge(proposals["not_selected"])
    route_appeal(sent, by=officer)
    lodge(proposals["reserve"])
    client.force_login(committee_member)
    response = client.get(f"/reviews/call/{call.slug}/appeals/")
    assert [appeal.pk for appeal in response.context["appeals"]] == [sent.pk]


def test_the_results_page_keeps_the_announcement_and_adds_the_amendment(
    client, published, officer, committee_member
):
    call, proposals = published
    appeal = route_appeal(lodge(proposals["not_selected"]), by=officer)
    decide_appeal(
        appeal,
        upheld=True,
        outcome=DecisionOutcome.AWARD,
        amount=Decimal("70000"),
        reason="เอกสารครบ",
        by=committee_member,
    )
    assert Appeal.objects.get().state == AppealState.UPHELD
    page = client.get(f"/reviews/results/{call.slug}/").content.decode()
    original, amendment = page.split('id="amendment-1"')
    assert "ขอทานบอกที่" not in original and "ขอทานบอกที่" in amendment
    assert "ฉบับที่ 1" in amendment
    pdf_response = client.get(f"/reviews/results/{call.slug}/amendment-1.pdf")
    assert pdf_response["Content-Type"] == "application/pdf"
    assert pdf_response.content.startswith(b"%PDF")
    assert client.get(f"/reviews/results/{call.slug}/amendment-2.pdf").status_code == 404


def test_the_dashboards_list_the_appeals_waiting_for_each(
    client, published, officer, committee_member
):
    _, proposals = published
    lodged = lodge(proposals["reserve"])
    sent = route_appeal(lodge(proposals["not_selected"]), by=officer)
    other_officer = user_with(Role.OFFICER, email="other-officer@example.org")

    def listed(user, role):
        client.force_login(user)
        page = client.get(f"/dashboard/{role}/").content.decode()
        return [pk for pk in (lodged.pk, sent.pk) if f'href="/reviews/appeal/{pk}/"' in page]

    assert listed(officer, "officer") == [lodged.pk]
    assert listed(other_officer, "officer") == []
    assert listed(committee_member, "committee") == [sent.pk]


def test_the_amendment_pdf_prints_the_change_in_thai(client, published, officer, committee_member):
    call, proposals = published
    appeal = route_appeal(lodge(proposals["not_selected"]), by=officer)
    decide_appeal(
        appeal,
        upheld=True,
        outcome=DecisionOutcome.AWARD,
        amount=Decimal("70000"),
        reason="เอกสารครบ",
        by=committee_member,
    )
    pdf = client.get(f"/reviews/results/{call.slug}/amendment-1.pdf").content
    text = "".join(text_lines(pdf))
    assert "แก้ไขผลการคัดเลือกข้อเสนอโครงการ" in text
    assert "ขอทานบอกที่" in text
    assert "70,000 บาท (เจ็ดหมื่นบาทถ้วน)" in text
    assert "270,000 บาท" in text  # the grants of the call now: 200,000 + 70,000


def test_a_viewer_of_the_organisation_cannot_lodge_an_appeal(client, published):
    from proposals.enums import MemberRole
    from proposals.services.team import accept_team_invitation, invite_to_team

    _, proposals = published
    proposal = proposals["not_selected"]
    viewer = user_with(Role.APPLICANT, email="viewer-appeal@example.org")
    invitation = invite_to_team(
        proposal.organisation, email=viewer.email, role=MemberRole.VIEWER, by=member_of(proposal)
    )
    accept_team_invitation(invitation, user=viewer)
    client.force_login(viewer)
    with time_machine.travel(IN_WINDOW, tick=False):
        page = client.get(proposal.get_absolute_url()).content.decode()
        response = client.post(
            f"/reviews/proposal/{proposal.pk}/appeal/", {"grounds": "ผู้ดูขออุทธรณ์", "file": pdf()}
        )

    assert f'href="/reviews/proposal/{proposal.pk}/appeal/"' not in page
    assert response.status_code == 403
    assert Appeal.objects.count() == 0
