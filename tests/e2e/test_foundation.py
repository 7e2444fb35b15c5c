"""The foundation as people use it, in headless Chromium: public pages, sign-up, each role."""

import re

import pytest
from django.conf import settings

from portal.demo import DEMO_USERS
from portal.models import Consent, User

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(("email", "role"), [(e, roles[0].value) for e, _n, roles in DEMO_USERS])
def test_each_demo_user_logs_in_and_lands_on_their_dashboard(
    page, live_server, demo, log_in, screenshot, email, role
):
    log_in(page, email)

    assert page.url == f"{live_server.url}/dashboard/{role}/"
    assert page.locator("h1").first.is_visible()
    screenshot(page, f"dashboard-{role}")


def test_public_call_pages_in_thai_then_english(page, phone, live_server, demo, screenshot):
    _people, calls = demo
    ccic = calls["ccic"]

    page.goto(f"{live_server.url}/calls/")
    assert page.locator("html").get_attribute("lang") == "th"
    assert page.get_by_text(ccic.title_th).first.is_visible()
    screenshot(page, "call-list-th")

    page.goto(f"{live_server.url}{ccic.get_absolute_url()}")
    body = page.locator("main").inner_text()
    year_be = ccic.deadline.year + 543
    assert re.search(rf"\d{{1,2}} ธันวาคม|\d{{1,2}} \S+ {year_be}", body)
    assert "23:59 น. เวลาประเทศไทย" in body
    assert "300,000 บาท" in body
    screenshot(page, "call-detail-th")

    page.locator("nav button[name=language][value=en]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    body = page.locator("main").inner_text()
    assert "23:59 ICT" in body
    assert "THB 300,000" in body
    assert ccic.title_en in body
    screenshot(page, "call-detail-en")

    phone.goto(f"{live_server.url}{ccic.get_absolute_url()}")
    assert phone.get_by_text(ccic.title_th).first.is_visible()
    screenshot(phone, "call-detail-th-phone")
    phone.goto(f"{live_server.url}/")
    screenshot(phone, "home-th-phone")


def test_applicant_signs_up_with_consent_and_reaches_their_dashboard(
    page, live_server, demo, screenshot
):
    page.goto(f"{live_server.url}/signup/")
    page.fill("input[name=email]", "new.applicant@example.org")
    page.fill("input[name=full_name]", "สมหญิง ทดลองสมัคร")
    page.fill("input[name=password1]", "Sufficiency-2563!")
    page.fill("input[name=password2]", "Sufficiency-2563!")
    consent = page.locator("input[name=consent]")
    assert not consent.is_checked()

    # Without consent the form comes back with what was typed and a message at the field.
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.input_value("input[name=full_name]") == "สมหญิง ทดลองสมัคร"
    assert page.locator("#id_consent.is-invalid, .is-invalid[name=consent]").count() == 1
    screenshot(page, "signup-consent-missing")

    page.fill("input[name=password1]", "Sufficiency-2563!")
    page.fill("input[name=password2]", "Sufficiency-2563!")
    page.locator("input[name=consent]").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    assert page.url == f"{live_server.url}/dashboard/applicant/"
    user = User.objects.get(email="new.applicant@example.org")
    assert [c.notice_version for c in Consent.objects.filter(user=user)] == [
        settings.PRIVACY_NOTICE_VERSION
    ]
    screenshot(page, "signup-done-dashboard")
