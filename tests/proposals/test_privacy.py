"""Nobody but the organisation's members reaches a proposal through the applicant's URLs."""

import pytest
from django.urls import reverse

from proposals.enums import ProposalState

PAGES = ["proposal_detail", "proposal_edit", "proposal_receipt"]
ACTIONS = ["proposal_autosave", "proposal_submit", "proposal_withdraw", "proposal_reopen"]


@pytest.mark.parametrize("name", PAGES)
def test_other_applicant_gets_404_on_pages(
    client, other_organisation, other_applicant, submitted, name
):
    client.force_login(other_applicant)
    response = client.get(reverse(f"proposals:{name}", args=[submitted.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("name", ACTIONS)
def test_other_applicant_gets_404_on_actions(
    client, other_organisation, other_applicant, submitted, name
):
    client.force_login(other_applicant)
    response = client.post(reverse(f"proposals:{name}", args=[submitted.pk]), {"version": 1})
    assert response.status_code == 404
    submitted.refresh_from_db()
    assert submitted.state == ProposalState.SUBMITTED


@pytest.mark.parametrize("name", [*PAGES, "proposal_autosave"])
@pytest.mark.parametrize("role", ["officer", "reviewer", "committee_member"])
def test_staff_never_see_drafts_on_applicant_urls(client, request, draft, role, name):
    client.force_login(request.getfixturevalue(role))
    method = client.post if name == "proposal_autosave" else client.get
    response = method(reverse(f"proposals:{name}", args=[draft.pk]))
    assert response.status_code == 404


def test_anonymous_is_sent_to_login(client, draft):
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_other_applicant_sees_only_own_proposals_on_dashboard(
    client, other_organisation, other_applicant, draft
):
    client.force_login(other_applicant)
    page = client.get(reverse("portal:role_dashboard", args=["applicant"])).content.decode()
    assert draft.get_absolute_url() not in page
    assert draft.title not in page


def test_the_applicant_log_hides_who_reviews_and_pending_decisions(client, applicant, submitted):
    from proposals.enums import EventKind
    from proposals.states import log_event
    from tests.factories import Role, user_with

    reviewer = user_with(Role.REVIEWER, full_name="ดร.ผู้ประเมินลับ")
    for kind in (EventKind.ASSIGNMENT, EventKind.CONFLICT, EventKind.REVIEW, EventKind.DECISION):
        log_event(submitted, kind=kind, by=reviewer, note="ความเห็นภายใน")
    client.force_login(applicant)

    html = client.get(submitted.get_absolute_url()).content.decode()

    assert "ดร.ผู้ประเมินลับ" not in html
    assert "ความเห็นภายใน" not in html
    assert [e.kind for e in client.get(submitted.get_absolute_url()).context["events"]] == [
        EventKind.STATE
    ]
