"""The states of a grant and the moves between them (one table, see portal.states).

    agreement pending → active ⇄ suspended → closed; any open grant may be cancelled.

Every change goes through `transition_grant()`, which moves with a conditional write and
logs the move (who, when, why) in the same transaction.
"""

from django.utils.translation import gettext_lazy as _

from portal.states import StateTable

from .enums import GrantState, ReportState
from .models import Grant, GrantTransition, Report

S = GrantState
GRANTS = StateTable(
    model=Grant,
    allowed={
        # The officer countersigns the accepted agreement: the grant starts.
        S.AGREEMENT_PENDING: frozenset({S.ACTIVE, S.CANCELLED}),
        S.ACTIVE: frozenset({S.SUSPENDED, S.CLOSED, S.CANCELLED}),
        S.SUSPENDED: frozenset({S.ACTIVE, S.CANCELLED}),
        S.CLOSED: frozenset(),
        S.CANCELLED: frozenset(),
    },
    labels=GrantState,
    refused=_("A grant that is “%(from)s” cannot become “%(to)s”."),
    raced=_("This grant was changed meanwhile by somebody else; reload the page."),
)

# Grants that still run: reports, tranches and amendments belong to them.
OPEN_STATES = frozenset({S.AGREEMENT_PENDING, S.ACTIVE, S.SUSPENDED})


def transition_grant(grant: Grant, to_state: str, *, by, note: str = "", **fields) -> bool:
    """Move `grant` to `to_state` (also writing `fields`) and log it; False when it is there
    already. Refused (Refusal) when the table does not allow it or somebody was faster."""
    from_state = grant.state
    if not GRANTS.move(grant, to_state, **fields):
        return False
    GrantTransition.objects.create(
        grant=grant, from_state=from_state, to_state=to_state, by=by, note=note
    )
    return True


R = ReportState
REPORTS = StateTable(
    model=Report,
    allowed={
        R.DRAFT: frozenset({R.SUBMITTED}),
        R.SUBMITTED: frozenset({R.APPROVED, R.CHANGES_REQUESTED}),
        R.CHANGES_REQUESTED: frozenset({R.SUBMITTED}),
        R.APPROVED: frozenset(),
    },
    labels=ReportState,
    refused=_("A report that is “%(from)s” cannot become “%(to)s”."),
    raced=_("This report was changed meanwhile by somebody else; reload the page."),
)

# The grantee writes the report in these states.
EDITABLE_REPORT_STATES = frozenset({R.DRAFT, R.CHANGES_REQUESTED})
