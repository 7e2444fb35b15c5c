from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone, translation

from portal.formatting import format_datetime_seconds
from portal.refusals import Refusal
from proposals.completeness import missing_for_submission
from proposals.enums import ProposalState
from proposals.models import Proposal, ProposalEvent, ProposalVersion
from proposals.services.submission import (
    reopen_proposal,
    submit_proposal,
    withdraw_proposal,
)
from tests.factories import CallFactory, OrganisationFactory, fill_proposal

BANGKOK = ZoneInfo("Asia/Bangkok")
DEADLINE = datetime(2026, 3, 31, 23, 59, tzinfo=BANGKOK)


@pytest.fixture
def timed_call(db):
    return CallFactory(code="CCIC2026", opens_at=DEADLINE - timedelta(days=30), deadline=DEADLINE)


@pytest.fixture
def timed_draft(timed_call, organisation, applicant):
    with time_machine.travel(DEADLINE - timedelta(days=1), tick=False):
        proposal = Proposal.objects.create(
            call=timed_call, organisation=organisation, created_by=applicant, title="โครงการ"
        )
    return fill_proposal(proposal)


def submit_at(proposal, when, by):
    with time_machine.travel(when, tick=False):
        return submit_proposal(proposal, by=by)


def test_submit_assigns_reference_version_and_state(timed_draft, applicant):
    proposal = submit_at(timed_draft, DEADLINE - timedelta(hours=1), applicant)
    proposal.refresh_from_db()
    assert (proposal.state, proposal.reference, proposal.sequence) == (
        ProposalState.SUBMITTED,
        "CCIC2026-0001",
        1,
    )
    assert list(proposal.versions.values_list("number", flat=True)) == [1]
    version = proposal.versions.get()
    assert version.data["title"] == "โครงการ"
    assert version.data["sectors"] == ["urban"]
    assert [(e.from_state, e.to_state) for e in proposal.events.all()] == [("draft", "submitted")]


def test_submit_at_the_deadline_is_accepted(timed_draft, applicant):
    submit_at(timed_draft, DEADLINE, applicant)
    timed_draft.refresh_from_db()
    assert timed_draft.state == ProposalState.SUBMITTED


def test_submit_one_second_after_deadline_is_refused(timed_draft, applicant):
    late = DEADLINE + timedelta(seconds=1)
    with pytest.raises(Refusal) as refusal:
        submit_at(timed_draft, late, applicant)
    assert refusal.value.code == "too_late"
    message = str(refusal.value)
    assert format_datetime_seconds(DEADLINE) in message
    assert format_datetime_seconds(late) in message
    timed_draft.refresh_from_db()
    assert (timed_draft.state, timed_draft.reference) == (ProposalState.DRAFT, "")
    assert ProposalVersion.objects.count() == 0


def test_draft_started_before_deadline_can_submit_within_grace(timed_call, timed_draft, applicant):
    timed_call.grace_minutes = 30
    timed_call.save()
    submit_at(timed_draft, DEADLINE + timedelta(minutes=29), applicant)
    timed_draft.refresh_from_db()
    assert timed_draft.state == ProposalState.SUBMITTED


def test_grace_ends(timed_call, timed_draft, applicant):
    timed_call.grace_minutes = 30
    timed_call.save()
    with pytest.raises(Refusal) as refusal:
        submit_at(timed_draft, DEADLINE + timedelta(minutes=31), applicant)
    assert refusal.value.code == "too_late"


def test_extension_allows_a_later_submission(timed_draft, applicant):
    timed_draft.extension_until = DEADLINE + timedelta(days=2)
    timed_draft.save()
    submit_at(timed_draft, DEADLINE + timedelta(days=1), applicant)
    timed_draft.refresh_from_db()
    assert timed_draft.state == ProposalState.SUBMITTED


def test_incomplete_proposal_is_refused_with_what_is_missing(draft, applicant):
    with pytest.raises(Refusal) as refusal:
        submit_proposal(draft, by=applicant)
    assert refusal.value.code == "incomplete"
    assert refusal.value.messages == missing_for_submission(draft)
    assert refusal.value.messages
    draft.refresh_from_db()
    assert draft.state == ProposalState.DRAFT


def test_double_submit_makes_one_version_and_one_reference(complete_draft, applicant):
    submit_proposal(complete_draft, by=applicant)
    submit_proposal(complete_draft, by=applicant)
    complete_draft.refresh_from_db()
    assert ProposalVersion.objects.filter(proposal=complete_draft).count() == 1
    assert complete_draft.reference.endswith("-0001")
    assert ProposalEvent.objects.filter(to_state=ProposalState.SUBMITTED).count() == 1


def test_references_increment_per_call(open_call, complete_draft, applicant, other_applicant):
    other = fill_proposal(
        Proposal.objects.create(
            call=open_call,
            organisation=OrganisationFactory(members=[other_applicant], name="B"),
            title="B",
        )
    )
    second_call = CallFactory(code="OTHER1")
    third = fill_proposal(
        Proposal.objects.create(
            call=second_call, organisation=complete_draft.organisation, title="C"
        )
    )
    for proposal in (complete_draft, other, third):
        submit_proposal(proposal, by=applicant)
        proposal.refresh_from_db()
    assert [complete_draft.reference, other.reference, third.reference] == [
        f"{open_call.code}-0001",
        f"{open_call.code}-0002",
        "OTHER1-0001",
    ]


def test_withdraw_and_reopen_keep_the_reference(complete_draft, applicant):
    submit_proposal(complete_draft, by=applicant)
    withdraw_proposal(complete_draft, by=applicant)
    complete_draft.refresh_from_db()
    assert complete_draft.state == ProposalState.WITHDRAWN
    reopen_proposal(complete_draft, by=applicant)
    submit_proposal(complete_draft, by=applicant)
    complete_draft.refresh_from_db()
    assert (complete_draft.state, complete_draft.reference) == (
        ProposalState.SUBMITTED,
        f"{complete_draft.call.code}-0001",
    )
    assert list(complete_draft.versions.values_list("number", flat=True)) == [1, 2]


def test_reopen_after_deadline_is_refused(timed_draft, applicant):
    submit_at(timed_draft, DEADLINE - timedelta(hours=1), applicant)
    with (
        time_machine.travel(DEADLINE + timedelta(minutes=1), tick=False),
        translation.override("en"),
    ):
        with pytest.raises(Refusal, match="can no longer be reopened"):
            reopen_proposal(timed_draft, by=applicant)
        with pytest.raises(Refusal, match="can no longer be withdrawn"):
            withdraw_proposal(timed_draft, by=applicant)


def test_needs_info_can_be_resubmitted_until_info_due(timed_draft, applicant):
    submit_at(timed_draft, DEADLINE - timedelta(hours=1), applicant)
    Proposal.objects.filter(pk=timed_draft.pk).update(
        state=ProposalState.NEEDS_INFO, info_due=DEADLINE + timedelta(days=7)
    )
    timed_draft.refresh_from_db()
    submit_at(timed_draft, DEADLINE + timedelta(days=6), applicant)
    timed_draft.refresh_from_db()
    assert (timed_draft.state, timed_draft.reference) == (
        ProposalState.SUBMITTED,
        "CCIC2026-0001",
    )


def test_notification_hooks_are_called(complete_draft, applicant):
    with (
        mock.patch("proposals.notifications.proposal_submitted") as submitted,
        mock.patch("proposals.notifications.proposal_withdrawn") as withdrawn,
    ):
        submit_proposal(complete_draft, by=applicant)
        submit_proposal(complete_draft, by=applicant)
        withdraw_proposal(complete_draft, by=applicant)
    assert submitted.call_count == 1
    assert withdrawn.call_count == 1


def test_submitted_at_is_the_submission_time(complete_draft, applicant):
    when = timezone.now().replace(microsecond=0)
    submit_at(complete_draft, when, applicant)
    complete_draft.refresh_from_db()
    assert complete_draft.submitted_at == when
