"""The ranking's calibration as the call's officer sees it, in Thai: intervals beside the
calibrated scores, ranks that may swap, the reviewers' leniency, and one more reviewer for a
proposal whose reviewers disagree, in one click."""

import pytest
from playwright.sync_api import expect

from reviews.models import Assignment
from tests.factories import (
    CallInReviewFactory,
    EligibleProposalFactory,
    PanelMemberFactory,
    ReviewFactory,
    Role,
    user_with,
)

from .conftest import assert_accessible
from .test_reviews import fits_the_width

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def disputed_call(demo):
    """Five proposals, three reviewers each (the third 20 points harsher); the first one's
    reviewers disagree (90, 90, 40). A fourth panel member is free."""
    people, _calls = demo
    call = CallInReviewFactory(officers=[people["officer"]], title_th="ทุนนวัตกรรมทดสอบการปรับคะแนน")
    names = ("กนก ใจดี", "ขวัญ ตรงไป", "คม เข้มงวด", "ง่าย ว่างอยู่")
    reviewers = [
        PanelMemberFactory(call=call, reviewer=user_with(Role.REVIEWER, full_name=name)).reviewer
        for name in names
    ]
    proposals = []
    for points in (9, 8, 7.5, 7, 6):
        proposal = EligibleProposalFactory(call=call)
        harsh = 4 if points == 9 else points - 2
        for reviewer, given in zip(reviewers[:3], (points, points, harsh), strict=True):
            ReviewFactory(
                assignment__proposal=proposal,
                assignment__reviewer=reviewer,
                points=[given] * len(call.criteria.all()),
            )
        proposals.append(proposal)
    return call, proposals, reviewers[3]


def test_officer_reads_intervals_and_leniency_and_adds_one_more_reviewer(
    live_server, page, log_in, screenshot, browser, axe, disputed_call
):
    call, proposals, free = disputed_call
    log_in(page, "officer@example.org")
    url = f"{live_server.url}/reviews/call/{call.slug}/ranking/"
    page.goto(url)
    first = page.locator(f"#row-{proposals[0].pk}")
    expect(first.locator(".interval")).to_be_visible()
    expect(page.locator(".rank-range").first).to_contain_text("อาจเป็น")
    leniency = page.locator("#reviewer-leniency")
    expect(leniency).to_contain_text("เฉพาะเจ้าหน้าที่")
    expect(leniency.locator("tbody tr").first).to_contain_text("คม เข้มงวด")  # harshest first
    expect(page.locator(".extra-reviewer:visible")).to_have_count(1)  # only where they disagree
    page.locator("#ranking-method summary").click()
    screenshot(page, "calibration-1-ranking-officer")
    assert_accessible(axe(page), "the officer's ranking with the leniency")

    first.locator(".extra-reviewer:visible").click()
    page.wait_for_load_state()
    expect(page.locator(".alert-success")).to_contain_text("ง่าย ว่างอยู่")
    assert Assignment.objects.filter(proposal=proposals[0], reviewer=free).exists()
    screenshot(page, "calibration-2-one-more-reviewer")

    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="th-TH", is_mobile=True, has_touch=True
    )
    try:
        phone = context.new_page()
        log_in(phone, "officer@example.org")
        phone.goto(url)
        screenshot(phone, "calibration-3-ranking-phone")
        assert fits_the_width(phone)
    finally:
        context.close()
