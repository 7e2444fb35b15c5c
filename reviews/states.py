"""The states of assignments and reviews, and the moves between them.

Every change of an assignment's or a review's state goes through `ASSIGNMENTS.move()` or
`REVIEWS.move()` (portal.states): a move the table does not allow is refused, and the write is
conditional on the state read, so a change made meanwhile by somebody else is reported
instead of overwritten. The caller writes the log row.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from grants.enums import CallState
from grants.models import Call
from portal.refusals import Refusal
from portal.states import StateTable
from proposals.enums import EventKind
from proposals.states import log_event

from .enums import AgendaItemState, AppealState, AssignmentState, MeetingState, ReviewState
from .models import AgendaItem, Appeal, Assignment, Meeting, Review

A = AssignmentState
ASSIGNMENTS = StateTable(
    model=Assignment,
    allowed={
        # Declared without conflict, declared (or found) in conflict, or taken off.
        A.AWAITING_DECLARATION: frozenset({A.ACTIVE, A.CONFLICT, A.REMOVED}),
        A.ACTIVE: frozenset({A.CONFLICT, A.REMOVED}),
        # Assigned again, by hand or by the automatic assignment.
        A.REMOVED: frozenset({A.AWAITING_DECLARATION}),
        # A conflict of interest is for good.
        A.CONFLICT: frozenset(),
    },
    labels=AssignmentState,
    refused=_lazy("An assignment that is “%(from)s” cannot become “%(to)s”."),
    raced=_lazy("This assignment was changed meanwhile; reload the page."),
)

# Assigned and not ended: the proposal is on the reviewer's list and counts towards their cap.
OPEN_ASSIGNMENT_STATES = frozenset({A.AWAITING_DECLARATION, A.ACTIVE})

REVIEWS = StateTable(
    model=Review,
    allowed={
        ReviewState.DRAFT: frozenset({ReviewState.SUBMITTED}),
        ReviewState.SUBMITTED: frozenset(),
    },
    labels=ReviewState,
    refused=_lazy("A review that is “%(from)s” cannot become “%(to)s”."),
    raced=_lazy("This review was changed meanwhile; reload the page."),
)

P = AppealState
APPEALS = StateTable(
    model=Appeal,
    allowed={
        # The officer sends it to the committee; the applicant may withdraw it until decided.
        P.LODGED: frozenset({P.WITH_COMMITTEE, P.WITHDRAWN}),
        P.WITH_COMMITTEE: frozenset({P.UPHELD, P.REJECTED, P.WITHDRAWN}),
        P.UPHELD: frozenset(),
        P.REJECTED: frozenset(),
        P.WITHDRAWN: frozenset(),
    },
    labels=AppealState,
    refused=_lazy("An appeal that is “%(from)s” cannot become “%(to)s”."),
    raced=_lazy("This appeal was changed meanwhile; reload the page."),
)

# The call states in which reviewers are put on proposals.
ASSIGNABLE_CALL_STATES = frozenset({CallState.IN_REVIEW, CallState.CLOSED})


def check_call_assignable(call: Call) -> None:
    """Refuse unless reviewers may be assigned in `call`'s state."""
    if call.state not in ASSIGNABLE_CALL_STATES:
        raise Refusal(
            _(
                "Reviewers are assigned once the call is closed or in review; this call is "
                "“%(state)s”."
            )
            % {"state": call.get_state_display()},
            code="call_state",
        )


def end_assignment(assignment: Assignment, to_state: str, *, by, note: str) -> bool:
    """End an open assignment (REMOVED or CONFLICT) and log it on the proposal.

    False when it had ended already in the state asked for; refused when it had ended
    otherwise, or was changed meanwhile.
    """
    if not ASSIGNMENTS.move(assignment, to_state):
        return False
    kind = EventKind.CONFLICT if to_state == A.CONFLICT else EventKind.ASSIGNMENT
    log_event(assignment.proposal, kind=kind, by=by, note=f"{assignment.reviewer}: {note}")
    return True


# ---------------------------------------------------------------- committee meetings

M = MeetingState
MEETINGS = StateTable(
    model=Meeting,
    allowed={
        M.SCHEDULED: frozenset({M.OPEN}),
        M.OPEN: frozenset({M.CLOSED}),
        M.CLOSED: frozenset(),
    },
    labels=MeetingState,
    refused=_lazy("A meeting that is “%(from)s” cannot become “%(to)s”."),
    raced=_lazy("This meeting was changed meanwhile; reload the page."),
)

IS = AgendaItemState
AGENDA_ITEMS = StateTable(
    model=AgendaItem,
    allowed={
        IS.PENDING: frozenset({IS.OPEN}),
        IS.OPEN: frozenset({IS.RESOLVED}),
        IS.RESOLVED: frozenset(),
    },
    labels=AgendaItemState,
    refused=_lazy("An agenda item that is “%(from)s” cannot become “%(to)s”."),
    raced=_lazy("This agenda item was changed meanwhile; reload the page."),
)
