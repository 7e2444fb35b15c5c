"""Until when a proposal may be edited and submitted: the one place for these rules.

Times are aware datetimes; a deadline is a Bangkok wall-clock time stored in UTC. Every rule
takes the moment it judges (`at`); without one it judges `moment()`: during a request, when
the request reached the portal (portal.arrival), the same for the guard, the view and the
service, however long the request waited; outside a request, the clock.
"""

from datetime import datetime

from grants.enums import CallState
from grants.phases import current_time, submission_cutoff
from portal.arrival import current_arrival

from .enums import ProposalState

# A call still receiving proposals: published (open, or past its deadline), or closed early.
RECEIVING_CALL_STATES = frozenset({CallState.PUBLISHED, CallState.CLOSED})


def moment(at: datetime | None = None) -> datetime:
    """The moment a deadline is judged at: `at`, else the request's arrival, else now."""
    return at or current_arrival() or current_time()


def cutoff_for(proposal) -> datetime | None:
    """The last moment this proposal can be submitted, or None when the call is closed to it.

    The call's deadline; plus the grace period for a proposal already under way (a draft
    started before the deadline); or a later extension that an officer granted to it.
    An early-closed call accepts nothing more, except from proposals with an extension.
    """
    call = proposal.call
    cutoff = None
    if call.state == CallState.PUBLISHED:
        under_way = proposal.created_at is not None and proposal.created_at < call.deadline
        cutoff = submission_cutoff(call) if under_way else call.deadline
    if proposal.extension_until and (cutoff is None or proposal.extension_until > cutoff):
        cutoff = proposal.extension_until
    return cutoff


def can_still_submit(proposal, at: datetime | None = None) -> bool:
    if proposal.state == ProposalState.NEEDS_INFO:
        return proposal.info_due is not None and moment(at) <= proposal.info_due
    cutoff = cutoff_for(proposal)
    return cutoff is not None and moment(at) <= cutoff


def can_still_change(proposal, at: datetime | None = None) -> bool:
    """Withdraw or reopen: allowed until the proposal's own cutoff."""
    cutoff = cutoff_for(proposal)
    return cutoff is not None and moment(at) <= cutoff


def leaves_drafts_behind(call, at: datetime | None = None) -> bool:
    """Whether `call`, still receiving proposals, is past its deadline or closed early: its
    drafts missed the deadline, and only an officer's extension lets one be submitted."""
    if call.state not in RECEIVING_CALL_STATES:
        return False
    return call.state == CallState.CLOSED or moment(at) > call.deadline


def missed_the_deadline(proposal, at: datetime | None = None) -> bool:
    """A draft that its call left behind (leaves_drafts_behind): what extensions are for."""
    return proposal.state == ProposalState.DRAFT and leaves_drafts_behind(proposal.call, at)
