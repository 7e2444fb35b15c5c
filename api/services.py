"""Creating and revoking personal API tokens: the only code that writes them."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.refusals import Refusal

from .models import ApiToken

TOKEN_PREFIX = "nia"  # noqa: S105 - the visible start of every token, not a secret
# Active tokens one person may hold at once: enough for a few scripts, not a leak farm.
MAX_ACTIVE_TOKENS = 10


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def plaintext_of(prefix: str, secret: str) -> str:
    return f"{TOKEN_PREFIX}_{prefix}_{secret}"


@transaction.atomic
def create_token(user, *, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`; returns it and its plaintext, which is never stored and
    cannot be shown again. Side effects: one ApiToken row (the secret's SHA-256 only).
    Refused (code "too_many") when the person already holds MAX_ACTIVE_TOKENS."""
    name = name.strip()
    if not name:
        raise Refusal(_("Give the token a name."), field="name", code="required")
    if ApiToken.objects.active().filter(user=user).count() >= MAX_ACTIVE_TOKENS:
        raise Refusal(
            _("You have %(count)s active tokens: revoke one before creating another.")
            % {"count": MAX_ACTIVE_TOKENS},
            code="too_many",
        )
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=prefix, secret_hash=hash_secret(secret)
    )
    return token, plaintext_of(prefix, secret)


@transaction.atomic
def revoke_token(token: ApiToken, *, by) -> ApiToken:
    """Revoke `token` (kept, with the time, for the person's list). Side effects: the row's
    revoked_at. Revoking a revoked token changes nothing."""
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db(fields=["revoked_at"])
    return token
