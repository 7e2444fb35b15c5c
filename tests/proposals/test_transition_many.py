"""Moving many proposals at once follows the same table as one at a time."""

import pytest

from portal.refusals import Refusal
from proposals.enums import EventKind, ProposalState
from proposals.models import Proposal, ProposalEvent
from proposals.states import transition_many

pytestmark = pytest.mark.django_db


def test_allowed_moves_are_written_with_one_log_row_each(submitted, officer):
    Proposal.objects.filter(pk=submitted.pk).update(state=ProposalState.ELIGIBLE)

    moved = transition_many(Proposal.objects.filter(pk=submitted.pk), "awarded", by=officer)

    assert moved == 1
    assert Proposal.objects.get(pk=submitted.pk).state == ProposalState.AWARDED
    event = ProposalEvent.objects.filter(proposal=submitted).order_by("-id").first()
    assert (event.kind, event.from_state, event.to_state, event.by) == (
        EventKind.STATE,
        ProposalState.ELIGIBLE,
        ProposalState.AWARDED,
        officer,
    )


def test_a_move_the_table_refuses_moves_nothing(submitted, officer):
    # A submitted proposal may not be awarded before screening.
    with pytest.raises(Refusal) as refusal:
        transition_many(Proposal.objects.all(), ProposalState.AWARDED, by=officer)
    assert refusal.value.code == "transition"
    assert list(Proposal.objects.values_list("state", flat=True)) == [ProposalState.SUBMITTED]


def test_proposals_already_in_the_state_are_left_alone(submitted, officer):
    assert transition_many(Proposal.objects.all(), ProposalState.SUBMITTED, by=officer) == 0
