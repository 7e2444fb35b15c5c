"""Production: refuses to start with the development key; static files through whitenoise."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403 - settings modules extend the base by design
from .base import (
    DEVELOPMENT_SECRET_KEY,
    SECRET_KEY,
    env_bool,
    env_int,
    file_storage_from_env,
)

if not SECRET_KEY or SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 40:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 40 characters in production "
        "(for example: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )

DEBUG = False
STORAGES = {
    "default": file_storage_from_env(),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# HTTPS: plain-HTTP requests are redirected and browsers told to stay on HTTPS for a year
# (HSTS is only sent on HTTPS responses). A local run without TLS (docker compose on
# localhost) sets SECURE_SSL_REDIRECT=false and SECURE_COOKIES=false. The proxy in front of
# the portal must set X-Forwarded-Proto, and strip it from what clients send.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# The health check answers over plain HTTP too: a container's healthcheck reaches the portal
# directly, not through the TLS proxy. It tells nothing but "ok" or "unavailable".
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
# Trust X-Forwarded-Proto only behind a proxy (PROXY_COUNT > 0), which sets it and strips
# what clients send; without one, anybody could claim HTTPS with that header.
if env_int("PROXY_COUNT", 0) > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# The content-type, referrer, opener, frame and content-security headers are set in base.py,
# for every environment.

# Links in account emails (verification, password reset) use https.
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
