"""A grant's life: made at publication (one per awarded proposal), its states and their log."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.test import TestCase

from awards.enums import GrantState
from awards.models import Grant, GrantTransition
from awards.services.lifecycle import cancel_grant, grant_period, resume_grant, suspend_grant
from awards.states import GRANTS, transition_grant
from portal.refusals import Refusal
from reviews.services.publication import publish_results
from tests.factories import PUBLISHED_AT

pytestmark = pytest.mark.django_db


def publish(call, by):
    with (
        time_machine.travel(PUBLISHED_AT, tick=False),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        return publish_results(call, by=by)


def test_publishing_makes_one_grant_per_awarded_proposal(decided, committee_member, officer):
    call, proposals = decided
    call.officers.set([officer])
    publish(call, committee_member)
    grants = list(Grant.objects.order_by("number"))
    assert [(g.proposal_id, g.reference, g.amount) for g in grants] == [
        (proposals["awarded"].pk, f"{call.code}-G001", Decimal("100000.00")),
        (proposals["awarded_2"].pk, f"{call.code}-G002", Decimal("100000.00")),
    ]
    assert {g.state for g in grants} == {GrantState.AGREEMENT_PENDING}
    assert {g.officer for g in grants} == {officer}
    assert grants[0].starts_on == date(2017, 5, 1)
    assert grants[0].organisation == proposals["awarded"].organisation
    log = GrantTransition.objects.filter(grant=grants[0]).get()
    assert (log.from_state, log.to_state, log.by) == ("", "agreement_pending", committee_member)


def test_publishing_twice_makes_the_grants_once(decided, committee_member):
    call, _proposals = decided
    publish(call, committee_member)
    publish(call, committee_member)
    assert Grant.objects.count() == 2


def test_the_period_runs_for_the_proposals_duration_or_a_year():
    assert grant_period(date(2026, 6, 1), 6) == (date(2026, 6, 1), date(2026, 11, 30))
    assert grant_period(date(2026, 6, 1), None) == (date(2026, 6, 1), date(2027, 5, 31))


def test_each_state_change_is_logged_with_who_and_why(grant, officer):
    transition_grant(grant, GrantState.ACTIVE, by=officer)
    suspend_grant(grant, by=officer, reason="รายงานล่าช้า")
    resume_grant(grant, by=officer)
    rows = list(grant.transitions.order_by("pk").values_list("from_state", "to_state", "note"))
    assert rows == [
        ("", "agreement_pending", ""),
        ("agreement_pending", "active", ""),
        ("active", "suspended", "รายงานล่าช้า"),
        ("suspended", "active", ""),
    ]
    assert Grant.objects.get(pk=grant.pk).state == GrantState.ACTIVE


def test_suspending_a_grant_whose_agreement_is_pending_is_refused(grant, officer):
    with pytest.raises(Refusal) as refused:
        suspend_grant(grant, by=officer, reason="x")
    assert refused.value.code == "transition"


def test_cancelling_needs_a_reason(grant, officer):
    with pytest.raises(Refusal) as refused:
        cancel_grant(grant, by=officer, reason="  ")
    assert list(refused.value.errors) == ["reason"]
    cancel_grant(grant, by=officer, reason="ผู้รับทุนขอยุติโครงการ")
    assert Grant.objects.get(pk=grant.pk).state == GrantState.CANCELLED


def test_a_change_made_meanwhile_is_refused_not_overwritten(grant, officer):
    stale = Grant.objects.get(pk=grant.pk)
    cancel_grant(grant, by=officer, reason="ยุติ")
    with pytest.raises(Refusal) as refused:
        transition_grant(stale, GrantState.ACTIVE, by=officer)
    assert refused.value.code == "raced"
    assert Grant.objects.get(pk=grant.pk).state == GrantState.CANCELLED


@pytest.mark.parametrize("state", list(GrantState))
def test_closed_and_cancelled_grants_go_nowhere(state):
    final = state in (GrantState.CLOSED, GrantState.CANCELLED)
    assert (GRANTS.allowed[state] == frozenset()) is final
