"""Who is calling the API: a personal token (`Authorization: Bearer nia_…`), else the
browser's session (the docs page, a signed-in person), else nobody.

A token that is sent and not valid is refused (401) even where anonymous callers are
welcome: a script with a revoked token should learn it, not silently read less.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer

from .errors import InvalidToken
from .models import ApiToken
from .queries import token_for

# last_used_at is written at most this often per token, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class Caller:
    """The person behind a request (AnonymousUser for nobody) and the token they used."""

    user: object
    token: ApiToken | None = None

    def __bool__(self) -> bool:  # ninja takes a falsy result for "not authenticated"
        return True

    @property
    def is_authenticated(self) -> bool:
        return bool(self.user.is_authenticated)


def _bearer(request) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _space, value = header.partition(" ")
    if not header:
        return None
    if scheme.lower() != "bearer" or not value.strip():
        raise InvalidToken
    return value.strip()


def caller_of_token(plaintext: str) -> Caller:
    token = token_for(plaintext)
    if token is None:
        raise InvalidToken
    now = timezone.now()
    if token.last_used_at is None or token.last_used_at < now - LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return Caller(user=token.user, token=token)


def caller_of(request) -> Caller:
    """The caller, once per request: token, else session, else anonymous. Raises
    InvalidToken for a token that is sent and not valid."""
    cached = getattr(request, "_api_caller", None)
    if cached is not None:
        return cached
    plaintext = _bearer(request)
    if plaintext is not None:
        caller = caller_of_token(plaintext)
    else:
        user = getattr(request, "user", None) or AnonymousUser()
        caller = Caller(user=user if user.is_active else AnonymousUser())
    request._api_caller = caller
    return caller


class TokenAuth(HttpBearer):
    """A personal API token: `Authorization: Bearer nia_<prefix>_<secret>`."""

    openapi_description = "A personal API token, created at /api/tokens/ (shown once)."

    def __call__(self, request):
        if _bearer(request) is None:
            return None
        return caller_of(request)

    def authenticate(self, request, token):  # __call__ does the work
        return caller_of(request)


class SessionAuth(APIKeyCookie):
    """The browser's session (the docs page, for a signed-in person). Read-only API: the
    CSRF check is not needed for GET."""

    openapi_description = "The portal's session cookie, for a signed-in browser."

    def __init__(self):
        self.param_name = settings.SESSION_COOKIE_NAME
        super().__init__(csrf=False)

    def __call__(self, request):
        caller = caller_of(request)
        return caller if caller.is_authenticated else None

    def authenticate(self, request, key):  # __call__ does the work
        return None


def anyone(request) -> Caller:
    """Public operations: whoever calls (a token sent must still be valid)."""
    return caller_of(request)


# Private operations: a token or a session; nobody else (401).
SIGNED_IN = [TokenAuth(), SessionAuth()]
PUBLIC = [anyone]
