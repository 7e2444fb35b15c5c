"""A proposal's states and the moves between them: the table and the one transition()."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from portal.refusals import Refusal
from portal.states import StateTable

from .enums import EventKind, ProposalState
from .models import Proposal, ProposalEvent

S = ProposalState
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.SUBMITTED: frozenset({S.DRAFT, S.WITHDRAWN, S.ELIGIBLE, S.INELIGIBLE, S.NEEDS_INFO}),
    S.WITHDRAWN: frozenset({S.DRAFT}),
    S.NEEDS_INFO: frozenset({S.SUBMITTED}),
    S.ELIGIBLE: frozenset({S.INELIGIBLE, S.NEEDS_INFO, S.AWARDED, S.RESERVE, S.NOT_SELECTED}),
    S.INELIGIBLE: frozenset({S.ELIGIBLE, S.NEEDS_INFO, S.NOT_SELECTED}),
    # After publication a result changes only by an upheld appeal, published as an amendment
    # to the results (reviews.services.appeals): not selected or reserve → awarded, not
    # selected → reserve. An award is never taken back this way.
    S.AWARDED: frozenset(),
    S.RESERVE: frozenset({S.AWARDED}),
    S.NOT_SELECTED: frozenset({S.AWARDED, S.RESERVE}),
}

# Decided by the committee and published: only an upheld appeal changes these (see above).
FINAL_STATES = frozenset({S.AWARDED, S.RESERVE, S.NOT_SELECTED})

# States in which the applicant may change the proposal's content.
EDITABLE_STATES = frozenset({S.DRAFT, S.NEEDS_INFO})
# States from which the applicant may withdraw, or bring the proposal back to draft (both
# until the cutoff), and those an officer may screen (again).
WITHDRAWABLE_STATES = frozenset({S.DRAFT, S.SUBMITTED})
REOPENABLE_STATES = frozenset({S.SUBMITTED, S.WITHDRAWN})
SCREENABLE_STATES = frozenset({S.SUBMITTED, S.ELIGIBLE, S.INELIGIBLE})
# States that count as "arrived": the officer's list and screening see them.
RECEIVED_STATES = frozenset(
    {S.SUBMITTED, S.NEEDS_INFO, S.ELIGIBLE, S.INELIGIBLE, S.AWARDED, S.RESERVE, S.NOT_SELECTED}
)


STATES = StateTable(
    model=Proposal,
    allowed=ALLOWED_TRANSITIONS,
    labels=ProposalState,
    refused=_lazy("A proposal that is “%(from)s” cannot become “%(to)s”."),
    raced=_lazy("This proposal was changed meanwhile by somebody else; reload the page."),
)


def log_event(proposal: Proposal, *, kind: str, by, note: str = "", from_state="", to_state=""):
    return ProposalEvent.objects.create(
        proposal=proposal, kind=kind, by=by, note=note, from_state=from_state, to_state=to_state
    )


@transaction.atomic
def transition(proposal: Proposal, to_state: str, *, by, note: str = "", **fields) -> Proposal:
    """Move `proposal` to `to_state`, also writing `fields`; log it. Refuses other moves.

    Nothing happens when the state is already `to_state`. The write is conditional on the
    state read earlier: when somebody else changed it meanwhile, nothing is overwritten and
    a Refusal (code "raced") says so; a move the table does not allow is refused with code
    "transition".
    """
    from_state = proposal.state
    fields.setdefault("updated_at", timezone.now())
    if STATES.move(proposal, to_state, **fields):
        log_event(
            proposal,
            kind=EventKind.STATE,
            by=by,
            note=note,
            from_state=from_state,
            to_state=to_state,
        )
    return proposal


@transaction.atomic
def transition_many(proposals, to_state: str, *, by, note: str = "", chunk: int = 1000) -> int:
    """The rule of `transition`, applied to many proposals at once (bulk writes).

    Each proposal moves from its current state to `to_state` only if the table allows it;
    otherwise a Refusal and nothing moves. Writes are conditional on the state read, so a
    proposal changed meanwhile is reported (code "raced") instead of overwritten. One log
    row each. Returns how many moved.
    """
    moved = 0
    now = timezone.now()
    by_state: dict[str, list[int]] = {}
    for pk, state in proposals.values_list("pk", "state"):
        if state != to_state:
            by_state.setdefault(state, []).append(pk)
    STATES.check_many(by_state, to_state)
    for from_state, ids in by_state.items():
        for start in range(0, len(ids), chunk):
            part = ids[start : start + chunk]
            updated = Proposal.objects.filter(pk__in=part, state=from_state).update(
                state=to_state, updated_at=now
            )
            if updated != len(part):
                raise Refusal(
                    _("Some proposals were changed meanwhile by somebody else; try again."),
                    code="raced",
                )
            ProposalEvent.objects.bulk_create(
                ProposalEvent(
                    proposal_id=pk,
                    kind=EventKind.STATE,
                    by=by,
                    at=now,
                    note=note,
                    from_state=from_state,
                    to_state=to_state,
                )
                for pk in part
            )
            moved += updated
    return moved
