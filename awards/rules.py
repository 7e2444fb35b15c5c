"""Who may see and do what with a grant.

The grantee is every member of the grant's organisation (its authorised person accepts the
agreement); the officers are those who run the grant's call, and administrators.
"""

import rules

from grants.rules import is_call_officer, runs_call
from portal.rules import is_administrator, is_officer
from proposals.enums import EDITING_ROLES
from proposals.queries import role_in

from .enums import AmendmentState, GrantState, ReportState
from .states import EDITABLE_REPORT_STATES, GRANTS, OPEN_STATES


@rules.predicate
def is_grantee(user, grant) -> bool:
    """A member of the organisation the grant was made to."""
    if grant is None or not getattr(user, "is_authenticated", False):
        return False
    return grant.organisation.members.filter(pk=user.pk).exists()


@rules.predicate
def acts_for_grantee(user, grant) -> bool:
    """An owner or editor of the grant's organisation: a viewer reads the grant, and does
    not accept its agreement, write its reports or ask for amendments."""
    if grant is None:
        return False
    return role_in(user, grant.organisation) in EDITING_ROLES


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


def _current_agreement(grant):
    return grant.agreements.order_by("-version").first() if grant is not None else None


@rules.predicate
def awaits_acceptance(user, grant) -> bool:
    agreement = _current_agreement(grant)
    return agreement is not None and not agreement.is_accepted


@rules.predicate
def awaits_countersignature(user, grant) -> bool:
    agreement = _current_agreement(grant)
    return agreement is not None and agreement.is_accepted and not agreement.is_countersigned


@rules.predicate
def is_active_grant(user, grant) -> bool:
    return grant is not None and grant.state == GrantState.ACTIVE


def _of_grant(predicate):
    """`predicate` on the grant of an object (an agreement, a tranche, a report)."""

    @rules.predicate(name=f"grant_of_{predicate.name}")
    def on_grant(user, obj) -> bool:
        return obj is not None and predicate.test(user, obj.grant)

    return on_grant


may_view_grant = is_grantee | manages_grant

rules.add_perm("awards.edit_agreement_terms", runs_call)
rules.add_perm("awards.issue_agreement", manages_grant & is_open_grant)
rules.add_perm("awards.view_agreement", _of_grant(may_view_grant))
rules.add_perm("awards.accept_agreement", acts_for_grantee & is_open_grant & awaits_acceptance)
rules.add_perm(
    "awards.countersign_agreement", manages_grant & is_open_grant & awaits_countersignature
)
rules.add_perm("awards.plan_tranches", manages_grant & is_open_grant)
rules.add_perm("awards.record_payment", _of_grant(manages_grant & is_active_grant))
rules.add_perm("awards.view_ledger", is_officer | is_administrator)


@rules.predicate
def is_editable_report(user, report) -> bool:
    return report is not None and report.state in EDITABLE_REPORT_STATES


@rules.predicate
def is_submitted_report(user, report) -> bool:
    return report is not None and report.state == ReportState.SUBMITTED


rules.add_perm("awards.view_report", _of_grant(may_view_grant))
rules.add_perm(
    "awards.change_report", _of_grant(acts_for_grantee & is_active_grant) & is_editable_report
)
rules.add_perm("awards.review_report", _of_grant(manages_grant) & is_submitted_report)


@rules.predicate
def is_requested_amendment(user, amendment) -> bool:
    return amendment is not None and amendment.state == AmendmentState.REQUESTED


rules.add_perm("awards.request_amendment", acts_for_grantee & is_active_grant)
rules.add_perm("awards.decide_amendment", _of_grant(manages_grant) & is_requested_amendment)
rules.add_perm("awards.close_grant", manages_grant & is_active_grant)
rules.add_perm("awards.view_report_file", _of_grant(may_view_grant))
