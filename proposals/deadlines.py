"""Until when a proposal may be edited and submitted: the one place for these rules.

Times are aware datetimes compared with grants.phases.current_time(); a deadline is a
Bangkok wall-clock time stored in UTC.
"""

from datetime import datetime

from grants.enums import CallState
from grants.phases import current_time, submission_cutoff

from .enums import ProposalState


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


def can_still_submit(proposal, now: datetime | None = None) -> bool:
    if proposal.state == ProposalState.NEEDS_INFO:
        return proposal.info_due is not None and (now or current_time()) <= proposal.info_due
    cutoff = cutoff_for(proposal)
    return cutoff is not None and (now or current_time()) <= cutoff


def can_still_change(proposal, now: datetime | None = None) -> bool:
    """Withdraw or reopen: allowed until the proposal's own cutoff."""
    cutoff = cutoff_for(proposal)
    return cutoff is not None and (now or current_time()) <= cutoff
