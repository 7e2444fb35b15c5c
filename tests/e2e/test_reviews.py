"""Reviews as people use them, in headless Chromium and in Thai: the officer assigns reviewers
automatically, a reviewer declares and scores, the committee decides within the budget and
publishes, and the public reads the announcement."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from grants.services import start_review
from proposals.demo import seed_proposals
from proposals.enums import ProposalState
from proposals.models import Proposal
from proposals.services.screening import screen_proposal
from reviews.demo import seed_reviewers
from reviews.enums import AssignmentState, DecisionOutcome, ReviewState
from reviews.models import Assignment, Decision, Review
from reviews.services.decisions import record_decision
from reviews.services.panels import add_panel_member

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def village_in_review(demo):
    """The demo village call in review: two eligible proposals, one ineligible, a panel of
    three (reviewer@, reviewer2@, reviewer3@) and no assignments yet."""
    people, calls = demo
    officer = people["officer"]
    seed_proposals(applicant=people["applicant"], calls=calls)
    village = calls["village"]
    for proposal in Proposal.objects.filter(call=village, state=ProposalState.SUBMITTED):
        screen_proposal(proposal, eligible=False, reason="กิจกรรมอยู่นอกพื้นที่เป้าหมาย", by=officer)
    village = start_review(village, by=officer)
    for reviewer in seed_reviewers(people=people)[:3]:
        add_panel_member(village, reviewer=reviewer, by=officer)
    return people, village


# Nothing in <main> reaches past the right edge (tables that scroll sideways excepted): the
# phone's browser widens its layout viewport to the content, so compare with the device width.
STICKING_OUT = """(width) => [...document.querySelectorAll("main *")].filter(
    (e) => !e.closest(".table-responsive") && e.getBoundingClientRect().right > width + 1
).map((e) => e.outerHTML.slice(0, 80))"""


def fits_the_width(page) -> bool:
    width = page.viewport_size["width"]
    assert page.evaluate(STICKING_OUT, width) == []
    return page.evaluate("document.documentElement.scrollWidth") <= width


def on_a_phone(browser, log_in, email, url, screenshot, name) -> bool:
    """Open `url` as `email` on a 390px phone, save a screenshot; whether it fits the width."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="th-TH", is_mobile=True, has_touch=True
    )
    try:
        phone = context.new_page()
        log_in(phone, email)
        phone.goto(url)
        screenshot(phone, name)
        return fits_the_width(phone)
    finally:
        context.close()


def test_assign_review_decide_publish_and_read_the_results_in_thai(
    browser, page, phone, live_server, village_in_review, log_in, screenshot
):
    people, village = village_in_review
    first, seed_bank = Proposal.objects.filter(call=village, state=ProposalState.ELIGIBLE).order_by(
        "sequence"
    )
    assert seed_bank.requested_amount == 100_000

    # (a) The officer previews the automatic assignment and saves it.
    log_in(page, "officer@example.org")
    page.goto(f"{live_server.url}/reviews/call/{village.slug}/panel/")
    screenshot(page, "reviews-1-panel")
    page.locator("main a[href$='/auto-assign/']").first.click()
    page.wait_for_load_state()
    expect(page.locator("main form button[type=submit]")).to_be_enabled()
    screenshot(page, "reviews-2-auto-assign-preview")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/reviews/call/{village.slug}/panel/"
    expect(page.locator(".alert-success")).to_contain_text("6")
    screenshot(page, "reviews-3-assignments-saved")
    pairs = Assignment.objects.filter(proposal__call=village).values_list(
        "proposal_id", "reviewer__email", "state"
    )
    assert sorted(pairs) == sorted(
        (proposal.pk, email, AssignmentState.AWAITING_DECLARATION)
        for proposal in (first, seed_bank)
        for email in ("reviewer@example.org", "reviewer2@example.org", "reviewer3@example.org")
    )

    # (b) The reviewer opens their queue, declares no conflict, scores and submits.
    page.context.clear_cookies()
    log_in(page, "reviewer@example.org")
    page.goto(f"{live_server.url}/reviews/mine/")
    expect(page.get_by_text(seed_bank.title)).to_be_visible()
    screenshot(page, "reviews-4-reviewer-queue")
    page.locator(f"main a[href='/reviews/proposal/{seed_bank.pk}/']").first.click()
    page.wait_for_load_state()
    page.locator("input[name=declaration][value=no]").check()
    screenshot(page, "reviews-5-declaration")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    points = page.locator("input.review-points")
    assert points.count() == village.criteria.count()
    for index in range(points.count()):
        field = points.nth(index)
        field.fill(str(int(field.get_attribute("data-max")) * 4 // 5))
    page.fill("textarea[name=comment]", "ต้นแบบพิสูจน์แล้ว อบต. ดูแลต่อได้จริง")
    page.fill("textarea[name=feedback]", "ควรวางแผนการเก็บรักษาเมล็ดพันธุ์ในปีที่แล้ง")
    expect(page.locator("#running-total")).to_have_text("80.00")
    screenshot(page, "reviews-6-scoring")
    page.locator("button[name=action][value=submit]").click()
    page.wait_for_load_state()
    review = Review.objects.get(
        assignment__proposal=seed_bank, assignment__reviewer__email="reviewer@example.org"
    )
    assert (review.state, review.total) == (ReviewState.SUBMITTED, 80)
    screenshot(page, "reviews-7-review-submitted")
    queue = f"{live_server.url}/reviews/mine/"
    assert on_a_phone(
        browser, log_in, "reviewer@example.org", queue, screenshot, "reviews-7-queue-phone"
    )

    # (c) The committee decides: the other proposal by the service, the seed bank here.
    committee = people["committee"]
    record_decision(
        first,
        outcome=DecisionOutcome.RESERVE,
        reserve_rank=1,
        reason="คะแนนผ่านเกณฑ์ แต่โครงการอื่นได้คะแนนสูงกว่า",
        by=committee,
    )
    page.context.clear_cookies()
    log_in(page, "committee@example.org")
    page.goto(f"{live_server.url}/reviews/call/{village.slug}/ranking/")
    expect(page.locator("#remaining")).to_have_text("1,000,000 บาท")
    screenshot(page, "reviews-8-ranking")
    page.locator(f"main a[href='/reviews/proposal/{seed_bank.pk}/decide/']:visible").click()
    page.wait_for_load_state()
    page.locator("input[name=outcome][value=award]").check()
    page.fill("input[name=amount]", "100000")
    page.fill("textarea[name=reason]", "ขยายผลต้นแบบที่พิสูจน์แล้ว ลดต้นทุนของชาวนา")
    screenshot(page, "reviews-9-decision")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("#remaining")).to_have_text("900,000 บาท")
    screenshot(page, "reviews-10-ranking-after-award")
    ranking = f"{live_server.url}/reviews/call/{village.slug}/ranking/"
    assert on_a_phone(
        browser, log_in, "committee@example.org", ranking, screenshot, "reviews-10-ranking-phone"
    )
    decision = Decision.objects.get(proposal=seed_bank)
    assert (decision.outcome, decision.amount, decision.final) == (
        DecisionOutcome.AWARD,
        100_000,
        False,
    )

    page.goto(f"{live_server.url}{village.get_absolute_url()}")
    page.fill("#id_signatory_name_th", "นายพุฒิพัฒน์ เลิศเขวาสินธุ์")
    page.fill("#id_signatory_position_th", "ผู้อำนวยการสำนักงานนวัตกรรมแห่งชาติ")
    screenshot(page, "reviews-11-publish")
    page.on("dialog", lambda dialog: dialog.accept())
    page.locator("form[action$='/publish/'] button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/reviews/results/{village.slug}/")
    seed_bank.refresh_from_db()
    first.refresh_from_db()
    assert (seed_bank.state, first.state) == (ProposalState.AWARDED, ProposalState.RESERVE)

    # (d) The public reads the announcement in Thai: Buddhist Era, the amount in words.
    public = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH")
    reader = public.new_page()
    reader.goto(f"{live_server.url}/reviews/results/{village.slug}/")
    assert reader.locator("html").get_attribute("lang") == "th"
    text = reader.locator("main").inner_text()
    assert seed_bank.title in text
    assert "หนึ่งแสนบาทถ้วน" in text
    assert str(timezone.localdate().year + 543) in text
    screenshot(reader, "reviews-12-results-th")
    public.close()

    phone.goto(f"{live_server.url}/reviews/results/{village.slug}/")
    expect(phone.get_by_text("หนึ่งแสนบาทถ้วน").first).to_be_visible()
    assert fits_the_width(phone)
    screenshot(phone, "reviews-13-results-th-phone")
