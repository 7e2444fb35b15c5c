"""PDPA rights in the browser: a copy of one's data asked for, built and downloaded; an
account erased, after which the person cannot sign in and the record kept shows the
anonymised name."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.utils import timezone

from portal.enums import Role
from portal.models import DataExport, User
from proposals.enums import EventKind, ProposalState
from proposals.models import ProposalEvent
from tests.factories import AttachmentFactory, OrganisationFactory, ProposalFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _submitted_proposal(applicant, call):
    organisation = OrganisationFactory(members=[applicant], name="วิสาหกิจชุมชนบ้านหนองบัว")
    proposal = ProposalFactory(
        call=call,
        organisation=organisation,
        created_by=applicant,
        title="ตลาดชุมชนปลอดขยะ",
        state=ProposalState.SUBMITTED,
        reference=f"{call.code}-0001",
        sequence=1,
        submitted_at=timezone.now(),
    )
    ProposalEvent.objects.create(
        proposal=proposal,
        kind=EventKind.STATE,
        from_state=ProposalState.DRAFT,
        to_state=ProposalState.SUBMITTED,
        by=applicant,
    )
    return proposal


def test_a_copy_of_my_data_is_asked_for_built_and_downloaded(
    page, live_server, demo, log_in, screenshot
):
    people, calls = demo
    applicant = people[Role.APPLICANT]
    proposal = _submitted_proposal(applicant, calls["ccic"])
    attachment = AttachmentFactory(proposal=proposal, uploaded_by=applicant)

    log_in(page, applicant.email)
    page.goto(f"{live_server.url}/account/")
    page.get_by_role("link", name="ข้อมูลของฉันและความเป็นส่วนตัว").click()
    page.wait_for_load_state()
    screenshot(page, "privacy-centre-th")

    page.get_by_role("button", name="ขอสำเนาข้อมูลของฉัน").click()
    page.wait_for_load_state()
    # Tasks run eagerly in tests: the zip was built once the request committed.
    assert "เรากำลังจัดเตรียมสำเนาข้อมูลของท่าน" in page.locator("main").inner_text()
    page.reload()
    assert "พร้อมดาวน์โหลด" in page.locator("main").inner_text()
    screenshot(page, "privacy-centre-ready-th")

    with page.expect_download() as caught:
        page.get_by_role("link", name="ดาวน์โหลด").click()
    content = Path(caught.value.path()).read_bytes()
    archive = zipfile.ZipFile(io.BytesIO(content))
    data = json.loads(archive.read("data.json"))
    assert data["account"]["account"]["email"] == applicant.email
    assert [p["title"] for p in data["proposals"]["proposals"]] == ["ตลาดชุมชนปลอดขยะ"]
    assert f"files/attachments/{attachment.pk}-{attachment.original_name}" in archive.namelist()
    assert DataExport.objects.get(user=applicant).state == "ready"


def test_an_erased_person_cannot_sign_in_and_kept_records_show_the_anonymised_name(
    page, browser, live_server, demo, log_in, screenshot
):
    people, calls = demo
    applicant, officer = people[Role.APPLICANT], people[Role.OFFICER]
    proposal = _submitted_proposal(applicant, calls["ccic"])

    log_in(page, applicant.email)
    page.goto(f"{live_server.url}/account/erase/")
    main = page.locator("main")
    assert "สิ่งที่จะถูกลบ" in main.inner_text()
    assert "ตลาดชุมชนปลอดขยะ" in main.inner_text()  # kept: under review until the results
    screenshot(page, "erase-account-th")

    from portal.demo import DEMO_PASSWORD

    page.fill("input[name=password]", DEMO_PASSWORD)
    page.check("input[name=confirm]")
    page.get_by_role("button", name="ลบข้อมูลและปิดบัญชีของฉัน").click()
    page.wait_for_load_state()
    assert "ลบข้อมูลของท่านแล้ว" in page.locator("h1").inner_text()
    assert "ตลาดชุมชนปลอดขยะ" in page.locator("main").inner_text()
    screenshot(page, "erased-th")

    log_in(page, applicant.email)
    assert "/accounts/login/" in page.url
    assert page.locator("main .alert, main .invalid-feedback, main .errorlist").count() >= 1

    erased = User.objects.get(pk=applicant.pk)
    assert erased.full_name == f"บัญชีที่ลบแล้ว {applicant.pk}"
    officer_page = browser.new_context(locale="th-TH").new_page()
    log_in(officer_page, officer.email)
    officer_page.goto(f"{live_server.url}/proposals/{proposal.pk}/officer/")
    assert erased.full_name in officer_page.locator("main").inner_text()
    assert "มานี รักชุมชน" not in officer_page.locator("main").inner_text()
    screenshot(officer_page, "erased-kept-proposal-th")
    officer_page.context.close()
