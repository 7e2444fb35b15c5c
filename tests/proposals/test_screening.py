"""Screening, requests for information and extensions (proposals.services.screening)."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from portal.refusals import Refusal
from proposals import notifications
from proposals.enums import EventKind, ProposalState
from proposals.models import Proposal, ProposalEvent
from proposals.pool import review_pool
from proposals.services import screening
from tests.factories import EligibleProposalFactory, ProposalFactory, SubmittedProposalFactory

S = ProposalState


def test_screen_eligible_writes_fields_and_log(submitted, officer):
    screening.screen_proposal(submitted, eligible=True, reason="", by=officer)

    submitted.refresh_from_db()
    assert submitted.state == S.ELIGIBLE
    assert submitted.screened_by == officer
    assert submitted.screened_at is not None
    event = ProposalEvent.objects.filter(proposal=submitted).first()
    assert (event.from_state, event.to_state, event.by) == (S.SUBMITTED, S.ELIGIBLE, officer)
    assert list(review_pool(submitted.call)) == [submitted]


def test_ineligible_requires_a_reason(submitted, officer):
    with pytest.raises(Refusal) as refusal:
        screening.screen_proposal(submitted, eligible=False, reason="  ", by=officer)
    assert (refusal.value.code, list(refusal.value.errors)) == ("reason_required", ["reason"])
    submitted.refresh_from_db()
    assert submitted.state == S.SUBMITTED


def test_ineligible_leaves_the_review_pool(submitted, officer):
    screening.screen_proposal(submitted, eligible=True, by=officer)
    screening.screen_proposal(submitted, eligible=False, reason="งบเกินเพดาน", by=officer)

    submitted.refresh_from_db()
    assert submitted.state == S.INELIGIBLE
    assert submitted.screening_reason == "งบเกินเพดาน"
    assert list(review_pool(submitted.call)) == []


def test_a_draft_cannot_be_screened(draft, officer):
    assert draft.state == S.DRAFT
    with pytest.raises(Refusal) as refusal:
        screening.screen_proposal(draft, eligible=True, by=officer)
    assert refusal.value.code == "transition"


def test_bulk_screening_skips_what_cannot_be_screened(submitted, officer):
    same = {"call": submitted.call, "organisation": submitted.organisation}
    draft = ProposalFactory(**same, received=True, submitted_at=None)  # reopened
    second = SubmittedProposalFactory(**same)
    waiting = ProposalFactory(**same, state=S.NEEDS_INFO)
    already = EligibleProposalFactory(**same)

    result = screening.screen_proposals(
        [submitted, second, waiting, already, draft], eligible=True, by=officer
    )

    assert result.done == [submitted, second]
    assert [p for p, _reason in result.skipped] == [waiting, already, draft]
    assert all(reason for _p, reason in result.skipped)
    states = dict(Proposal.objects.values_list("pk", "state"))
    assert states == {
        submitted.pk: S.ELIGIBLE,
        second.pk: S.ELIGIBLE,
        waiting.pk: S.NEEDS_INFO,
        already.pk: S.ELIGIBLE,
        draft.pk: S.DRAFT,
    }


def test_bulk_ineligible_requires_a_reason(submitted, officer):
    with pytest.raises(Refusal) as refusal:
        screening.screen_proposals([submitted], eligible=False, reason="", by=officer)
    assert (refusal.value.code, list(refusal.value.errors)) == ("reason_required", ["reason"])
    submitted.refresh_from_db()
    assert submitted.state == S.SUBMITTED


def test_request_information_then_overdue_returns_to_submitted(submitted, officer, monkeypatch):
    told = []
    monkeypatch.setattr(notifications, "information_requested", told.append)
    start = timezone.now()
    due = start + timedelta(days=3)
    with time_machine.travel(start, tick=False):
        screening.request_information(submitted, message="ขอใบเสนอราคา", due=due, by=officer)
        assert told == [submitted]
        submitted.refresh_from_db()
        assert (submitted.state, submitted.info_request, submitted.info_due) == (
            S.NEEDS_INFO,
            "ขอใบเสนอราคา",
            due,
        )
        assert screening.return_overdue_information_requests() == 0

    with time_machine.travel(due + timedelta(minutes=1), tick=False):
        assert screening.return_overdue_information_requests() == 1

    submitted.refresh_from_db()
    assert submitted.state == S.SUBMITTED
    event = ProposalEvent.objects.filter(proposal=submitted).first()
    assert (event.from_state, event.to_state, event.by) == (S.NEEDS_INFO, S.SUBMITTED, None)
    assert event.note


def test_request_information_due_must_be_in_the_future(submitted, officer):
    with pytest.raises(Refusal) as refusal:
        screening.request_information(
            submitted, message="ขอเอกสาร", due=timezone.now() - timedelta(hours=1), by=officer
        )
    assert (refusal.value.code, list(refusal.value.errors)) == ("due_in_past", ["due"])
    submitted.refresh_from_db()
    assert submitted.state == S.SUBMITTED


def test_extension_is_logged_and_announced(submitted, officer, monkeypatch):
    told = []
    monkeypatch.setattr(notifications, "extension_granted", told.append)
    until = submitted.call.deadline + timedelta(days=2)
    screening.grant_extension(submitted, until=until, reason="น้ำท่วมสำนักงาน", by=officer)

    submitted.refresh_from_db()
    assert (submitted.extension_until, submitted.extension_reason) == (until, "น้ำท่วมสำนักงาน")
    event = ProposalEvent.objects.filter(proposal=submitted, kind=EventKind.EXTENSION).get()
    assert (event.by, event.note) == (officer, "น้ำท่วมสำนักงาน")
    assert told == [submitted]


@pytest.mark.parametrize(
    ("offset", "reason", "field"),
    [
        (timedelta(days=-1), "เหตุผล", "until"),  # before the deadline
        (timedelta(days=2), "", "reason"),
    ],
)
def test_extension_validation(submitted, officer, offset, reason, field):
    with pytest.raises(Refusal) as refusal:
        screening.grant_extension(
            submitted, until=submitted.call.deadline + offset, reason=reason, by=officer
        )
    assert list(refusal.value.errors) == [field]
    assert not ProposalEvent.objects.filter(kind=EventKind.EXTENSION).exists()


def test_extension_must_end_in_the_future(submitted, officer):
    call = submitted.call
    with (
        time_machine.travel(call.deadline + timedelta(days=5), tick=False),
        pytest.raises(Refusal) as refusal,
    ):
        screening.grant_extension(
            submitted, until=call.deadline + timedelta(days=1), reason="x", by=officer
        )
    assert list(refusal.value.errors) == ["until"]
