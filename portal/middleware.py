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

import functools

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


class RequireTwoFactorMiddleware:
    """Officers, committee members and administrators enrol a second factor before anything else.

    Such a person without an authenticator app or passkey is sent to the two-factor page
    (portal.two_factor) from every page but the few they need to get there: the two-factor
    pages themselves, confirming their password again, logging out, the language switcher
    and static files. Once they have one, their session remembers it: no query after that.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_enrol(request):
            return self._to_enrolment(request)
        return self.get_response(request)

    @staticmethod
    def _allowed(path: str) -> bool:
        return path.startswith(two_factor_allowed_prefixes())

    def _must_enrol(self, request) -> bool:
        from django.urls import reverse

        from . import two_factor

        if request.method == "POST" and request.path_info.startswith(reverse("mfa_index")):
            # An authenticator may be removed: ask the database again on the next page.
            request.session.pop(two_factor.SESSION_KEY, None)
        elif request.session.get(two_factor.SESSION_KEY):
            return False
        user = request.user
        if not user.is_authenticated or not two_factor.is_required_of(user):
            return False
        if two_factor.has_second_factor(user):
            request.session[two_factor.SESSION_KEY] = True
            return False
        return not self._allowed(request.path_info)

    @staticmethod
    def _to_enrolment(request):
        from django.contrib import messages
        from django.shortcuts import redirect
        from django.utils.translation import gettext as _

        if request.method == "GET":
            messages.warning(
                request,
                _(
                    "Your role needs two-factor authentication. Add an authenticator app or "
                    "a passkey to continue."
                ),
                fail_silently=True,
            )
        return redirect("mfa_index")


@functools.cache
def two_factor_allowed_prefixes() -> tuple[str, ...]:
    from django.urls import reverse

    return (
        reverse("mfa_index"),  # every two-factor page is under it
        reverse("account_reauthenticate"),
        reverse("logout"),
        reverse("set_language"),
        settings.STATIC_URL,
        reverse("health"),
    )
