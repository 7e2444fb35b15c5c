"""Security headers on real responses: the Content-Security-Policy and its companions."""

import re

import pytest

EXPECTED_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
    "base-uri 'self'; object-src 'none'"
)


def assert_security_headers(response):
    assert response.headers["Content-Security-Policy"] == EXPECTED_CSP
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/calls/", "/accounts/login/", "/signup/", "/privacy/"])
def test_public_pages_carry_the_security_headers(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.django_db
def test_signed_in_pages_and_errors_carry_the_security_headers(client, applicant):
    client.force_login(applicant)
    dashboard = client.get("/dashboard/", follow=True)
    missing = client.get("/proposals/999999/")
    assert (dashboard.status_code, missing.status_code) == (200, 404)
    assert_security_headers(dashboard)
    assert_security_headers(missing)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/admin/", "/admin/portal/user/", "/admin/grants/call/add/"])
def test_the_admin_runs_under_the_same_policy(client, administrator, url):
    administrator.is_superuser = True
    administrator.save(update_fields=["is_superuser"])
    client.force_login(administrator)
    response = client.get(url)
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/", "/calls/", "/accounts/login/", "/signup/", "/dashboard/", "/account/"]
)
def test_pages_have_no_inline_scripts_styles_or_event_handlers(client, applicant, url):
    """What the policy would block in a browser: <script> without src, style="", on…=."""
    client.force_login(applicant)
    html = client.get(url, follow=True).content.decode()
    inline_scripts = [tag for tag in re.findall(r"<script\b[^>]*>", html) if "src=" not in tag]
    assert inline_scripts == []
    assert re.findall(r"<[^>]+\sstyle=", html) == []
    assert re.findall(r"<[^>]+\son[a-z]+=", html) == []
    assert re.findall(r"<style\b", html) == []
