"""Single sign-on in Chromium, end to end, against a real OpenID Connect provider.

The provider (tests/oidc_provider/, django-oauth-toolkit) runs in a subprocess on
127.0.0.1; the portal's live server is reached as localhost, so the two keep their cookies
apart as two sites would. The portal is configured as an agency would configure it: through
the OIDC_1_... variables, read by portal.settings.sso.
"""

import uuid

import pytest
from allauth.socialaccount.models import SocialAccount
from django.conf import settings as django_settings

from portal.enums import Role
from portal.models import Consent, User
from portal.settings.sso import allow_provider_forms, social_account_providers
from tests.factories import user_with
from tests.oidc_provider.harness import running_provider

pytestmark = pytest.mark.django_db(transaction=True)

PROVIDER_NAME = "NIA staff"
PASSWORD = "provider-pass-2026"


@pytest.fixture(scope="module")
def oidc_provider(tmp_path_factory):
    with running_provider(tmp_path_factory.mktemp("oidc-provider")) as provider:
        yield provider


@pytest.fixture(scope="module")
def agency_client(oidc_provider, live_server):
    """The portal registered at the provider, as an agency would register it."""
    client_id, secret = f"portal-{uuid.uuid4().hex[:8]}", "agency-client-secret"
    redirect_uri = f"{live_server.url}/accounts/oidc/agency/login/callback/"
    oidc_provider.add_client(client_id, secret, redirect_uri)
    return {
        "OIDC_1_ID": "agency",
        "OIDC_1_NAME": PROVIDER_NAME,
        "OIDC_1_SERVER_URL": oidc_provider.server_url,
        "OIDC_1_CLIENT_ID": client_id,
        "OIDC_1_CLIENT_SECRET": secret,
    }


@pytest.fixture
def sso(agency_client, settings):
    """The portal with the agency's provider configured from its variables."""
    providers = social_account_providers(agency_client)
    settings.SOCIALACCOUNT_PROVIDERS = providers
    settings.SECURE_CSP = allow_provider_forms(settings.SECURE_CSP, providers)
    return providers


def sign_in_at_provider(page, live_server, email: str) -> None:
    """From the portal's login page, through the provider's login and consent, back."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name=f"เข้าสู่ระบบด้วย {PROVIDER_NAME}").click()
    page.wait_for_url("http://127.0.0.1:*/accounts/login/**")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in at the provider").click()
    page.wait_for_load_state()
    if page.url.startswith("http://127.0.0.1") and page.locator("input[name=allow]").count():
        page.locator("input[name=allow]").click()  # the provider's consent
    page.wait_for_url(f"{live_server.url}/**")
    page.wait_for_load_state()


def test_a_new_person_signs_in_with_the_provider_consents_and_reaches_the_dashboard(
    page, live_server, sso, oidc_provider, screenshot
):
    oidc_provider.add_person("malee@agency.example", PASSWORD, first_name="มาลี", last_name="ใจงาม")
    page.goto(f"{live_server.url}/accounts/login/")
    screenshot(page, "sso-login-buttons")

    sign_in_at_provider(page, live_server, "malee@agency.example")

    # The sign-up form, filled from the provider, still asks for the PDPA consent.
    assert "/accounts/3rdparty/signup/" in page.url
    assert page.input_value("input[name=email]") == "malee@agency.example"
    assert not page.locator("input[name=consent]").is_checked()
    screenshot(page, "sso-signup-consent")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/accounts/3rdparty/signup/" in page.url  # refused without consent
    assert not User.objects.filter(email="malee@agency.example").exists()

    page.locator("input[name=consent]").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    assert page.url == f"{live_server.url}/dashboard/applicant/"
    user = User.objects.get(email="malee@agency.example")
    assert user.full_name == "มาลี ใจงาม"
    assert user.has_role(Role.APPLICANT)
    assert [c.notice_version for c in Consent.objects.filter(user=user)] == [
        django_settings.PRIVACY_NOTICE_VERSION
    ]
    (account,) = SocialAccount.objects.filter(user=user)
    assert account.provider == "agency"
    assert user.emailaddress_set.get(email="malee@agency.example").verified

    # The second time, the provider's identifier is enough: straight to the dashboard.
    page.context.clear_cookies()
    sign_in_at_provider(page, live_server, "malee@agency.example")
    assert page.url == f"{live_server.url}/dashboard/applicant/"
    assert User.objects.filter(email="malee@agency.example").count() == 1


def test_an_existing_account_with_the_verified_address_is_linked_not_duplicated(
    page, live_server, sso, oidc_provider
):
    applicant = user_with(Role.APPLICANT, email="somchai@agency.example")
    oidc_provider.add_person("somchai@agency.example", PASSWORD, first_name="Somchai")
    people_before = User.objects.count()

    sign_in_at_provider(page, live_server, "somchai@agency.example")

    assert page.url == f"{live_server.url}/dashboard/applicant/"
    assert User.objects.count() == people_before
    (account,) = SocialAccount.objects.all()
    assert account.user == applicant
    assert account.provider == "agency"


def test_an_unverified_address_is_not_linked_to_the_account_that_has_it(
    page, live_server, sso, oidc_provider, screenshot
):
    applicant = user_with(Role.APPLICANT, email="target@agency.example")
    oidc_provider.add_person("target@agency.example", PASSWORD, verified=False)

    sign_in_at_provider(page, live_server, "target@agency.example")

    # Not signed in as the applicant: asked to sign up, and the address is refused there.
    assert "/dashboard/" not in page.url
    assert "/accounts/3rdparty/signup/" in page.url
    page.locator("input[name=consent]").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/accounts/3rdparty/signup/" in page.url
    assert page.locator("input[name=email].is-invalid").count() == 1
    screenshot(page, "sso-unverified-address-refused")
    assert not SocialAccount.objects.exists()
    assert User.objects.filter(email__iexact="target@agency.example").count() == 1
    page.goto(f"{live_server.url}/dashboard/applicant/")
    assert "/accounts/login/" in page.url  # nobody is signed in
    applicant.refresh_from_db()
    assert applicant.has_usable_password()


def test_an_officer_signing_in_with_the_provider_still_gives_their_second_factor(
    page, live_server, sso, oidc_provider
):
    user_with(Role.OFFICER, email="officer@agency.example")
    oidc_provider.add_person("officer@agency.example", PASSWORD)

    sign_in_at_provider(page, live_server, "officer@agency.example")

    assert "/accounts/2fa/authenticate/" in page.url
    page.goto(f"{live_server.url}/dashboard/officer/")
    assert "/dashboard/officer/" not in page.url
