"""Two-factor authentication (django-allauth's mfa): who must have it, and enrolling it.

Officers, committee members and administrators see unpublished proposals, scores and
personal data: a stolen password alone must not open that. They must have a second factor
(an authenticator app's codes, or a passkey or security key; recovery codes are a fallback,
not a factor of their own). `portal.middleware.RequireTwoFactorMiddleware` sends such a
person without one to enrol before any other page.
"""

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from allauth.mfa.utils import decrypt

from .enums import Role

REQUIRED_FOR = frozenset({Role.OFFICER, Role.COMMITTEE, Role.ADMINISTRATOR})
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
# The session remembers that its person has a second factor, so the check costs no query
# after the first page.
SESSION_KEY = "portal_two_factor_enrolled"


def is_required_of(user) -> bool:
    return bool(user.roles & REQUIRED_FOR)


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()


def remember_at_login(sender, request, user, **kwargs) -> None:
    """At login (after allauth's second-factor stage, or a session made by other means), note
    in the new session that a person who must have a second factor has one: their pages then
    ask nothing more. Without one, the middleware sends them to enrol."""
    session = getattr(request, "session", None)
    if session is not None and is_required_of(user) and has_second_factor(user):
        session[SESSION_KEY] = True


def connect() -> None:
    from django.contrib.auth.signals import user_logged_in

    user_logged_in.connect(remember_at_login, dispatch_uid="portal.two_factor.remember")


def enrol_totp(user, secret: str | None = None) -> str:
    """Give `user` an authenticator app's secret (demo people, tests); returns the secret.

    Side effects: a TOTP Authenticator row, unless the user has one already (then its secret
    is kept and returned).
    """
    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing is not None:
        return decrypt(existing.data["secret"])
    secret = secret or generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now for `secret` (tests, the demo)."""
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))
