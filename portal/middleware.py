"""The portal's middleware: when a request arrived, the headers Django does not send, and the
language of each request.

Arrival (ArrivalMiddleware, first in MIDDLEWARE): each request is stamped with when it reached
the portal (portal.arrival), and deadlines are judged by that time.

Headers (SecurityHeadersMiddleware, first in MIDDLEWARE so that every response passes through
it, the HTTPS redirect and static files included):
- `Permissions-Policy` on every response, from settings.PERMISSIONS_POLICY: the browser
  features the portal never uses are turned off.
- `Cache-Control: private, no-store` on every response made for one person, so that no
  browser cache, proxy or shared computer keeps it: a response to a request that carries a
  session (every signed-in person's does), a response that sets a cookie, and a response that
  varies on the Cookie header (Django marks it so when the session or the CSRF token went into
  it: the login, sign-up and password forms, and every page whose menu carries the language
  switcher's form). Read from the cookies alone, without loading the session or the user. A
  view that set its own Cache-Control keeps it (attachments already say "private, no-store";
  whitenoise gives static files a long max-age; the health check says "no-cache").

Language: Django's LocaleMiddleware also follows the browser's Accept-Language, which would
show English to the many Thai users whose phones are set to English. The portal is Thai first:
it follows only an explicit choice (the switcher's cookie, or a signed-in person's saved language).
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import has_vary_header, patch_cache_control

from . import arrival

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def chosen_language(request) -> str:
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie in SUPPORTED:
        return cookie
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.language in SUPPORTED:
        return user.language
    return settings.LANGUAGE_CODE


class PortalLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


def permissions_policy(features: dict[str, list[str]]) -> str:
    """The header's value: `{"camera": []}` -> `camera=()`, `{"fullscreen": ["self"]}` ->
    `fullscreen=(self)`."""
    return ", ".join(f"{feature}=({' '.join(allow)})" for feature, allow in features.items())


def is_personal(request, response) -> bool:
    """Whether the response was made for one person (see the module's docstring)."""
    return (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or bool(response.cookies)
        or has_vary_header(response, "Cookie")
    )


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = permissions_policy(settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        if "Cache-Control" not in response.headers and is_personal(request, response):
            patch_cache_control(response, private=True, no_store=True)
        return response


class ArrivalMiddleware:
    """Stamp each request with when it reached the portal (portal.arrival): first in
    MIDDLEWARE, so that the time a request waited in the other middleware counts as before."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = arrival.begin(request)
        try:
            return self.get_response(request)
        finally:
            arrival.end(token)
