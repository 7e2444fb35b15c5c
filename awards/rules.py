"""Who may see and do what with a grant.

The grantee is every member of the grant's organisation (its authorised person accepts the
agreement); the officers are those who run the grant's call, and administrators.
"""

import rules

from grants.rules import is_call_officer
from portal.rules import is_administrator, is_officer

from .enums import GrantState
from .states import GRANTS, OPEN_STATES


@rules.predicate
def is_grantee(user, grant) -> bool:
    """A member of the organisation the grant was made to."""
    if grant is None or not getattr(user, "is_authenticated", False):
        return False
    return grant.organisation.members.filter(pk=user.pk).exists()


@rules.predicate
def runs_grant_call(user, grant) -> bool:
    return grant is not None and is_call_officer(user, grant.call)


@rules.predicate
def is_open_grant(user, grant) -> bool:
    return grant is not None and grant.state in OPEN_STATES


@rules.predicate
def is_suspended(user, grant) -> bool:
    return grant is not None and grant.state == GrantState.SUSPENDED


def _can_move_to(state: str):
    @rules.predicate(name=f"grant_can_move_to_{state}")
    def predicate(user, grant) -> bool:
        return grant is not None and GRANTS.can_move(grant.state, state)

    return predicate


manages_grant = runs_grant_call | is_administrator

rules.add_perm("awards.view_grant_list", is_officer | is_administrator)
rules.add_perm("awards.view_grant", is_grantee | manages_grant)
rules.add_perm("awards.manage_grant", manages_grant)
rules.add_perm("awards.suspend_grant", manages_grant & _can_move_to("suspended"))
rules.add_perm("awards.resume_grant", manages_grant & is_suspended)
rules.add_perm("awards.cancel_grant", manages_grant & _can_move_to("cancelled"))
