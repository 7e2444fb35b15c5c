"""Security headers on real responses: the Content-Security-Policy and its companions, the
Permissions-Policy, and Cache-Control on what is made for one person."""

import re

import pytest
from django.conf import settings
from django.http import HttpResponse

from portal.middleware import SecurityHeadersMiddleware

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
    assert_permissions_policy(response)


# Browser features the portal never uses: turned off for the portal and anything it embeds.
FEATURES_OFF = [
    "accelerometer",
    "browsing-topics",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "payment",
    "serial",
    "usb",
]


def assert_permissions_policy(response):
    entries = [entry.strip() for entry in response.headers["Permissions-Policy"].split(",")]
    policy = dict(entry.split("=", 1) for entry in entries)
    assert len(policy) == len(entries)  # each feature once
    for feature in FEATURES_OFF:
        assert policy.get(feature) == "()", feature


def cache_directives(response) -> set[str]:
    return {part.strip() for part in response.headers.get("Cache-Control", "").split(",") if part}


def assert_never_stored(response):
    assert {"no-store", "private"} <= cache_directives(response), response.headers


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


# ---------------------------------------------------------------- what is made for one person
# The rule (portal/middleware.py): a response is never stored, by the browser or any cache
# between, when the request carries a session (every signed-in person's does), when it sets a
# cookie, or when it varies on the Cookie header (the session or the CSRF token went into it),
# unless the view chose its own Cache-Control.


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/", "/calls/", "/dashboard/", "/account/", "/inbox/", "/proposals/999999/"]
)
def test_every_page_served_to_a_signed_in_person_is_never_stored(client, applicant, url):
    client.force_login(applicant)
    response = client.get(url, follow=True)
    assert response.status_code in {200, 404}
    assert_never_stored(response)
    assert_permissions_policy(response)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/signup/", "/accounts/password/reset/"])
def test_the_login_sign_up_and_reset_forms_are_never_stored(client, url):
    """Anonymous, but each form carries a CSRF token bound to this browser's cookie."""
    first = client.get(url)
    again = client.get(url)  # the cookie is set now: the page still depends on it
    assert (first.status_code, again.status_code) == (200, 200)
    assert_never_stored(first)
    assert_never_stored(again)


@pytest.mark.django_db
def test_a_response_that_sets_a_cookie_is_never_stored(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert "portal_language" in response.cookies
    assert_never_stored(response)


def signed_in_request(rf, path: str):
    request = rf.get(path)
    request.COOKIES[settings.SESSION_COOKIE_NAME] = "a-session-key"
    return request


def test_any_response_to_a_request_with_a_session_is_never_stored(rf):
    """Even one that neither reads the session nor sets a cookie (a PDF, a JSON answer)."""
    request = signed_in_request(rf, "/somewhere.pdf")
    response = SecurityHeadersMiddleware(lambda request: HttpResponse(b"%PDF"))(request)
    assert_never_stored(response)


def test_a_view_that_chose_its_own_caching_keeps_it(rf):
    def view(request):
        response = HttpResponse("a file of this person's")
        response["Cache-Control"] = "private, max-age=60"
        return response

    response = SecurityHeadersMiddleware(view)(signed_in_request(rf, "/somewhere/"))
    assert response["Cache-Control"] == "private, max-age=60"
    assert_permissions_policy(response)


def test_a_response_made_for_nobody_in_particular_may_be_cached(rf):
    """Static files and the like: no session, no cookie set, nothing read from one."""
    request = rf.get("/static/css/portal.css")
    response = SecurityHeadersMiddleware(lambda request: HttpResponse("body{}"))(request)
    assert "Cache-Control" not in response
    assert_permissions_policy(response)


@pytest.mark.django_db
def test_the_https_redirect_carries_the_permissions_policy_too(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/calls/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
    assert_permissions_policy(response)


@pytest.mark.django_db
def test_static_files_keep_their_own_caching_and_get_the_policy(client, settings):
    settings.WHITENOISE_USE_FINDERS = True  # the tests do not run collectstatic
    response = client.get("/static/css/portal.css")
    assert response.status_code == 200
    assert "no-store" not in cache_directives(response)
    assert_permissions_policy(response)
