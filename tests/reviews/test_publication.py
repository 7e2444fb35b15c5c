"""Publishing a call's results: once, complete, with final states, events and notifications."""

from decimal import Decimal

import pytest
import time_machine
from django.test import TestCase
from django.utils import translation

from grants.enums import CallState
from grants.models import Call, CallTransition
from portal.models import Notification
from portal.refusals import Refusal
from proposals.enums import EventKind, ProposalState
from proposals.models import Proposal, ProposalEvent
from reviews.enums import DecisionOutcome
from reviews.models import Decision, Publication
from reviews.services.publication import final_state_of, publish_results
from tests.factories import (
    PUBLISHED_AT,
    DecisionFactory,
    EligibleProposalFactory,
    ProposalFactory,
    SubmittedProposalFactory,
)

pytestmark = pytest.mark.django_db


def publish(call, by, **kwargs):
    # The result messages are queued by a task after commit: run those callbacks too.
    with (
        time_machine.travel(PUBLISHED_AT, tick=False),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        return publish_results(call, by=by, **kwargs)


def states(proposals):
    return {key: Proposal.objects.get(pk=p.pk).state for key, p in proposals.items()}


@pytest.mark.parametrize(
    ("state", "outcome", "final"),
    [
        (ProposalState.ELIGIBLE, DecisionOutcome.AWARD, ProposalState.AWARDED),
        (ProposalState.ELIGIBLE, DecisionOutcome.RESERVE, ProposalState.RESERVE),
        (ProposalState.ELIGIBLE, DecisionOutcome.NOT_SELECTED, ProposalState.NOT_SELECTED),
        (ProposalState.ELIGIBLE, None, ProposalState.NOT_SELECTED),
        (ProposalState.INELIGIBLE, DecisionOutcome.AWARD, ProposalState.NOT_SELECTED),
        (ProposalState.INELIGIBLE, None, ProposalState.NOT_SELECTED),
    ],
)
def test_final_state_of_a_screened_proposal(state, outcome, final):
    assert final_state_of(state, outcome) == final


def test_publishing_applies_each_decision_as_the_proposals_final_state(decided, committee_member):
    call, proposals = decided
    publish(call, committee_member)
    assert states(proposals) == {
        "awarded": ProposalState.AWARDED,
        "awarded_2": ProposalState.AWARDED,
        "reserve": ProposalState.RESERVE,
        "not_selected": ProposalState.NOT_SELECTED,
        "ineligible": ProposalState.NOT_SELECTED,
    }


def test_publishing_an_ineligible_proposal_with_a_decision_makes_it_not_selected(
    decided, committee_member
):
    call, proposals = decided
    DecisionFactory(
        proposal=proposals["ineligible"],
        outcome=DecisionOutcome.AWARD,
        decided_by=committee_member,
        amount=50000,
    )
    publication = publish(call, committee_member)
    assert Proposal.objects.get(pk=proposals["ineligible"].pk).state == ProposalState.NOT_SELECTED
    assert publication.total_awarded == Decimal("200000")


def test_publishing_creates_the_publication_with_the_total_and_the_numerals_choice(
    decided, committee_member
):
    call, _ = decided
    publication = publish(call, committee_member, thai_numerals=True)
    assert Publication.objects.filter(call=call).count() == 1
    assert publication.total_awarded == Decimal("200000")
    assert publication.thai_numerals is True
    assert publication.published_by == committee_member
    assert publication.published_at == PUBLISHED_AT


def test_publishing_freezes_every_decision_of_the_call(decided, committee_member):
    call, _ = decided
    assert (
        list(Decision.objects.filter(proposal__call=call).values_list("final", flat=True))
        == [False] * 4
    )
    publish(call, committee_member)
    assert (
        list(Decision.objects.filter(proposal__call=call).values_list("final", flat=True))
        == [True] * 4
    )


def test_publishing_moves_the_call_to_results_published_with_a_log_row(decided, committee_member):
    call, _ = decided
    publish(call, committee_member)
    assert call.state == CallState.RESULTS_PUBLISHED
    assert Call.objects.get(pk=call.pk).state == CallState.RESULTS_PUBLISHED
    log = CallTransition.objects.filter(call=call).values_list("from_state", "to_state", "by")
    assert list(log) == [(CallState.IN_REVIEW, CallState.RESULTS_PUBLISHED, committee_member.pk)]


def test_publishing_logs_a_state_change_and_a_publication_event_per_proposal(
    decided, committee_member
):
    call, proposals = decided
    publish(call, committee_member)
    awarded = proposals["awarded"]
    events = ProposalEvent.objects.filter(proposal=awarded).order_by("pk")
    assert [(e.kind, e.from_state, e.to_state, e.by_id) for e in events] == [
        (EventKind.STATE, ProposalState.ELIGIBLE, ProposalState.AWARDED, committee_member.pk),
        (EventKind.PUBLICATION, "", "", committee_member.pk),
    ]
    assert ProposalEvent.objects.filter(
        proposal__call=call, kind=EventKind.PUBLICATION
    ).count() == len(proposals)


def test_publishing_queues_one_result_per_member_of_each_organisation(decided, committee_member):
    call, proposals = decided
    publish(call, committee_member)
    rows = Notification.objects.filter(kind="result").order_by("dedupe_key")
    expected = sorted(
        f"result:{proposal.pk}:{member.pk}"
        for proposal in proposals.values()
        for member in proposal.organisation.members.all()
    )
    assert [row.dedupe_key for row in rows] == expected
    assert len(expected) == 6  # the first organisation has two members
    assert {row.about for row in rows} == {f"proposal:{p.pk}" for p in proposals.values()}


def test_result_messages_say_awarded_with_the_amount_in_each_members_language(
    decided, committee_member, applicant
):
    call, proposals = decided
    publish(call, committee_member)
    awarded = proposals["awarded"]
    thai = Notification.objects.get(dedupe_key=f"result:{awarded.pk}:{applicant.pk}")
    colleague = awarded.organisation.members.get(email="colleague@example.org")
    english = Notification.objects.get(dedupe_key=f"result:{awarded.pk}:{colleague.pk}")
    assert thai.language == "th"
    assert "100,000 บาท" in thai.body_text
    assert english.language == "en"
    assert "is awarded a grant of THB 100,000" in english.body_text
    assert english.body_text.rstrip().endswith(awarded.get_absolute_url())
    assert english.link == awarded.get_absolute_url()
    assert "“เกษตรกรรมเชิงพื้นที่วิถีชุมชน”" in english.body_text  # plain text, not escaped


def test_result_messages_give_the_reserve_place_or_say_not_selected(decided, committee_member):
    call, proposals = decided
    for key in ("reserve", "not_selected"):
        proposals[key].organisation.members.update(language="en")
    publish(call, committee_member)
    reserve = Notification.objects.get(about=f"proposal:{proposals['reserve'].pk}")
    not_selected = Notification.objects.get(about=f"proposal:{proposals['not_selected'].pk}")
    assert reserve.kind == not_selected.kind == "result"
    assert "is number 1 on the reserve list" in reserve.body_text
    assert "was not selected this time" in not_selected.body_text
    assert not_selected.subject == f"Results of {call.title_en}"


def test_publishing_again_changes_nothing(
    decided, committee_member, django_capture_on_commit_callbacks
):
    call, _ = decided
    first = publish(call, committee_member)
    events = ProposalEvent.objects.count()
    notifications = Notification.objects.count()
    transitions = CallTransition.objects.count()
    with django_capture_on_commit_callbacks() as callbacks:
        second = publish(Call.objects.get(pk=call.pk), committee_member, thai_numerals=True)
    assert second.pk == first.pk
    assert Publication.objects.get(pk=first.pk).thai_numerals is False
    assert ProposalEvent.objects.count() == events
    assert Notification.objects.count() == notifications
    assert CallTransition.objects.count() == transitions
    assert callbacks == []


def test_results_notifications_are_delivered_after_commit(
    decided, committee_member, django_capture_on_commit_callbacks, mailoutbox
):
    call, _ = decided
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        publish(call, committee_member)
    assert len(callbacks) == 1 + 1  # the task that queues the messages, then one batch
    assert len(mailoutbox) == 6


def test_publishing_is_refused_while_eligible_proposals_are_undecided(decided, committee_member):
    call, proposals = decided
    organisation = proposals["reserve"].organisation
    EligibleProposalFactory(call=call, organisation=organisation, title="ยังไม่ได้ตัดสิน ก", sequence=6)
    EligibleProposalFactory(call=call, organisation=organisation, title="ยังไม่ได้ตัดสิน ข", sequence=7)
    with translation.override("en"), pytest.raises(Refusal) as error:
        publish(call, committee_member)
    assert error.value.code == "not_ready"
    assert error.value.messages == [
        "2 eligible proposals have no decision yet: the committee must decide every eligible "
        "proposal before publishing."
    ]
    assert Publication.objects.count() == 0
    assert Call.objects.get(pk=call.pk).state == CallState.IN_REVIEW
    assert states(proposals)["awarded"] == ProposalState.ELIGIBLE
    assert Notification.objects.count() == 0


def test_publishing_is_refused_while_proposals_await_screening(decided, committee_member):
    call, proposals = decided
    SubmittedProposalFactory(
        call=call, organisation=proposals["reserve"].organisation, title="รอตรวจ", sequence=6
    )
    with translation.override("en"), pytest.raises(Refusal) as error:
        publish(call, committee_member)
    assert error.value.messages == ["1 proposal has not been screened yet; screen it first."]
    assert Publication.objects.count() == 0


@pytest.mark.parametrize("state", [CallState.PUBLISHED, CallState.CLOSED])
def test_publishing_is_refused_unless_the_call_is_in_review(decided, committee_member, state):
    call, _ = decided
    Call.objects.filter(pk=call.pk).update(state=state)
    call.refresh_from_db()
    with translation.override("en"), pytest.raises(Refusal) as error:
        publish(call, committee_member)
    assert error.value.messages == ["Results can only be published while the call is in review."]
    assert Publication.objects.count() == 0
    assert Decision.objects.filter(final=True).count() == 0


def test_drafts_and_withdrawn_proposals_are_left_as_they_are(decided, committee_member):
    call, proposals = decided
    organisation = proposals["reserve"].organisation
    draft = ProposalFactory(call=call, organisation=organisation, title="ร่าง", sequence=8)
    withdrawn = ProposalFactory(
        call=call,
        organisation=organisation,
        title="ถอน",
        sequence=9,
        state=ProposalState.WITHDRAWN,
    )
    publish(call, committee_member)
    assert Proposal.objects.get(pk=draft.pk).state == ProposalState.DRAFT
    assert Proposal.objects.get(pk=withdrawn.pk).state == ProposalState.WITHDRAWN
