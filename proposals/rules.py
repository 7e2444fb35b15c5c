"""Who may see and do what with a proposal. Views, templates and tests use these names."""

import rules

from grants.phases import accepts_new_drafts
from grants.rules import runs_call
from portal.rules import is_applicant

from .deadlines import can_still_change, can_still_submit
from .enums import ProposalState
from .states import EDITABLE_STATES, RECEIVED_STATES

S = ProposalState


@rules.predicate
def is_proposal_member(user, proposal) -> bool:
    """A member of the organisation that owns the proposal."""
    if proposal is None or not getattr(user, "is_authenticated", False):
        return False
    return proposal.organisation.members.filter(pk=user.pk).exists()


@rules.predicate
def runs_proposal_call(user, proposal) -> bool:
    return proposal is not None and runs_call(user, proposal.call)


@rules.predicate
def was_received(user, proposal) -> bool:
    """Arrived (or withdrawn after arriving): officers never see a draft, even a reopened one."""
    return proposal is not None and (
        proposal.state in RECEIVED_STATES
        or (proposal.state == S.WITHDRAWN and proposal.submitted_at is not None)
    )


@rules.predicate
def is_editable(user, proposal) -> bool:
    return proposal.state in EDITABLE_STATES and can_still_submit(proposal)


@rules.predicate
def can_be_withdrawn(user, proposal) -> bool:
    return proposal.state in {S.DRAFT, S.SUBMITTED} and can_still_change(proposal)


@rules.predicate
def can_be_reopened(user, proposal) -> bool:
    return proposal.state in {S.SUBMITTED, S.WITHDRAWN} and can_still_change(proposal)


@rules.predicate
def can_be_screened(user, proposal) -> bool:
    return proposal.state in {S.SUBMITTED, S.ELIGIBLE, S.INELIGIBLE}


@rules.predicate
def call_accepts_proposals(user, call) -> bool:
    return call is not None and accepts_new_drafts(call)


officer_of_received = runs_proposal_call & was_received

rules.add_perm("proposals.view_proposal", is_proposal_member | officer_of_received)
rules.add_perm("proposals.change_proposal", is_proposal_member & is_editable)
rules.add_perm("proposals.submit_proposal", is_proposal_member & is_editable)
rules.add_perm("proposals.withdraw_proposal", is_proposal_member & can_be_withdrawn)
rules.add_perm("proposals.reopen_proposal", is_proposal_member & can_be_reopened)
rules.add_perm("proposals.start_proposal", is_applicant & call_accepts_proposals)
rules.add_perm("proposals.screen_proposal", officer_of_received & can_be_screened)
rules.add_perm("proposals.request_information", officer_of_received & can_be_screened)
rules.add_perm("proposals.grant_extension", runs_proposal_call)
rules.add_perm("proposals.manage_proposals", runs_call)  # object: the call
