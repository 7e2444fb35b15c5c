"""An organisation's team in the browser, in Thai: the owner invites an editor by email, the
editor opens the link from the outbox, signs up, accepts, edits the proposal, and the
proposal's page shows that the editor saved it last."""

import re

import pytest
from playwright.sync_api import expect

from grants.enums import ApplicantType
from grants.models import Province
from portal.models import Notification
from proposals.enums import MemberRole
from proposals.models import OrganisationMembership, Proposal
from proposals.services import drafting

pytestmark = pytest.mark.django_db(transaction=True)

EDITOR_EMAIL = "sudar@example.org"
EDITOR_NAME = "สุดา ช่วยเขียน"
EDITOR_PASSWORD = "kaeng-som-cha-om-2569"


@pytest.fixture
def owned_draft(demo):
    """The demo applicant's organisation (which they own) and its draft on the open call."""
    people, calls = demo
    applicant = people["applicant"]
    drafting.save_organisation(
        user=applicant,
        fields={
            "name": "วิสาหกิจชุมชนบ้านหนองบัว",
            "type": ApplicantType.COMMUNITY_ENTERPRISE,
            "province": Province.objects.get(code="TH-43"),
            "address": "45 หมู่ 7 ต.หนองบัว อ.เมืองหนองคาย",
            "phone": "042 411 222",
        },
    )
    return drafting.start_proposal(calls["ccic"], by=applicant, title="ตลาดปลาออนไลน์ริมโขง")


def _join_link(live_server) -> str:
    """The accept link of the invitation, as the email in the outbox carries it."""
    message = Notification.objects.get(kind="team_invitation", email=EDITOR_EMAIL)
    assert message.language == "th"
    link = re.search(r"https?://\S+/proposals/join/\S+/", message.body_text).group(0)
    return live_server.url + link[link.index("/proposals/join/") :]


def test_an_owner_invites_an_editor_who_joins_edits_and_saved_last(
    page, browser, live_server, owned_draft, log_in, screenshot
):
    proposal = owned_draft
    organisation = proposal.organisation

    # The owner opens the team page from the organisation's page and invites a colleague.
    log_in(page, "applicant@example.org")
    page.goto(f"{live_server.url}/proposals/organisation/")
    page.get_by_role("link", name="ทีมของหน่วยงาน").click()
    expect(page.locator("h1")).to_have_text("ทีมของหน่วยงาน")
    page.fill("input[name=email]", EDITOR_EMAIL)
    page.select_option("select[name=role]", MemberRole.EDITOR)
    page.get_by_role("button", name="ส่งคำเชิญ").click()
    expect(page.locator(".alert-success")).to_contain_text(EDITOR_EMAIL)
    expect(page.get_by_role("cell", name=EDITOR_EMAIL)).to_be_visible()
    screenshot(page, "team-owner-invited")

    # The colleague, in a browser of their own, opens the link from the email.
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="th-TH")
    colleague = context.new_page()
    colleague.set_default_timeout(15_000)
    colleague.goto(_join_link(live_server))
    expect(colleague.locator("h1")).to_contain_text("เข้าร่วม วิสาหกิจชุมชนบ้านหนองบัว")
    screenshot(colleague, "team-join-new-person")
    colleague.get_by_role("link", name="สร้างบัญชี").click()
    colleague.fill("input[name=email]", EDITOR_EMAIL)
    colleague.fill("input[name=full_name]", EDITOR_NAME)
    colleague.fill("input[name=password1]", EDITOR_PASSWORD)
    colleague.fill("input[name=password2]", EDITOR_PASSWORD)
    colleague.locator("input[name=consent]").check()
    colleague.locator("main form button[type=submit]").click()

    # Back on the invitation, signed in: accept.
    expect(colleague.get_by_role("button", name="ตอบรับคำเชิญ")).to_be_visible()
    colleague.get_by_role("button", name="ตอบรับคำเชิญ").click()
    expect(colleague.locator("h1")).to_have_text("ทีมของหน่วยงาน")
    membership = OrganisationMembership.objects.get(user__email=EDITOR_EMAIL)
    assert (membership.organisation, membership.role) == (organisation, MemberRole.EDITOR)
    screenshot(colleague, "team-editor-joined")

    # The editor edits the proposal and saves it.
    colleague.goto(f"{live_server.url}/proposals/{proposal.pk}/edit/")
    colleague.fill("input[name=title]", "ตลาดปลาออนไลน์ริมโขง ระยะที่ 2")
    colleague.locator("button[name=save_and_review]").click()
    expect(colleague.locator("h1")).to_have_text("ตลาดปลาออนไลน์ริมโขง ระยะที่ 2")
    expect(colleague.locator("[data-last-saved]")).to_contain_text(f"บันทึกล่าสุดโดย {EDITOR_NAME} เมื่อ")
    proposal = Proposal.objects.get(pk=proposal.pk)
    assert proposal.last_saved_by.email == EDITOR_EMAIL
    context.close()

    # The owner sees who saved last, and the editor in the team.
    page.goto(f"{live_server.url}/proposals/{proposal.pk}/")
    expect(page.locator("[data-last-saved]")).to_contain_text(EDITOR_NAME)
    expect(page.locator("[data-last-saved]")).to_contain_text("เวลาประเทศไทย")
    screenshot(page, "team-proposal-saved-by-editor")
    page.goto(f"{live_server.url}/proposals/organisation/{organisation.pk}/team/")
    expect(page.get_by_text(EDITOR_NAME, exact=True)).to_be_visible()
    screenshot(page, "team-page-owner")
