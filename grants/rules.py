"""Who may see and run which call."""

import rules

from portal.rules import is_administrator, is_committee_member, is_officer, is_reviewer

from .enums import CallState
from .phases import can_move


@rules.predicate
def is_call_officer(user, call) -> bool:
    """An officer who manages this call (listed among its officers, or its creator)."""
    if call is None or not is_officer(user):
        return False
    return call.created_by_id == user.pk or call.officers.filter(pk=user.pk).exists()


@rules.predicate
def is_public_call(user, call) -> bool:
    return call is not None and call.state != CallState.DRAFT


@rules.predicate
def is_first_stage(user, call) -> bool:
    """A one-stage call or the first stage of one: what the public knows as the call."""
    return call is not None and call.first_stage_id is None


@rules.predicate
def is_invited_to_stage(user, call) -> bool:
    """A later stage is open to those whose organisation was invited to it (carried forward
    from the stage before)."""
    if call is None or not getattr(user, "is_authenticated", False):
        return False
    return call.proposals.filter(organisation__members=user).exists()


def _can_move_to(state: str):
    @rules.predicate(name=f"can_move_to_{state}")
    def predicate(user, call) -> bool:
        return call is not None and can_move(call, state)

    return predicate


can_be_opened = _can_move_to(CallState.PUBLISHED)
can_be_closed = _can_move_to(CallState.CLOSED)
can_start_review = _can_move_to(CallState.IN_REVIEW)
can_be_archived = _can_move_to(CallState.ARCHIVED)

runs_call = is_call_officer | is_administrator

# A later stage is no public call: its officers, the invited applicants and the reviewers and
# committee (who work on it) see it; what it holds is guarded per proposal as always.
sees_stage = is_first_stage | is_invited_to_stage | is_reviewer | is_committee_member

rules.add_perm("grants.view_call", (is_public_call & sees_stage) | runs_call)
rules.add_perm("grants.add_call", is_officer | is_administrator)
rules.add_perm("grants.change_call", runs_call)
rules.add_perm("grants.open_call", runs_call & can_be_opened)
rules.add_perm("grants.close_call", runs_call & can_be_closed)
rules.add_perm("grants.start_review", runs_call & can_start_review)
rules.add_perm("grants.archive_call", runs_call & can_be_archived)
