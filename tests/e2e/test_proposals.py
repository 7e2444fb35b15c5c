"""Proposals as people use them, in headless Chromium and in Thai."""

import pytest
from playwright.sync_api import expect

from grants.enums import ApplicantType
from grants.models import Province
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
