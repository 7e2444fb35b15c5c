"""The analytics pages in headless Chromium, in Thai: an officer reads the charts across
their calls, filters them by year, opens one call's analytics, on a desktop, on a 390 px
phone and on paper."""

import subprocess

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, Role, user_with
from tests.reviews.analytics.world import build_world

from .conftest import SCREENSHOTS
from .test_reviews import fits_the_width

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def analytics_world(reference_data):
    officer = user_with(Role.OFFICER, email="officer@example.org", full_name="วิไลวรรณ ทองดี")
    world = build_world(
        officer=officer,
        other_officer=user_with(Role.OFFICER, email="officer2@example.org"),
        committee_member=user_with(Role.COMMITTEE, email="committee@example.org"),
        reviewers=[
            user_with(Role.REVIEWER, email=f"r{n}@example.org", full_name=f"ผู้ทรงคุณวุฒิ {n}")
            for n in (1, 2, 3)
        ],
    )
    return officer, world


def test_an_officer_reads_the_analytics_on_a_desktop(
    page, live_server, log_in, screenshot, axe, analytics_world
):
    from .conftest import assert_accessible

    log_in(page, "officer@example.org", PASSWORD)
    page.goto(f"{live_server.url}/reviews/analytics/")
    expect(page.locator("h1")).to_have_text("การวิเคราะห์ข้อมูล")
    expect(page.locator("#chart-funnel table tbody tr").first).to_contain_text("13")
    assert page.locator("svg.chart[role=img]").count() == 10  # every chart has numbers
    # The charts' Thai text is set in Sarabun, served from static/.
    assert page.evaluate("document.fonts.check('13px Sarabun', 'ผ่านคุณสมบัติ')")
    font = page.eval_on_selector("#chart-funnel svg text", "e => getComputedStyle(e).fontFamily")
    assert font.startswith('"Sarabun"') or font.startswith("Sarabun")
    assert fits_the_width(page)
    screenshot(page, "analytics-overview")
    assert_accessible(axe(page), "analytics overview")

    page.select_option("#id_year", "2017")
    page.locator("#analytics-filter button[type=submit]").click()
    page.wait_for_url("**year=2017**")
    expect(page.locator("h1")).to_contain_text("2560")
    expect(page.locator("#chart-funnel table tbody tr").first).to_contain_text("7")

    page.locator("#analytics-calls summary").click()
    page.locator("#analytics-calls a").first.click()
    expect(page.locator("h1")).to_contain_text("นวัตกรรมทางสังคมเพื่อชุมชน")
    # Its results are published: nothing awaits publication, so that chart is not drawn.
    expect(page.locator("#chart-pending")).to_contain_text("ยังไม่มีข้อมูลที่จะแสดง")
    assert page.locator("svg.chart").count() == 9
    screenshot(page, "analytics-call")


def test_the_analytics_fit_a_phone(phone, live_server, log_in, screenshot, analytics_world):
    log_in(phone, "officer@example.org", PASSWORD)
    for url, name in [
        ("/reviews/analytics/", "analytics-phone"),
        ("/reviews/analytics/call/r-now/", "analytics-call-phone"),
    ]:
        phone.goto(f"{live_server.url}{url}")
        expect(phone.locator("h1")).to_contain_text("การวิเคราะห์ข้อมูล")
        assert phone.locator("svg.chart").count() == 10
        screenshot(phone, name)
        assert fits_the_width(phone)


def test_the_analytics_print(page, live_server, log_in, screenshot, analytics_world):
    log_in(page, "officer@example.org", PASSWORD)
    page.goto(f"{live_server.url}/reviews/analytics/call/r-now/")
    page.emulate_media(media="print")
    # On paper: no navigation, no buttons; the charts and their tables.
    visible_buttons = page.evaluate(
        "[...document.querySelectorAll('main .btn, nav')].filter(e => e.checkVisibility())"
        ".map(e => e.outerHTML.slice(0, 80))"
    )
    assert visible_buttons == []
    assert page.locator("svg.chart").count() == 10
    screenshot(page, "analytics-print")
    SCREENSHOTS.mkdir(exist_ok=True)
    pdf = SCREENSHOTS / "analytics-print.pdf"
    pdf.write_bytes(page.pdf(format="A4", print_background=True))
    pages = subprocess.run(  # noqa: S603 - a fixed command on a file the test wrote
        ["/usr/bin/pdfinfo", str(pdf)], capture_output=True, text=True, check=False
    ).stdout
    assert pdf.stat().st_size > 10_000
    assert "Pages:" in pages or not pages  # pdfinfo is optional on the machine
