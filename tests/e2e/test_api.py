"""The API in the browser: the docs page (Swagger UI from the package's own files, under the
portal's strict CSP) and the token page (a new token shown once, revoked)."""

import pytest

from api.models import ApiToken
from portal.enums import Role
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def _console_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_the_docs_page_renders_under_the_csp(page, live_server, demo, screenshot):
    errors = _console_errors(page)

    page.goto(f"{live_server.url}/api/")  # leads to /api/docs/
    page.locator(".swagger-ui .info .title").wait_for()
    operations = page.locator(".swagger-ui .opblock-summary-path")
    operations.first.wait_for()
    paths = {
        operations.nth(i).inner_text().replace("\u200b", "") for i in range(operations.count())
    }
    screenshot(page, "api-docs")

    assert page.url.endswith("/api/docs/")
    assert "NIA Grant Portal API" in page.locator(".swagger-ui .info .title").inner_text()
    assert {"/api/calls/", "/api/projects/", "/api/proposals/"} <= paths
    assert errors == []  # nothing refused by the Content-Security-Policy, no script errors


def test_a_new_token_is_shown_once_and_can_be_revoked(
    page, phone, live_server, demo, log_in, screenshot, axe
):
    people, _calls = demo
    officer = people[Role.OFFICER]

    log_in(page, officer.email)
    page.goto(f"{live_server.url}/api/tokens/")
    page.fill("input[name=name]", "สคริปต์รายงานประจำเดือน")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    plaintext = page.locator("#token-value").input_value()
    screenshot(page, "api-tokens-created-th")
    assert_accessible(axe(page), "the token page with a new token")

    assert plaintext.startswith("nia_")
    response = page.request.get(
        f"{live_server.url}/api/me/", headers={"Authorization": f"Bearer {plaintext}"}
    )
    assert response.json()["email"] == officer.email

    page.goto(f"{live_server.url}/api/tokens/")
    assert page.locator("#token-value").count() == 0  # shown once
    page.locator("main form[action$='/revoke/'] button").click()
    page.wait_for_load_state()
    assert ApiToken.objects.get(user=officer).revoked_at is not None
    assert page.locator(".badge", has_text="เพิกถอนเมื่อ").count() == 1

    log_in(phone, officer.email)
    phone.goto(f"{live_server.url}/api/tokens/")
    screenshot(phone, "api-tokens-th-phone")
    assert_accessible(axe(phone), "the token page on a phone")
    assert phone.locator("h1").inner_text() == "โทเคน API"
