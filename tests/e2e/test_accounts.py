"""Accounts in headless Chromium: sign-up with the verification link from the outbox, an
officer's authenticator app enrolled at the first login then asked at the next, a passkey
(Chromium's virtual authenticator) enrolled and used to log in.

WebAuthn needs a real host name for its relying party: the pages are opened on
http://localhost:<port>, not 127.0.0.1.
"""

import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from portal import two_factor
from portal.enums import Role
from portal.models import Notification, User
from tests.factories import PASSWORD, user_with

pytestmark = pytest.mark.django_db(transaction=True)


def local(live_server) -> str:
    return live_server.url.replace("127.0.0.1", "localhost")


def fresh_code(secret: str) -> str:
    """A code of a period not used yet (allauth takes each code once)."""
    time.sleep(31 - time.time() % 30)
    return two_factor.totp_code(secret)


def test_sign_up_then_verify_by_the_link_from_the_outbox(page, live_server, screenshot):
    base = local(live_server)
    page.goto(f"{base}/signup/")
    screenshot(page, "signup-th")
    page.fill("input[name=email]", "somsri@example.org")
    page.fill("input[name=full_name]", "สมศรี รักชุมชน")
    page.fill("input[name=password1]", "kaeng-khiao-wan-2569")
    page.fill("input[name=password2]", "kaeng-khiao-wan-2569")
    page.check("input[name=consent]")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    assert page.url.startswith(f"{base}/dashboard/")
    user = User.objects.get(email="somsri@example.org")
    assert not EmailAddress.objects.get(user=user).verified
    message = Notification.objects.get(kind="account", recipient=user)
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body_text).group(0)
    page.goto(link)
    screenshot(page, "confirm-email-th")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    assert EmailAddress.objects.get(user=user).verified


def test_an_officer_enrols_an_authenticator_app_then_logs_in_with_a_code(
    page, live_server, screenshot
):
    officer = user_with(Role.OFFICER, email="new-officer@example.org")
    Authenticator.objects.filter(user=officer).delete()
    base = local(live_server)

    page.goto(f"{base}/accounts/login/")
    screenshot(page, "login-th")
    page.fill("input[name=login]", officer.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url == f"{base}/accounts/2fa/"  # sent to enrol before anything else
    screenshot(page, "mfa-index-th")
    page.goto(f"{base}/accounts/2fa/totp/activate/")
    screenshot(page, "mfa-totp-activate-th")
    secret_text = page.input_value("#authenticator_secret")
    page.fill("input[name=code]", two_factor.totp_code(secret_text))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert two_factor.has_second_factor(officer)

    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", officer.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/accounts/2fa/authenticate/" in page.url
    screenshot(page, "mfa-authenticate-th")
    page.fill("input[name=code]", fresh_code(secret_text))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()

    assert page.url == f"{base}/dashboard/officer/"


def test_a_passkey_enrolled_then_used_to_log_in(page, live_server, screenshot):
    applicant = user_with(Role.APPLICANT, email="passkey@example.org")
    base = local(live_server)
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )

    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", applicant.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(f"{base}/accounts/2fa/webauthn/add/")
    screenshot(page, "mfa-webauthn-add-th")
    page.fill("input[name=name]", "แล็ปท็อป")
    passwordless = page.locator("input[name=passwordless]")
    if passwordless.count():
        passwordless.check()
    page.locator("main button#mfa_webauthn_add").click()
    page.wait_for_load_state()
    page.wait_for_timeout(1000)
    assert Authenticator.objects.filter(user=applicant, type="webauthn").exists()

    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.locator("#passkey_login").click()
    page.wait_for_url(re.compile(r".*/dashboard/.*"))

    assert page.url.startswith(f"{base}/dashboard/")
