"""Automatic conflicts: same tax ID or same organisation name; refreshing ends assignments."""

import pytest

from proposals.enums import EventKind, ProposalState
from proposals.models import ProposalEvent
from reviews.enums import AssignmentMethod, AssignmentState, ConflictSource
from reviews.models import Assignment, Conflict
from reviews.services.conflicts import (
    find_automatic_conflicts,
    normalise_name,
    refresh_conflicts,
)
from tests.factories import (
    CallInReviewFactory,
    EligibleProposalFactory,
    PanelMemberFactory,
    ProposalFactory,
    ReviewerFactory,
    tax_id,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(officer):
    return CallInReviewFactory(officers=[officer], created_by=officer)


def test_same_tax_id_is_a_conflict(call):
    proposal = EligibleProposalFactory(call=call, organisation__tax_id=tax_id(1234))
    expert = ReviewerFactory(profile__organisation_tax_id=tax_id(1234))
    other = ReviewerFactory(profile__organisation_tax_id=tax_id(99))
    PanelMemberFactory(call=call, reviewer=expert)
    PanelMemberFactory(call=call, reviewer=other)
    assert [(p, r) for p, r, _ in find_automatic_conflicts(call)] == [(proposal.pk, expert.pk)]


def test_same_name_ignoring_case_and_spaces_is_a_conflict(call):
    proposal = EligibleProposalFactory(call=call, organisation__name="Mahidol  University")
    expert = ReviewerFactory(profile__organisation_name="  mahidol university ")
    PanelMemberFactory(call=call, reviewer=expert)
    PanelMemberFactory(
        call=call, reviewer=ReviewerFactory(profile__organisation_name="Chiang Mai University")
    )
    assert [(p, r) for p, r, _ in find_automatic_conflicts(call)] == [(proposal.pk, expert.pk)]


def test_empty_tax_ids_and_names_never_match(call):
    EligibleProposalFactory(call=call, organisation__name="มูลนิธิ", organisation__tax_id="")
    PanelMemberFactory(
        call=call,
        reviewer=ReviewerFactory(profile__organisation_name="", profile__organisation_tax_id=""),
    )
    assert find_automatic_conflicts(call) == []


def test_reviewers_not_on_the_panel_are_not_checked(call):
    EligibleProposalFactory(call=call, organisation__tax_id=tax_id(5))
    ReviewerFactory(profile__organisation_tax_id=tax_id(5))
    assert find_automatic_conflicts(call) == []


def test_normalise_name_folds_case_and_collapses_whitespace():
    assert normalise_name(" Foo\t BAR  baz ") == "foo bar baz"
    assert normalise_name("") == ""


def test_refresh_creates_each_conflict_once(call):
    proposal = EligibleProposalFactory(call=call, organisation__tax_id=tax_id(7))
    expert = ReviewerFactory(profile__organisation_tax_id=tax_id(7))
    PanelMemberFactory(call=call, reviewer=expert)
    assert refresh_conflicts(call) == (1, 0)
    assert refresh_conflicts(call) == (0, 0)
    assert list(Conflict.objects.values_list("proposal", "reviewer", "source")) == [
        (proposal.pk, expert.pk, ConflictSource.AUTOMATIC)
    ]


def test_refresh_ends_open_assignments_now_in_conflict_and_logs_it(call, officer):
    proposal = EligibleProposalFactory(call=call, organisation__name="Foundation X")
    expert, fine = ReviewerFactory(profile__organisation_name="foundation x"), ReviewerFactory()
    PanelMemberFactory(call=call, reviewer=expert)
    PanelMemberFactory(call=call, reviewer=fine)
    clash = Assignment.objects.create(
        proposal=proposal, reviewer=expert, method=AssignmentMethod.MANUAL
    )
    kept = Assignment.objects.create(
        proposal=proposal, reviewer=fine, method=AssignmentMethod.MANUAL
    )
    assert refresh_conflicts(call, by=officer) == (1, 1)
    clash.refresh_from_db()
    kept.refresh_from_db()
    assert (clash.state, kept.state) == (
        AssignmentState.CONFLICT,
        AssignmentState.AWAITING_DECLARATION,
    )
    assert list(ProposalEvent.objects.filter(proposal=proposal).values_list("kind", "by")) == [
        (EventKind.CONFLICT, officer.pk)
    ]


def test_withdrawn_drafts_are_not_checked(call):
    ProposalFactory(  # submitted once, then withdrawn and reopened
        call=call, organisation__tax_id=tax_id(8), state=ProposalState.DRAFT, received=True
    )
    PanelMemberFactory(call=call, reviewer=ReviewerFactory(profile__organisation_tax_id=tax_id(8)))
    assert find_automatic_conflicts(call) == []
