"""Single sign-on providers come from OIDC_<n>_... variables (portal.settings.sso)."""

from portal.settings.sso import (
    allow_provider_forms,
    oidc_apps,
    provider_origins,
    social_account_providers,
)

AGENCY = {
    "OIDC_1_ID": "agency",
    "OIDC_1_NAME": "NIA staff",
    "OIDC_1_SERVER_URL": "https://idp.nia.example/realms/staff/",
    "OIDC_1_CLIENT_ID": "grant-portal",
    "OIDC_1_CLIENT_SECRET": "s3cret",
}
THAID = {
    "OIDC_2_ID": "thaid",
    "OIDC_2_NAME": "ThaiD",
    "OIDC_2_SERVER_URL": "https://imauth.bora.dopa.go.th",
    "OIDC_2_CLIENT_ID": "thaid-client",
    "OIDC_2_CLIENT_SECRET": "thaid-secret",
    "OIDC_2_SCOPES": "openid pid name",
    "OIDC_2_LINK_BY_EMAIL": "false",
    "OIDC_2_TOKEN_AUTH": "client_secret_basic",
    "OIDC_2_UID_CLAIM": "pid",
}


def test_no_variables_no_providers():
    assert social_account_providers({}) == {}
    assert oidc_apps({"OIDC_1_CLIENT_ID": "x"}) == []


def test_two_providers_in_the_order_they_are_numbered():
    apps = oidc_apps({**THAID, **AGENCY})
    assert [app["provider_id"] for app in apps] == ["agency", "thaid"]
    agency, thaid = apps
    assert agency["name"] == "NIA staff"
    assert agency["client_id"] == "grant-portal"
    assert agency["secret"] == "s3cret"
    assert agency["settings"] == {
        "server_url": "https://idp.nia.example/realms/staff",
        "scope": ["openid", "email", "profile"],
        "oauth_pkce_enabled": True,
        "email_authentication": True,
        "verified_email": False,
        "fetch_userinfo": True,
    }
    assert thaid["settings"]["scope"] == ["openid", "pid", "name"]
    assert thaid["settings"]["email_authentication"] is False
    assert thaid["settings"]["token_auth_method"] == "client_secret_basic"
    assert thaid["settings"]["uid_field"] == "pid"
    assert thaid["settings"]["verified_email"] is False


def test_a_gap_in_the_numbers_ends_the_list():
    environ = {**AGENCY, "OIDC_3_SERVER_URL": "https://later.example"}
    assert [app["provider_id"] for app in oidc_apps(environ)] == ["agency"]


def test_defaults_name_a_provider_by_its_number():
    (app,) = oidc_apps({"OIDC_1_SERVER_URL": "https://idp.example"})
    assert app["provider_id"] == app["name"] == "oidc1"


def test_the_providers_origins_join_the_form_action_policy():
    providers = social_account_providers({**AGENCY, **THAID})
    assert provider_origins(providers) == [
        "https://idp.nia.example",
        "https://imauth.bora.dopa.go.th",
    ]
    csp = {"form-action": ["'self'"], "default-src": ["'self'"]}
    widened = allow_provider_forms(csp, providers)
    assert widened["form-action"] == [
        "'self'",
        "https://idp.nia.example",
        "https://imauth.bora.dopa.go.th",
    ]
    assert widened["default-src"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]  # the base policy is not changed in place
    assert allow_provider_forms(csp, {}) == csp
