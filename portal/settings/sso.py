"""Single sign-on through OpenID Connect, configured from the environment.

Each identity provider is a numbered group of variables, OIDC_1_... then OIDC_2_... (the
first number without a SERVER_URL ends the list), and its sign-in button appears on the
login page in that order:

    OIDC_1_ID              the provider's short name in the portal's URLs: the redirect URI
                           to register is <SITE_URL>/accounts/oidc/<ID>/login/callback/
                           (default: oidc1, oidc2, ...)
    OIDC_1_NAME            what the button says after "Sign in with" (default: the ID)
    OIDC_1_SERVER_URL      the issuer; its discovery document is at
                           <SERVER_URL>/.well-known/openid-configuration
    OIDC_1_CLIENT_ID       what the provider gave when the portal was registered
    OIDC_1_CLIENT_SECRET
    OIDC_1_SCOPES          default "openid email profile"
    OIDC_1_LINK_BY_EMAIL   default true: a person whose address the provider says it has
                           verified (email_verified: true) signs in to the portal account
                           with that address, which is then linked to the provider; an
                           address not verified by the provider is never used to link
    OIDC_1_PKCE            default true (proof key for code exchange)
    OIDC_1_TOKEN_AUTH      client_secret_basic or client_secret_post (default: what the
                           provider's discovery document offers)
    OIDC_1_UID_CLAIM       the claim that identifies a person at the provider (default sub)

The browser is sent to the provider by a form on the portal's login page, so the provider's
origin is added to the Content-Security-Policy's form-action (`allow_provider_forms`).
"""

import os
from collections.abc import Mapping
from urllib.parse import urlsplit

MAX_PROVIDERS = 9
DEFAULT_SCOPES = "openid email profile"


def _flag(value: str | None, default: bool) -> bool:
    if value is None or not value.strip():
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def oidc_apps(environ: Mapping[str, str] | None = None) -> list[dict]:
    """The configured providers as django-allauth's openid_connect APPS entries."""
    environ = os.environ if environ is None else environ
    apps = []
    for number in range(1, MAX_PROVIDERS + 1):

        def value(name: str, default: str = "", number=number) -> str:
            return environ.get(f"OIDC_{number}_{name}", "").strip() or default

        server_url = value("SERVER_URL")
        if not server_url:
            break
        provider_id = value("ID", f"oidc{number}")
        settings = {
            "server_url": server_url.rstrip("/"),
            "scope": value("SCOPES", DEFAULT_SCOPES).replace(",", " ").split(),
            "oauth_pkce_enabled": _flag(environ.get(f"OIDC_{number}_PKCE"), True),
            # Only addresses the provider marks verified are ever matched (allauth's
            # authenticate_by_email); this says whether to match them at all.
            "email_authentication": _flag(environ.get(f"OIDC_{number}_LINK_BY_EMAIL"), True),
            # Never take every address from the provider as verified: its email_verified
            # claim decides, address by address.
            "verified_email": False,
            "fetch_userinfo": True,
        }
        if value("TOKEN_AUTH"):
            settings["token_auth_method"] = value("TOKEN_AUTH")
        if value("UID_CLAIM"):
            settings["uid_field"] = value("UID_CLAIM")
        apps.append(
            {
                "provider_id": provider_id,
                "name": value("NAME", provider_id),
                "client_id": value("CLIENT_ID"),
                "secret": value("CLIENT_SECRET"),
                "settings": settings,
            }
        )
    return apps


def social_account_providers(environ: Mapping[str, str] | None = None) -> dict:
    """SOCIALACCOUNT_PROVIDERS: the OpenID Connect providers, none when none is set."""
    apps = oidc_apps(environ)
    return {"openid_connect": {"APPS": apps}} if apps else {}


def provider_origins(providers: dict) -> list[str]:
    """The origins (scheme://host[:port]) of the configured providers, in order."""
    origins: list[str] = []
    for app in providers.get("openid_connect", {}).get("APPS", []):
        parts = urlsplit(app["settings"]["server_url"])
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in origins:
            origins.append(origin)
    return origins


def allow_provider_forms(csp: dict, providers: dict) -> dict:
    """The Content-Security-Policy with the providers' origins in form-action.

    The "Sign in with ..." button posts to the portal, which answers with a redirect to the
    provider; browsers hold a form's redirects to form-action too."""
    extra = [o for o in provider_origins(providers) if o not in csp["form-action"]]
    return {**csp, "form-action": [*csp["form-action"], *extra]}
