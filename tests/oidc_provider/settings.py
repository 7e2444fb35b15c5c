"""Settings of the test OpenID Connect provider; everything that varies comes from the
environment the harness sets (OIDC_PROVIDER_DB, OIDC_PROVIDER_KEY_FILE, OIDC_PROVIDER_ISSUER)."""

import os
from pathlib import Path

SECRET_KEY = "oidc-provider-for-tests-only"  # a throwaway provider on a local port
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "oauth2_provider",
    "tests.oidc_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "tests.oidc_provider.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("OIDC_PROVIDER_DB", str(Path(__file__).parent / "provider.sqlite3")),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
USE_TZ = True
LOGIN_URL = "/accounts/login/"

# The provider and the portal may both run on this machine under one host name, and browsers
# do not keep cookies apart by port: the provider's cookies have names of their own.
SESSION_COOKIE_NAME = "provider_sessionid"
CSRF_COOKIE_NAME = "provider_csrftoken"


def private_key() -> str:
    path = os.environ.get("OIDC_PROVIDER_KEY_FILE")
    return Path(path).read_text(encoding="ascii") if path else ""


OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": private_key(),
    "OAUTH2_VALIDATOR_CLASS": "tests.oidc_provider.claims.EmailClaimsValidator",
    "SCOPES": {
        "openid": "OpenID Connect",
        "email": "Your email address",
        "profile": "Your name",
    },
    # The portal sends a PKCE challenge; the provider asks for one, as a careful IdP does.
    "PKCE_REQUIRED": True,
}
if os.environ.get("OIDC_PROVIDER_ISSUER"):
    OAUTH2_PROVIDER["OIDC_ISS_ENDPOINT"] = os.environ["OIDC_PROVIDER_ISSUER"]
