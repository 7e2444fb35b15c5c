"""Reads of API tokens: a person's list, and the token a request presents."""

import hmac

from django.db.models import QuerySet

from .models import ApiToken
from .services import TOKEN_PREFIX, hash_secret


def tokens_of(user) -> QuerySet:
    """The person's tokens, active and revoked, newest first."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def token_for(plaintext: str) -> ApiToken | None:
    """The active token whose plaintext this is (its user loaded), or None. The secret is
    compared in constant time; a revoked token, or a user no longer active, finds nothing."""
    parts = plaintext.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or not parts[1] or not parts[2]:
        return None
    token = (
        ApiToken.objects.active()
        .select_related("user")
        .filter(prefix=parts[1], user__is_active=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.secret_hash, hash_secret(parts[2])):
        return None
    return token
