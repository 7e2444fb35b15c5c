"""Funded projects in public, in headless Chromium: the list with its province map on a
desktop and a 390 px phone, a click on a province, a project's page, the open-data page."""

import re

import pytest

from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def history(reference_data):
    from awards.public.demo import seed_funded_history

    return seed_funded_history()


def refusals(page) -> list[str]:
    """What the browser refused under the Content-Security-Policy, as console messages."""
    messages: list[str] = []
    page.on(
        "console",
        lambda m: messages.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return messages


def test_the_map_filters_the_list_by_province_on_a_desktop(
    page, live_server, history, screenshot, axe
):
    refused = refusals(page)
    page.goto(f"{live_server.url}/projects/")

    assert page.locator("svg.province-map path").count() == 77
    assert page.get_by_text("โครงการที่ได้รับทุน 28 โครงการ").is_visible()
    assert page.locator(".map-legend li").count() >= 2
    assert refused == []  # before axe, whose injected script the policy refuses
    assert_accessible(axe(page), "funded projects")
    screenshot(page, "projects-list-desktop")

    page.locator("svg.province-map a[aria-label^='น่าน:']").click()
    page.wait_for_url(re.compile(r"province=TH-55"))
    assert page.get_by_text("โครงการที่ได้รับทุน 1 โครงการ").is_visible()
    assert page.locator("svg.province-map a.is-selected").count() == 1
    page.get_by_role("link", name="ฝายมีชีวิตต้นน้ำน่าน").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "ฝายมีชีวิตต้นน้ำน่าน"
    assert "250,000 บาท" in page.locator("main").inner_text()
    refused.clear()
    page.reload()
    assert refused == []
    assert_accessible(axe(page), "a funded project")
    screenshot(page, "project-detail-desktop")

    page.goto(f"{live_server.url}/projects/?measure=amount")
    page.locator("summary", has_text="ตัวเลขบนแผนที่ในรูปแบบตาราง").click()
    assert page.locator("details table tbody tr").count() == 28
    screenshot(page, "projects-map-by-amount-desktop")
    page.goto(f"{live_server.url}/data/")
    assert page.get_by_role("link", name="catalog.jsonld").is_visible()
    assert_accessible(axe(page), "open data")
    screenshot(page, "open-data-desktop")


def test_the_list_and_map_fit_a_phone(phone, live_server, history, screenshot, axe):
    refused = refusals(phone)
    phone.goto(f"{live_server.url}/projects/")

    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    box = phone.locator("svg.province-map").bounding_box()
    assert box["width"] > 150
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert refused == []
    assert_accessible(axe(phone), "funded projects on a phone")
    screenshot(phone, "projects-list-phone")

    phone.get_by_role("button", name=re.compile("ตัวกรอง")).click()
    phone.select_option("select[name=region]", "northeast")
    phone.get_by_role("button", name="แสดงโครงการ").click()
    phone.wait_for_url(re.compile(r"region=northeast"))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "projects-filtered-phone")
    phone.goto(f"{live_server.url}/data/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "open-data-phone")
