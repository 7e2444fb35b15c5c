"""The officer searches a call's proposals in Thai and meets a near-duplicate, in Chromium."""

import pytest
from playwright.sync_api import expect

from proposals.demo import seed_proposals

from .test_proposals import fits_the_width

pytestmark = pytest.mark.django_db(transaction=True)


def test_officer_searches_in_thai_and_compares_a_recycled_proposal(
    page, phone, live_server, demo, log_in, screenshot
):
    people, calls = demo
    seed_proposals(applicant=people["applicant"], calls=calls)
    ccic = calls["ccic"]
    log_in(page, "officer@example.org")
    page.goto(f"{live_server.url}/proposals/call/{ccic.slug}/")

    # A word inside unspaced Thai text, from the summary, not the title.
    page.fill("input[name=q]", "ผู้สูงอายุ")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    expect(page.locator("main tbody tr")).to_have_count(1)
    row = page.locator("main tbody tr").first
    expect(row).to_contain_text("รถเข็นอาหารสุขภาพสำหรับผู้สูงอายุในเมือง")
    expect(row.locator(".search-snippet mark").first).to_have_text("ผู้สูงอายุ")
    screenshot(page, "officer-search-thai")

    # Two words, one of them typed with a space inside: the seed bank alone.
    page.fill("input[name=q]", "เมล็ด พันธุ์ ชาวนา")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    expect(page.locator("main tbody tr")).to_have_count(1)
    page.locator("main tbody tr a").first.click()
    page.wait_for_load_state()

    flag = page.locator("#similar")
    expect(flag).to_contain_text("คล้ายกัน")
    flag.locator("a").first.click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_contain_text("คล้ายกัน")
    expect(page.locator("main table tbody tr").first).to_be_visible()
    screenshot(page, "officer-similar-passages")

    log_in(phone, "officer@example.org")
    phone.goto(page.url)
    assert fits_the_width(phone)
    screenshot(phone, "officer-similar-passages-phone")
