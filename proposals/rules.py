"""Who may see and do what with a proposal. Views, templates and tests use these names."""

import rules

from grants.phases import accepts_new_drafts
from grants.rules import runs_call
from portal.rules import is_applicant

from .deadlines import can_still_change, can_still_submit, missed_the_deadline, moment
from .enums import EDITING_ROLES, MemberRole, ProposalState
from .models import Proposal
from .queries import organisation_of, role_in
from .states import (
    EDITABLE_STATES,
    RECEIVED_STATES,
    REOPENABLE_STATES,
    SCREENABLE_STATES,
    WITHDRAWABLE_STATES,
)

S = ProposalState


@rules.predicate
def is_proposal_member(user, proposal) -> bool:
    """A member of the organisation that owns the proposal."""
    if proposal is None or not getattr(user, "is_authenticated", False):
        return False
    return proposal.organisation.members.filter(pk=user.pk).exists()


@rules.predicate
def edits_for_organisation(user, proposal) -> bool:
    """An owner or editor of the organisation that owns the proposal (a viewer only reads)."""
    if proposal is None:
        return False
    return role_in(user, proposal.organisation) in EDITING_ROLES


# On an organisation (the team page and its actions).
@rules.predicate
def is_organisation_member(user, organisation) -> bool:
    return role_in(user, organisation) is not None


@rules.predicate
def owns_organisation(user, organisation) -> bool:
    return role_in(user, organisation) == MemberRole.OWNER


@rules.predicate
def may_have_organisation_details_changed(user) -> bool:
    """No organisation yet (they make one), or an owner of theirs: editors and viewers read
    its details."""
    organisation = organisation_of(user)
    return organisation is None or role_in(user, organisation) == MemberRole.OWNER


# On a membership or an invitation: the organisation's owners manage it; its members see it.
@rules.predicate
def owns_its_organisation(user, obj) -> bool:
    return obj is not None and owns_organisation.test(user, obj.organisation)


@rules.predicate
def is_member_of_its_organisation(user, obj) -> bool:
    return obj is not None and is_organisation_member.test(user, obj.organisation)


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
def is_late_draft(user, proposal) -> bool:
    """A draft its call's deadline left behind (deadlines.missed_the_deadline)."""
    return proposal is not None and missed_the_deadline(proposal)


@rules.predicate
def is_editable(user, proposal) -> bool:
    return proposal.state in EDITABLE_STATES and can_still_submit(proposal)


@rules.predicate
def can_be_withdrawn(user, proposal) -> bool:
    return proposal.state in WITHDRAWABLE_STATES and can_still_change(proposal)


@rules.predicate
def can_be_reopened(user, proposal) -> bool:
    return proposal.state in REOPENABLE_STATES and can_still_change(proposal)


@rules.predicate
def can_be_screened(user, proposal) -> bool:
    return proposal.state in SCREENABLE_STATES


@rules.predicate
def is_editable_or_submitted(user, proposal) -> bool:
    """A draft (late or not) or a submitted proposal: submitting it answers with the reason
    (a missed deadline, what is missing) or the receipt, never a bare refusal."""
    return proposal.state in EDITABLE_STATES or proposal.state == S.SUBMITTED


@rules.predicate
def has_receipt(user, proposal) -> bool:
    return bool(proposal.reference) and proposal.submitted_at is not None


@rules.predicate
def call_accepts_proposals(user, call) -> bool:
    """Open now, and not a later stage (only those carried forward from the stage before
    are there)."""
    return call is not None and call.first_stage_id is None and accepts_new_drafts(call, moment())


@rules.predicate
def has_proposal_in_call(user, call) -> bool:
    return (
        call is not None
        and getattr(user, "is_authenticated", False)
        and Proposal.objects.filter(call=call, organisation__members=user).exists()
    )


@rules.predicate
def can_see_call(user, call) -> bool:
    """grants.view_call, decided by grants (a draft call is private to those who run it)."""
    return user.has_perm("grants.view_call", call)


@rules.predicate
def has_no_organisation(user) -> bool:
    return organisation_of(user) is None


officer_of_received = runs_proposal_call & was_received
may_view_proposal = is_proposal_member | officer_of_received
may_start = is_applicant & call_accepts_proposals
# On a call the person may see: an applicant without an organisation is asked for it first;
# one whose organisation already has a proposal in the call is taken to it; else a new one
# starts.
may_apply = can_see_call & ((is_applicant & has_no_organisation) | has_proposal_in_call | may_start)


@rules.predicate
def may_view_its_proposal(user, attachment) -> bool:
    return attachment is not None and may_view_proposal.test(user, attachment.proposal)


# Applicants' pages: "see" is membership of the organisation, in any role (officers read
# received proposals on their own pages, and never see a draft). Writing (edit, submit,
# withdraw, reopen) is for its owners and editors; a viewer reads.
rules.add_perm("proposals.view_own_proposal", is_proposal_member)
rules.add_perm("proposals.view_receipt", is_proposal_member & has_receipt)
rules.add_perm("proposals.view_proposal", may_view_proposal)
rules.add_perm("proposals.edit_own_proposal", edits_for_organisation)
rules.add_perm("proposals.change_proposal", edits_for_organisation & is_editable)
rules.add_perm("proposals.submit_proposal", edits_for_organisation & is_editable)
rules.add_perm("proposals.attempt_submission", edits_for_organisation & is_editable_or_submitted)
rules.add_perm("proposals.withdraw_proposal", edits_for_organisation & can_be_withdrawn)
rules.add_perm("proposals.reopen_proposal", edits_for_organisation & can_be_reopened)
# Not "change_organisation": Django's model permission of that name is every superuser's.
# The page (its details) is every applicant's; changing them is its owners' (or whoever has
# none yet and makes one).
rules.add_perm("proposals.edit_organisation", is_applicant)
rules.add_perm(
    "proposals.change_organisation_details", is_applicant & may_have_organisation_details_changed
)
# The team (object: the organisation): its members see who belongs; its owners invite,
# cancel invitations, change roles and remove people. Anybody may leave (object: their own
# membership; the service refuses the last owner).
rules.add_perm("proposals.view_team", is_organisation_member)
rules.add_perm("proposals.manage_team", owns_organisation)
rules.add_perm("proposals.view_membership", is_member_of_its_organisation)
rules.add_perm("proposals.manage_membership", owns_its_organisation)
rules.add_perm("proposals.view_team_invitation", is_member_of_its_organisation)
rules.add_perm("proposals.cancel_team_invitation", owns_its_organisation)
rules.add_perm("proposals.start_proposal", may_start)  # object: the call
rules.add_perm("proposals.apply_to_call", may_apply)  # object: the call
rules.add_perm("proposals.view_attachment", may_view_its_proposal)  # object: the attachment
# Officers' pages: "see" is running the call of a proposal that arrived.
rules.add_perm("proposals.view_received_proposal", officer_of_received)
rules.add_perm("proposals.screen_proposal", officer_of_received & can_be_screened)
rules.add_perm("proposals.request_information", officer_of_received & can_be_screened)
# Also a draft that missed the deadline: what extensions are for. Granting one is not seeing
# it: the officer picks it by organisation on the call's page (view_received_proposal stays
# False for a draft).
rules.add_perm("proposals.grant_extension", runs_proposal_call & (was_received | is_late_draft))
rules.add_perm("proposals.manage_proposals", runs_call)  # object: the call
