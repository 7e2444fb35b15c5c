"""The portal's own middleware: when a request arrived, and its language.

The language of each request: Thai unless the person chose English.

Django's LocaleMiddleware also follows the browser's Accept-Language, which would show English
to the many Thai users whose phones are set to English. The portal is Thai first: it follows
only an explicit choice (the switcher's cookie, or a signed-in person's saved language).
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

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
