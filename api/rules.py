"""Who may manage which API token."""

import rules

from portal.rules import is_signed_in


@rules.predicate
def is_token_owner(user, token) -> bool:
    return token is not None and is_signed_in(user) and token.user_id == user.pk


rules.add_perm("api.manage_tokens", is_signed_in)
rules.add_perm("api.revoke_token", is_token_owner)
