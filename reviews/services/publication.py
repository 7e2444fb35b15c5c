"""Publishing a call's results: one action, done once, that applies every decision."""

from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from grants.enums import CallState
from grants.models import Call
from grants.services import transition_call
from proposals.enums import EventKind, ProposalState
from proposals.models import Proposal
from proposals.states import log_event, transition

from .. import notifications
from ..enums import DecisionOutcome
from ..models import Decision, Publication

FINAL_STATE_OF = {
    DecisionOutcome.AWARD: ProposalState.AWARDED,
    DecisionOutcome.RESERVE: ProposalState.RESERVE,
    DecisionOutcome.NOT_SELECTED: ProposalState.NOT_SELECTED,
}
# Proposals that take part in the results: the screened ones. Drafts and withdrawn proposals
# were never received, and stay as they are.
SCREENED_STATES = (ProposalState.ELIGIBLE, ProposalState.INELIGIBLE)
UNSCREENED_STATES = (ProposalState.SUBMITTED, ProposalState.NEEDS_INFO)


class PublicationError(Exception):
    """Publishing is not possible now: the call's state, or decisions still missing."""


def final_state_of(proposal: Proposal) -> str:
    """The state a screened proposal takes when the results are published."""
    decision = getattr(proposal, "decision", None)
    if proposal.state == ProposalState.INELIGIBLE or decision is None:
        return ProposalState.NOT_SELECTED
    return FINAL_STATE_OF[decision.outcome]


def publication_problems(call: Call) -> list[str]:
    """Why the results of `call` cannot be published now (empty when they can)."""
    problems = []
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
def publish_results(call: Call, *, by, thai_numerals: bool = False) -> Publication:
    """Publish the results of `call`, once; publishing again returns the same Publication.

    Refused (PublicationError) unless the call is in review, every proposal is screened and
    every eligible proposal has a decision.

    Side effects: the Publication row (total awarded, Thai numerals choice); every decision
    of the call frozen (final=True); each screened proposal moved to its final state through
    proposals.states.transition (award → awarded, reserve → reserve list, anything else →
    not selected) with a "results published" event; the call moved to "results published";
    one "result" notification per member of each applicant organisation, delivered after
    commit.
    """
    # Lock the call: of two committee members pressing "Publish" at once, one publishes.
    locked = Call.objects.select_for_update().get(pk=call.pk)
    existing = Publication.objects.filter(call=locked).first()
    if existing is not None:
        return existing
    problems = publication_problems(locked)
    if problems:
        raise PublicationError(" ".join(problems))

    proposals = list(
        Proposal.objects.filter(call=call, state__in=SCREENED_STATES)
        .select_related("decision")
        .order_by("sequence", "pk")
    )
    total = Decision.objects.filter(
        proposal__call=call,
        proposal__state=ProposalState.ELIGIBLE,
        outcome=DecisionOutcome.AWARD,
    ).aggregate(total=Sum("amount"))["total"] or Decimal("0")
    publication = Publication.objects.create(
        call=call, published_by=by, total_awarded=total, thai_numerals=thai_numerals
    )
    Decision.objects.filter(proposal__call=call).update(final=True)
    for proposal in proposals:
        transition(proposal, final_state_of(proposal), by=by)
        log_event(proposal, kind=EventKind.PUBLICATION, by=by)
    transition_call(locked, CallState.RESULTS_PUBLISHED, by=by)
    call.state, call.closed_at = locked.state, locked.closed_at
    notifications.results_published(locked)
    return publication
