"""An appeal as people make it, in headless Chromium and in Thai: the applicant of a proposal
that was not funded appeals with a file, the officer sends it to the committee, the committee
upholds it with a grant within the budget, amendment No. 1 is published beside the original
announcement (still as published), and the applicant finds the outcome in their inbox."""

import shutil
import subprocess
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from grants.models import Call
from portal.models import Notification
from proposals.enums import ProposalState
from proposals.models import Proposal
from reviews.demo_appeals import appeal_letter
from reviews.enums import AppealState, DecisionOutcome
from reviews.models import Amendment, Appeal, Publication
from reviews.services.decisions import record_decision
from reviews.services.publication import publish_results

from .conftest import SCREENSHOTS, assert_accessible
from .test_reviews import fits_the_width, village_in_review  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def village_published(village_in_review):  # noqa: F811 (the fixture imported above)
    """The village call's results published today: the first proposal awarded what it asked
    (95,000), the seed bank (100,000 asked) not selected; a budget of 150,000: 55,000 remain."""
    people, village = village_in_review
    committee = people["committee"]
    Call.objects.filter(pk=village.pk).update(budget_total=Decimal("150000"))
    first, seed_bank = Proposal.objects.filter(call=village, state=ProposalState.ELIGIBLE).order_by(
        "sequence"
    )
    record_decision(
        first,
        outcome=DecisionOutcome.AWARD,
        amount=first.requested_amount,
        reason="คะแนนสูงสุด",
        by=committee,
    )
    record_decision(
        seed_bank,
        outcome=DecisionOutcome.NOT_SELECTED,
        reason="คะแนนต่ำกว่าโครงการอื่น",
        by=committee,
    )
    publish_results(
        Call.objects.get(pk=village.pk),
        by=committee,
        signatory_name_th="นายพุฒิพัฒน์ เลิศเขวาสินธุ์",
        signatory_position_th="ผู้อำนวยการสำนักงานนวัตกรรมแห่งชาติ",
    )
    return people, Call.objects.get(pk=village.pk), first, seed_bank


def render_pdf(content: bytes, name: str) -> list:
    """Save the PDF beside the screenshots and render its pages to PNG (pdftoppm)."""
    path = SCREENSHOTS / f"{name}.pdf"
    path.write_bytes(content)
    program = shutil.which("pdftoppm")
    if program:
        subprocess.run(  # noqa: S603 (poppler's pdftoppm on a file this test wrote)
            [program, "-png", "-r", "60", str(path), str(SCREENSHOTS / name)], check=True
        )
    return sorted(SCREENSHOTS.glob(f"{name}*.png"))


def test_appeal_upheld_and_published_as_amendment_no_1(
    browser, page, phone, live_server, village_published, log_in, screenshot, tmp_path, axe
):
    people, village, first, seed_bank = village_published
    applicant = seed_bank.organisation.members.order_by("pk").first()
    results_url = f"{live_server.url}/reviews/results/{village.slug}/"
    original = page.context.request.get(results_url).text()

    # (a) The applicant reads their result and appeals, with a letter attached.
    log_in(page, applicant.email)
    page.goto(f"{live_server.url}{seed_bank.get_absolute_url()}")
    panel = page.locator("#appeal-panel")
    expect(panel).to_be_visible()
    screenshot(page, "appeals-1-proposal-with-appeal-panel")
    panel.locator("a[href$='/appeal/']").click()
    page.wait_for_load_state()
    letter = tmp_path / "หนังสืออุทธรณ์.pdf"
    letter.write_bytes(appeal_letter(seed_bank))
    page.fill("textarea[name=grounds]", "คะแนนด้านความยั่งยืนไม่ได้พิจารณาหนังสือรับรองจาก อบต.")
    page.set_input_files("input[name=file]", str(letter))
    screenshot(page, "appeals-2-lodge-form")
    assert_accessible(axe(page), "the appeal form")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    appeal = Appeal.objects.get(proposal=seed_bank)
    assert page.url == f"{live_server.url}/reviews/appeal/{appeal.pk}/"
    assert (appeal.state, appeal.original_name) == (AppealState.LODGED, "หนังสืออุทธรณ์.pdf")
    expect(page.locator(".alert-success")).to_be_visible()
    screenshot(page, "appeals-3-lodged")
    phone_context = phone.context
    phone_context.add_cookies(page.context.cookies())
    phone.goto(f"{live_server.url}/reviews/proposal/{seed_bank.pk}/appeal/")
    phone.goto(f"{live_server.url}/reviews/appeal/{appeal.pk}/")
    assert fits_the_width(phone)
    screenshot(phone, "appeals-3-lodged-phone")

    # (b) The officer is told, opens the call's appeals and sends this one to the committee.
    assert Notification.objects.filter(kind="appeal_lodged", recipient=people["officer"]).exists()
    page.context.clear_cookies()
    log_in(page, "officer@example.org")
    page.goto(f"{live_server.url}/reviews/call/{village.slug}/appeals/")
    screenshot(page, "appeals-4-call-appeals")
    page.locator(f"main a[href='/reviews/appeal/{appeal.pk}/']").click()
    page.wait_for_load_state()
    page.fill("textarea[name=note]", "ยื่นภายในกำหนด เอกสารครบถ้วน")
    screenshot(page, "appeals-5-officer-routes")
    page.locator("form[action$='/route/'] button[type=submit]").click()
    page.wait_for_load_state()
    appeal.refresh_from_db()
    assert appeal.state == AppealState.WITH_COMMITTEE

    # (c) The committee upholds it: an award beyond the budget is refused at its field, the
    # amount left is accepted.
    page.context.clear_cookies()
    log_in(page, "committee@example.org")
    page.goto(f"{live_server.url}/reviews/appeal/{appeal.pk}/")
    expect(page.locator("#appeal-budget")).to_contain_text("55,000 บาท")
    page.locator("input[name=decision][value=upheld]").check()
    page.locator("input[name=outcome][value=award]").check()
    page.fill("input[name=amount]", "100000")
    page.fill("textarea[name=reason]", "หนังสือรับรองจาก อบต. ยืนยันความยั่งยืนของโครงการ")
    page.locator("form[action$='/decide/'] button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("main form[action$='/decide/']")).to_contain_text("55,000 บาท")
    screenshot(page, "appeals-6-budget-refused")
    assert_accessible(axe(page), "the committee's decision, refused")
    assert Amendment.objects.count() == 0
    page.fill("input[name=amount]", "55000")
    page.locator("form[action$='/decide/'] button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("#appeal-outcome")).to_contain_text("55,000 บาท")
    screenshot(page, "appeals-7-upheld")
    seed_bank.refresh_from_db()
    amendment = Amendment.objects.get()
    assert (seed_bank.state, amendment.number, amendment.new_amount) == (
        ProposalState.AWARDED,
        1,
        Decimal("55000"),
    )
    assert Publication.objects.get(call=village).total_awarded == Decimal("95000")

    # (d) The public: the announcement as published, then amendment No. 1, and its PDF.
    public = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH")
    reader = public.new_page()
    reader.goto(results_url)
    first_article = reader.locator("article.results-document").first.inner_text()
    assert first.title in first_article and seed_bank.title not in first_article
    amendment_text = reader.locator("#amendment-1").inner_text()
    assert "ฉบับที่ 1" in amendment_text and seed_bank.title in amendment_text
    assert "ห้าหมื่นห้าพันบาทถ้วน" in amendment_text
    assert "150,000 บาท" in amendment_text  # the grants of the call now
    assert original.split("<article")[1].split("</article>")[0] in reader.content()
    screenshot(reader, "appeals-8-results-with-amendment")
    assert_accessible(axe(reader), "the results with amendment No. 1")
    pdf = reader.request.get(f"{live_server.url}/reviews/results/{village.slug}/amendment-1.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert render_pdf(pdf.body(), "appeals-9-amendment-1") or not shutil.which("pdftoppm")
    public.close()
    phone.goto(results_url + "#amendment-1")
    assert fits_the_width(phone)
    screenshot(phone, "appeals-8-results-with-amendment-phone")

    # (e) The applicant finds the outcome in their inbox.
    page.context.clear_cookies()
    log_in(page, applicant.email)
    page.goto(f"{live_server.url}/inbox/")
    expect(page.locator("main")).to_contain_text(
        f"คณะกรรมการรับอุทธรณ์ของท่านสำหรับ “{seed_bank.title}”"
    )
    screenshot(page, "appeals-10-applicant-inbox")
