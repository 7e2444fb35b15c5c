"""Proposals as people use them, in headless Chromium and in Thai."""

import re

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from grants.enums import ApplicantType
from grants.models import Province
from portal.models import Notification
from proposals.demo import seed_proposals
from proposals.models import Proposal
from proposals.services import drafting

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_draft(demo):
    """An empty draft of the demo applicant's organisation on the open call."""
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


def rows(page, prefix):
    return page.locator(f"[data-formset={prefix}] [data-rows] > tr")


def test_add_a_row_running_total_and_autosave_of_added_rows(
    page, live_server, demo_draft, log_in, screenshot
):
    proposal = demo_draft
    log_in(page, "applicant@example.org")
    page.goto(f"{live_server.url}/proposals/{proposal.pk}/edit/")
    budget_rows = rows(page, "budget").count()

    page.locator("[data-add-row=budget]").click()

    # The new row is numbered after the server's rows, counted in TOTAL_FORMS, and focused.
    new = f"budget-{budget_rows}"
    expect(page.locator(f"input[name={new}-item]")).to_be_focused()
    assert rows(page, "budget").count() == budget_rows + 1
    assert page.input_value("input[name=budget-TOTAL_FORMS]") == str(budget_rows + 1)
    page.locator("[data-add-row=team]").click()
    page.locator("[data-add-row=outcomes]").click()
    page.fill(f"input[name={new}-item]", "ค่าจ้างพัฒนาแอปพลิเคชัน")
    page.fill(f"input[name={new}-amount]", "30000")
    page.fill("input[name=budget-0-item]", "ค่าอบรมชาวประมง")
    page.fill("input[name=budget-0-amount]", "20000")
    page.fill("input[name=requested_amount]", "60000")

    total = page.locator("#budget-total")
    expect(total.locator("[data-lines-total]")).to_have_text("50,000 บาท")
    expect(total.locator("[data-requested]")).to_have_text("60,000 บาท")
    expect(total.locator("[data-balance]")).to_contain_text("10,000 บาท")
    page.fill("input[name=requested_amount]", "50000")
    expect(total.locator("[data-balance]")).to_have_class("w-100 text-success")

    team = page.locator("input[name=team-2-name]")
    team.fill("บุญมี ศรีหนองคาย")
    page.fill("input[name=team-2-role]", "หัวหน้าโครงการ")
    page.fill("input[name=outcomes-2-outcome]", "ชาวประมงขายปลาได้ราคาดีขึ้น")
    page.fill("input[name=outcomes-2-indicator]", "รายได้ต่อเดือนของครัวเรือน")
    screenshot(page, "proposal-form-added-rows")

    # Autosave posts the added rows.
    expect(page.locator("#autosave-status")).to_contain_text("บันทึกเมื่อ", timeout=20_000)
    proposal.refresh_from_db()
    lines = [(line.item, int(line.amount)) for line in proposal.budget_lines.all()]
    assert lines == [("ค่าอบรมชาวประมง", 20000), ("ค่าจ้างพัฒนาแอปพลิเคชัน", 30000)]
    assert [m.name for m in proposal.team.all()] == ["บุญมี ศรีหนองคาย"]
    assert [o.outcome for o in proposal.outcomes.all()] == ["ชาวประมงขายปลาได้ราคาดีขึ้น"]

    # "Save draft" after an autosave keeps the rows (they are unchanged since autosave).
    page.locator("button[name=save]").click()
    page.wait_for_load_state()
    assert Proposal.objects.get(pk=proposal.pk).budget_lines.count() == 2
    assert page.input_value("input[name=budget-1-item]") == "ค่าจ้างพัฒนาแอปพลิเคชัน"
    expect(total.locator("[data-balance]")).to_have_class("w-100 text-success")
    screenshot(page, "proposal-form-after-save")


def fits_the_width(page) -> bool:
    """Nothing sticks out sideways: the page does not scroll horizontally."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def is_on_screen(locator) -> bool:
    """Inside the viewport sideways: not hidden past the edge of a table that scrolls."""
    box = locator.bounding_box()
    width = locator.page.viewport_size["width"]
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


def add_row(page, prefix) -> str:
    """Click “Add a row” under the `prefix` table; the new row's field-name prefix."""
    index = rows(page, prefix).count()
    page.locator(f"[data-add-row={prefix}]").click()
    return f"{prefix}-{index}"


def test_applicant_signs_up_and_submits_a_proposal_in_thai(
    page, phone, live_server, demo, log_in, screenshot, tmp_path
):
    _people, calls = demo
    ccic = calls["ccic"]
    email, password = "somsri.nongbua@example.org", "Mekong-Flood-2569!"

    # Sign up, with consent.
    page.goto(f"{live_server.url}/signup/")
    assert page.locator("html").get_attribute("lang") == "th"
    page.fill("input[name=email]", email)
    page.fill("input[name=full_name]", "สมศรี หนองบัว")
    page.fill("input[name=password1]", password)
    page.fill("input[name=password2]", password)
    page.locator("input[name=consent]").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/dashboard/applicant/"

    # Verify the address by the link the portal sent (submitting needs it).
    message = Notification.objects.get(kind="account", recipient__email=email)
    link = re.search(r"/accounts/confirm-email/\S+/", message.body_text).group(0)
    page.goto(f"{live_server.url}{link}")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert EmailAddress.objects.get(email=email).verified

    # Apply on the open call: first the organisation, then back to the call.
    page.goto(f"{live_server.url}{ccic.get_absolute_url()}")
    page.locator("form[action*='/proposals/start/'] button").click()
    page.wait_for_load_state()
    assert page.url.startswith(f"{live_server.url}/proposals/organisation/")
    page.fill("input[name=name]", "วิสาหกิจชุมชนริมโขงหนองบัว")
    page.select_option("select[name=type]", "community_enterprise")
    page.select_option("select[name=province]", label="หนองคาย")
    page.fill("textarea[name=address]", "45 หมู่ 7 ต.หนองกอมเกาะ อ.เมืองหนองคาย")
    page.fill("input[name=phone]", "042 411 222")
    screenshot(page, "journey-1-organisation")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}{ccic.get_absolute_url()}"
    page.locator("form[action*='/proposals/start/'] button").click()
    page.wait_for_load_state()
    assert re.search(r"/proposals/\d+/edit/$", page.url)
    edit_url = page.url

    # Every required field; one row of each table through “Add a row”.
    page.fill("input[name=title]", "ระบบเตือนภัยน้ำโขงล้นตลิ่งโดยชุมชน")
    page.fill("textarea[name=summary]", "เซนเซอร์วัดระดับน้ำราคาถูกและการแจ้งเตือนผ่านไลน์")
    page.fill("textarea[name=problem]", "น้ำโขงล้นตลิ่งทุกปี ชาวบ้านขนย้ายข้าวของไม่ทัน")
    page.fill("textarea[name=innovation]", "อาสาสมัครดูแลเซนเซอร์และประกาศเตือนภัยเอง")
    page.fill("textarea[name=target_group]", "ครัวเรือนริมโขง 320 ครัวเรือน")
    page.select_option("select[name=province]", label="หนองคาย")
    page.fill("input[name=district]", "เมืองหนองคาย")
    page.get_by_label("การจัดการภัยพิบัติ").check()
    page.select_option("select[name=primary_sector]", label="การจัดการภัยพิบัติ")
    page.fill("input[name=requested_amount]", "150000")
    page.fill("input[name=duration_months]", "12")
    line = add_row(page, "budget")
    page.fill(f"input[name={line}-item]", "เซนเซอร์วัดระดับน้ำ 6 ชุด")
    page.fill(f"input[name={line}-amount]", "150000")
    expect(page.locator("#budget-total [data-balance]")).to_have_class("w-100 text-success")
    member = add_row(page, "team")
    page.fill(f"input[name={member}-name]", "สมศรี หนองบัว")
    page.fill(f"input[name={member}-role]", "หัวหน้าโครงการ")
    outcome = add_row(page, "outcomes")
    page.fill(f"input[name={outcome}-outcome]", "ครัวเรือนได้รับแจ้งเตือนล่วงหน้า")
    page.fill(f"input[name={outcome}-indicator]", "ชั่วโมงที่แจ้งก่อนน้ำล้นตลิ่ง")
    page.fill(f"input[name={outcome}-target]", "12 ชั่วโมง")
    screenshot(page, "journey-2-proposal-form")

    page.locator("button[name=save]").click()
    page.wait_for_load_state()
    assert page.url == edit_url
    expect(page.locator(".alert-success")).to_contain_text("บันทึกฉบับร่าง")
    expect(page.locator("#missing-heading")).to_contain_text("ไม่มีสิ่งใดขาด")
    proposal = Proposal.objects.get(created_by__email=email)
    assert (proposal.budget_lines.count(), proposal.team.count(), proposal.outcomes.count()) == (
        1,
        1,
        1,
    )

    # A small real PDF.
    pdf = tmp_path / "แผนที่พื้นที่เสี่ยง.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.set_input_files("#attachment-file", str(pdf))
    page.locator(".attachment-upload button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("#attachments")).to_contain_text("แผนที่พื้นที่เสี่ยง.pdf")

    # Autosave says when it saved.
    page.fill("input[name=district]", "เมืองหนองคาย (ริมโขง)")
    expect(page.locator("#autosave-status")).to_contain_text("บันทึกเมื่อ", timeout=20_000)
    screenshot(page, "journey-3-saved")

    log_in(phone, email, password)
    phone.goto(edit_url)
    expect(phone.locator("[data-add-row=budget]")).to_be_visible()
    assert fits_the_width(phone)
    screenshot(phone, "journey-proposal-form-phone")

    # Review, submit, receipt.
    page.locator("button[name=save_and_review]").click()
    page.wait_for_load_state()
    page.locator("form[action$='/submit/'] button").click()
    page.wait_for_load_state()
    assert re.search(r"/proposals/\d+/receipt/$", page.url)
    reference = page.locator("#reference").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]+-0001", reference)
    assert reference == f"{ccic.code}-0001"
    expect(page.locator("main")).to_contain_text("ระบบเตือนภัยน้ำโขงล้นตลิ่งโดยชุมชน")
    screenshot(page, "journey-4-receipt")

    phone.goto(page.url)
    expect(phone.locator("#reference")).to_have_text(reference)
    assert fits_the_width(phone)
    screenshot(phone, "journey-receipt-phone")


def test_officer_reads_the_received_proposals_on_a_phone(
    phone, live_server, demo, log_in, screenshot
):
    people, calls = demo
    seed_proposals(applicant=people["applicant"], calls=calls)
    village = calls["village"]
    log_in(phone, "officer@example.org")

    phone.goto(f"{live_server.url}/proposals/call/{village.slug}/")
    expect(phone.locator("main tbody tr")).to_have_count(3)
    assert fits_the_width(phone)
    # Each row's title, amount and status are on the screen without scrolling the table.
    for row in phone.locator("main tbody tr").all():
        for part in ("a", ".badge:visible", "td.text-end"):
            assert is_on_screen(row.locator(part).first), part
    screenshot(phone, "officer-call-proposals-phone")

    phone.locator("main tbody tr a").first.click()
    phone.wait_for_load_state()
    assert re.search(r"/proposals/\d+/officer/$", phone.url)
    expect(phone.locator("#budget-total")).to_be_visible()
    assert fits_the_width(phone)
    screenshot(phone, "officer-proposal-phone")


def test_limited_texts_count_down_as_the_applicant_types(page, live_server, demo_draft, log_in):
    log_in(page, "applicant@example.org")
    page.goto(f"{live_server.url}/proposals/{demo_draft.pk}/edit/")
    counter = page.locator("#id_summary-counter")
    expect(counter).to_have_text("0 จาก 3,000 ตัวอักษร")
    page.fill("textarea[name=summary]", "ก" * 2800)
    expect(counter).to_have_text("2,800 จาก 3,000 ตัวอักษร")
    expect(counter).to_have_class(re.compile("text-warning-emphasis"))
    # The browser stops at the limit; the counter says it is reached.
    page.fill("textarea[name=summary]", "ก" * 3100)
    expect(counter).to_have_text("3,000 จาก 3,000 ตัวอักษร")
    expect(counter).to_have_class(re.compile("text-danger"))
