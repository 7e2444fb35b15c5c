"""Assigning a panel reviewer to a proposal by hand, and ending an assignment."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import User
from portal.refusals import Refusal
from proposals.enums import EventKind
from proposals.models import Proposal
from proposals.pool import review_pool
from proposals.states import log_event

from .. import notifications
from ..enums import AssignmentMethod, AssignmentState, ReviewState
from ..models import Assignment, PanelMember
from ..states import (
    ASSIGNMENTS,
    OPEN_ASSIGNMENT_STATES,
    check_call_assignable,
    end_assignment,
)
from .conflicts import conflict_reason
from .panels import cap_of, open_assignments


@transaction.atomic
def assign_reviewer(
    proposal: Proposal, *, reviewer: User, by, method: str = AssignmentMethod.MANUAL
) -> Assignment:
    """Assign a panel reviewer to an eligible proposal.

    Refused when the reviewer is not on the panel, is in conflict, is at their cap, or is
    already assigned. Side effects: the Assignment (a removed one is reopened), an ASSIGNMENT
    log row on the proposal, the reviewer_assigned notification.
    """
    check_call_assignable(proposal.call)
    if not review_pool(proposal.call).filter(pk=proposal.pk).exists():
        raise Refusal(_("Only eligible proposals are reviewed."), field="proposal")
    previous = Assignment.objects.filter(proposal=proposal, reviewer=reviewer).first()
    _check_reviewer_free(proposal, reviewer, previous)
    fields = {"method": method, "assigned_by": by, "assigned_at": timezone.now()}
    if previous:
        ASSIGNMENTS.move(previous, AssignmentState.AWAITING_DECLARATION, declared_at=None, **fields)
        assignment = previous
    else:
        assignment = Assignment.objects.create(
            proposal=proposal,
            reviewer=reviewer,
            state=AssignmentState.AWAITING_DECLARATION,
            **fields,
        )
    log_event(proposal, kind=EventKind.ASSIGNMENT, by=by, note=str(reviewer))
    notifications.reviewer_assigned(assignment)
    return assignment


def _check_reviewer_free(proposal: Proposal, reviewer: User, previous: Assignment | None):
    """Refuse unless `reviewer` is on the panel, free of conflict with `proposal`, not assigned
    to it already (nor ended for a conflict) and under their cap."""
    call = proposal.call
    member = (
        PanelMember.objects.filter(call=call, reviewer=reviewer)
        .select_related("reviewer__reviewer_profile")
        .first()
    )
    if member is None:
        raise Refusal(_("Add the reviewer to the call's panel first."), field="reviewer")
    name = reviewer.get_full_name()
    reason = conflict_reason(proposal, reviewer)
    if reason:
        raise Refusal(
            _("%(name)s is in conflict with this proposal: %(reason)s")
            % {"name": name, "reason": reason},
            field="reviewer",
        )
    if previous and previous.state in OPEN_ASSIGNMENT_STATES:
        raise Refusal(_("%(name)s is already assigned.") % {"name": name}, field="reviewer")
    if previous and previous.state == AssignmentState.CONFLICT:
        raise Refusal(
            _("%(name)s ended this assignment for a conflict of interest.") % {"name": name},
            field="reviewer",
        )
    load = open_assignments(call).filter(reviewer=reviewer).count()
    if load >= cap_of(member):
        raise Refusal(
            _("%(name)s already has %(load)d proposals, their cap in this call.")
            % {"name": name, "load": load},
            field="reviewer",
        )


@transaction.atomic
def unassign_reviewer(assignment: Assignment, *, by) -> Assignment:
    """End an open assignment that has no submitted review.

    Side effects: the assignment becomes REMOVED; an ASSIGNMENT log row says so.
    """
    review = getattr(assignment, "review", None)
    if review is not None and review.state == ReviewState.SUBMITTED:
        raise Refusal(_("The review is submitted: the assignment stays."))
    if assignment.state not in OPEN_ASSIGNMENT_STATES:
        raise Refusal(_("This assignment has already ended."))
    end_assignment(assignment, AssignmentState.REMOVED, by=by, note=_("Assignment removed."))
    return assignment
