"""Publishing a call's results: one action, done once, that applies every decision."""

from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from grants.enums import CallState
from grants.models import Call
from grants.services import transition_call
from grants.stages import is_final_stage
from portal.outbox import queue_task_after_commit
from portal.refusals import Refusal
from proposals.enums import EventKind, ProposalState
from proposals.models import Proposal, ProposalEvent
from proposals.states import transition_many

from ..enums import DecisionOutcome
from ..models import Decision, Publication
from ..tasks import queue_result_notifications_task

FINAL_STATE_OF = {
    DecisionOutcome.AWARD: ProposalState.AWARDED,
    DecisionOutcome.RESERVE: ProposalState.RESERVE,
    DecisionOutcome.NOT_SELECTED: ProposalState.NOT_SELECTED,
}
# Proposals that take part in the results: the screened ones. Drafts and withdrawn proposals
# were never received, and stay as they are.
SCREENED_STATES = (ProposalState.ELIGIBLE, ProposalState.INELIGIBLE)
UNSCREENED_STATES = (ProposalState.SUBMITTED, ProposalState.NEEDS_INFO)

# What higher apps do when results are published, inside publish_results' transaction
# (awards: one grant per awarded proposal). Reviews never imports them; they register an
# `action(publication, *, by)` from their AppConfig.ready().
_AFTER_PUBLICATION: list[Callable] = []


def register_after_publication(action: Callable) -> None:
    if action not in _AFTER_PUBLICATION:  # ready() can run more than once (tests, autoreload)
        _AFTER_PUBLICATION.append(action)


def final_state_of(state: str, outcome: str | None) -> str:
    """The state a screened proposal (in `state`, with its decision's `outcome` or None)
    takes when the results are published: an ineligible or undecided one is not selected."""
    if state == ProposalState.INELIGIBLE or outcome is None:
        return ProposalState.NOT_SELECTED
    return FINAL_STATE_OF[outcome]


def _move_to_final_states(call: Call, *, by) -> list[int]:
    """Move each screened proposal of `call` to `final_state_of` it: one bulk move per final
    state (a national call has thousands of proposals). Returns the ids of those moved."""
    moves: dict[str, list[int]] = {state: [] for state in FINAL_STATE_OF.values()}
    screened = Proposal.objects.filter(call=call, state__in=SCREENED_STATES)
    rows = list(screened.values_list("pk", "state", "decision__outcome"))
    for pk, state, outcome in rows:
        moves[final_state_of(state, outcome)].append(pk)
    for final_state, ids in moves.items():
        if ids:
            transition_many(Proposal.objects.filter(pk__in=ids), final_state, by=by)
    return [pk for pk, _state, _outcome in rows]


def publication_problems(call: Call) -> list[str]:
    """Why the results of `call` cannot be published now (empty when they can)."""
    problems = []
    if not is_final_stage(call):
        problems.append(
            _(
                "Results are published at the final stage of the call; this stage ends with "
                "its shortlist."
            )
        )
        return problems
    if call.state != CallState.IN_REVIEW:
        problems.append(_("Results can only be published while the call is in review."))
        return problems
    proposals = Proposal.objects.filter(call=call)
    unscreened = proposals.filter(state__in=UNSCREENED_STATES).count()
    if unscreened:
        problems.append(
            ngettext(
                "%(count)d proposal has not been screened yet; screen it first.",
                "%(count)d proposals have not been screened yet; screen them first.",
                unscreened,
            )
            % {"count": unscreened}
        )
    undecided = proposals.filter(state=ProposalState.ELIGIBLE, decision__isnull=True).count()
    if undecided:
        problems.append(
            ngettext(
                "%(count)d eligible proposal has no decision yet: the committee must decide "
                "every eligible proposal before publishing.",
                "%(count)d eligible proposals have no decision yet: the committee must decide "
                "every eligible proposal before publishing.",
                undecided,
            )
            % {"count": undecided}
        )
    return problems


@transaction.atomic
def publish_results(
    call: Call,
    *,
    by,
    thai_numerals: bool = False,
    signatory_name_th: str = "",
    signatory_position_th: str = "",
    signatory_name_en: str = "",
    signatory_position_en: str = "",
) -> Publication:
    """Publish the results of `call`, once; publishing again returns the same Publication.

    Refused (Refusal, code "not_ready", a message per problem) unless the call is in review,
    every proposal is screened and every eligible proposal has a decision.

    Side effects: the Publication row (total awarded, Thai numerals choice, who signs the
    announcement: name and position, in Thai and in English); every decision
    of the call frozen (final=True); each screened proposal moved to its final state through
    proposals.states.transition (award → awarded, reserve → reserve list, anything else →
    not selected) with a "results published" event; the call moved to "results published";
    one "result" notification per member of each applicant organisation, delivered after
    commit; then each action registered with `register_after_publication` (awards creates
    the grants), in the same transaction.
    """
    # Lock the call: of two committee members pressing "Publish" at once, one publishes.
    locked = Call.objects.select_for_update().get(pk=call.pk)
    existing = Publication.objects.filter(call=locked).first()
    if existing is not None:
        return existing
    problems = publication_problems(locked)
    if problems:
        raise Refusal(*problems, code="not_ready")

    total = Decision.objects.filter(
        proposal__call=call,
        proposal__state=ProposalState.ELIGIBLE,
        outcome=DecisionOutcome.AWARD,
    ).aggregate(total=Sum("amount"))["total"] or Decimal("0")
    publication = Publication.objects.create(
        call=call,
        published_by=by,
        total_awarded=total,
        thai_numerals=thai_numerals,
        signatory_name_th=signatory_name_th,
        signatory_position_th=signatory_position_th,
        signatory_name_en=signatory_name_en,
        signatory_position_en=signatory_position_en,
    )
    Decision.objects.filter(proposal__call=call).update(final=True)
    screened_ids = _move_to_final_states(call, by=by)
    ProposalEvent.objects.bulk_create(
        ProposalEvent(proposal_id=pk, kind=EventKind.PUBLICATION, by=by) for pk in screened_ids
    )
    transition_call(locked, CallState.RESULTS_PUBLISHED, by=by)
    call.state, call.closed_at = locked.state, locked.closed_at
    for action in _AFTER_PUBLICATION:
        action(publication, by=by)
    # The result messages (one per applicant member, thousands in a national call) are
    # written by a task after commit, so the committee gets the page back at once. The
    # Publication row, written here, is the durable promise: beat re-runs the task for any
    # publication whose messages are not all queued yet (reviews.tasks).
    queue_task_after_commit(queue_result_notifications_task, publication.pk)
    return publication
