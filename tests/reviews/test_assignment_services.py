"""Services of reviewer profiles, panels and assignments (by hand and automatic)."""

import pytest
from django.utils import translation

from grants.enums import CallState
from grants.models import Sector
from portal.models import Notification
from portal.refusals import Refusal
from proposals.enums import EventKind, ProposalState
from proposals.models import ProposalEvent
from reviews.assignment_solver import Shortfall
from reviews.enums import AssignmentMethod, AssignmentState, ConflictSource, ReviewState
from reviews.models import Assignment, Conflict, PanelMember, Review
from reviews.services.assignment import assign_reviewer, unassign_reviewer
from reviews.services.automatic import apply_assignment_plan, plan_automatic_assignment
from reviews.services.panels import add_panel_member, remove_panel_member, save_reviewer_profile
from tests.factories import (
    CallInReviewFactory,
    EligibleProposalFactory,
    PanelMemberFactory,
    ProposalFactory,
    ReviewerFactory,
    Role,
    tax_id,
    user_with,
)


@pytest.fixture(autouse=True)
def _messages_in_english():
    """These tests read the refusal messages by their English wording."""
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db


@pytest.fixture
def call(officer):
    return CallInReviewFactory(officers=[officer], created_by=officer, reviewers_per_proposal=2)


def pairs(call):
    return sorted(
        Assignment.objects.filter(proposal__call=call).values_list(
            "proposal_id", "reviewer_id", "state", "method"
        )
    )


# ---------------------------------------------------------------- profile and panel


def test_save_reviewer_profile_creates_then_updates(reviewer):
    profile = save_reviewer_profile(
        user=reviewer,
        fields={"organisation_name": "มหาวิทยาลัย", "organisation_tax_id": tax_id(3)},
        expertise=Sector.objects.filter(code__in=["urban", "health"]),
    )
    again = save_reviewer_profile(
        user=reviewer, fields={"max_per_call": 5}, expertise=Sector.objects.none()
    )
    assert again.pk == profile.pk
    again.refresh_from_db()
    assert (again.organisation_name, again.max_per_call, list(again.expertise.all())) == (
        "มหาวิทยาลัย",
        5,
        [],
    )


def test_only_reviewers_have_a_profile(applicant):
    with pytest.raises(Refusal, match="Only reviewers have a reviewer profile"):
        save_reviewer_profile(user=applicant, fields={}, expertise=[])


def test_add_panel_member_refuses_non_reviewers_and_updates_the_cap(call, officer, applicant):
    expert = ReviewerFactory()
    with pytest.raises(Refusal, match="Only active reviewers") as refusal:
        add_panel_member(call, reviewer=applicant, by=officer)
    assert list(refusal.value.errors) == ["reviewer"]
    add_panel_member(call, reviewer=expert, by=officer)
    add_panel_member(call, reviewer=expert, by=officer, max_proposals=4)
    assert list(PanelMember.objects.values_list("reviewer", "max_proposals", "added_by")) == [
        (expert.pk, 4, officer.pk)
    ]


def test_removing_a_member_ends_their_open_assignments(call, officer):
    expert = PanelMemberFactory(call=call).reviewer
    assignment = assign_reviewer(EligibleProposalFactory(call=call), reviewer=expert, by=officer)
    member = PanelMember.objects.get()
    assert remove_panel_member(member, by=officer) == 1
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.REMOVED
    assert PanelMember.objects.count() == 0


def test_removing_a_member_with_a_submitted_review_is_refused(call, officer):
    expert = PanelMemberFactory(call=call).reviewer
    assignment = assign_reviewer(EligibleProposalFactory(call=call), reviewer=expert, by=officer)
    Review.objects.create(assignment=assignment, state=ReviewState.SUBMITTED)
    with pytest.raises(Refusal, match="submitted reviews"):
        remove_panel_member(PanelMember.objects.get(), by=officer)
    assert PanelMember.objects.count() == 1


# ---------------------------------------------------------------- by hand


def test_assign_reviewer_writes_the_row_the_log_and_the_notification(call, officer):
    expert = PanelMemberFactory(call=call).reviewer
    proposal = EligibleProposalFactory(call=call)
    assignment = assign_reviewer(proposal, reviewer=expert, by=officer)
    assert pairs(call) == [
        (proposal.pk, expert.pk, AssignmentState.AWAITING_DECLARATION, AssignmentMethod.MANUAL)
    ]
    assert list(ProposalEvent.objects.values_list("kind", "by")) == [
        (EventKind.ASSIGNMENT, officer.pk)
    ]
    assert list(Notification.objects.values_list("kind", "recipient", "dedupe_key")) == [
        ("reviewer_assigned", expert.pk, f"assigned:{assignment.pk}")
    ]


def test_the_notification_hides_the_applicant_in_blind_review(officer):
    call = CallInReviewFactory(officers=[officer], created_by=officer, blind_review=True)
    expert = PanelMemberFactory(call=call).reviewer
    proposal = EligibleProposalFactory(call=call, organisation__name="มูลนิธิลับเฉพาะ")
    assign_reviewer(proposal, reviewer=expert, by=officer)
    body = Notification.objects.get().body_text
    assert "มูลนิธิลับเฉพาะ" not in body
    assert proposal.reference in body


def test_the_notification_names_the_applicant_when_the_review_is_open(call, officer):
    expert = PanelMemberFactory(call=call).reviewer
    assign_reviewer(
        EligibleProposalFactory(call=call, organisation__name="มูลนิธิเปิดเผย"),
        reviewer=expert,
        by=officer,
    )
    assert "มูลนิธิเปิดเผย" in Notification.objects.get().body_text


def test_assigning_a_reviewer_in_conflict_is_refused_with_the_reason(call, officer):
    expert = ReviewerFactory(profile__organisation_tax_id=tax_id(42))
    PanelMemberFactory(call=call, reviewer=expert)
    proposal = EligibleProposalFactory(call=call, organisation__tax_id=tax_id(42))
    with pytest.raises(Refusal, match="conflict"):
        assign_reviewer(proposal, reviewer=expert, by=officer)
    declared = PanelMemberFactory(call=call).reviewer
    Conflict.objects.create(
        proposal=proposal, reviewer=declared, source=ConflictSource.DECLARED, reason="ญาติ"
    )
    with pytest.raises(Refusal, match="ญาติ"):
        assign_reviewer(proposal, reviewer=declared, by=officer)
    assert pairs(call) == []


def test_assigning_above_the_cap_is_refused(call, officer):
    expert = ReviewerFactory(profile__max_per_call=1)
    PanelMemberFactory(call=call, reviewer=expert)
    assign_reviewer(EligibleProposalFactory(call=call), reviewer=expert, by=officer)
    with pytest.raises(Refusal, match="cap") as refusal:
        assign_reviewer(EligibleProposalFactory(call=call), reviewer=expert, by=officer)
    assert list(refusal.value.errors) == ["reviewer"]
    assert len(pairs(call)) == 1


def test_the_panel_cap_overrides_the_profile(call, officer):
    expert = ReviewerFactory(profile__max_per_call=1)
    PanelMemberFactory(call=call, max_proposals=2, reviewer=expert)
    assign_reviewer(EligibleProposalFactory(call=call), reviewer=expert, by=officer)
    assign_reviewer(EligibleProposalFactory(call=call), reviewer=expert, by=officer)
    assert len(pairs(call)) == 2


@pytest.mark.parametrize(
    ("case", "message", "field"),
    [
        ("not_on_panel", "panel", "reviewer"),
        ("not_eligible", "eligible", "proposal"),
        ("twice", "already assigned", "reviewer"),
        ("call_open", "closed or in review", None),
    ],
)
def test_assignment_refusals(call, officer, case, message, field):
    expert = ReviewerFactory()
    if case != "not_on_panel":
        PanelMemberFactory(call=call, reviewer=expert)
    state = ProposalState.SUBMITTED if case == "not_eligible" else ProposalState.ELIGIBLE
    proposal = ProposalFactory(call=call, state=state)
    if case == "twice":
        assign_reviewer(proposal, reviewer=expert, by=officer)
    if case == "call_open":
        call.state = CallState.PUBLISHED
        call.save()
    with pytest.raises(Refusal, match=message) as refusal:
        assign_reviewer(proposal, reviewer=expert, by=officer)
    assert list(refusal.value.errors) == [field]


def test_unassign_then_assign_again_reopens_the_same_row(call, officer):
    expert = PanelMemberFactory(call=call).reviewer
    proposal = EligibleProposalFactory(call=call)
    first = assign_reviewer(proposal, reviewer=expert, by=officer)
    unassign_reviewer(first, by=officer)
    assert pairs(call)[0][2] == AssignmentState.REMOVED
    again = assign_reviewer(proposal, reviewer=expert, by=officer)
    assert again.pk == first.pk
    assert pairs(call)[0][2] == AssignmentState.AWAITING_DECLARATION


def test_an_assignment_with_a_submitted_review_cannot_be_removed(call, officer):
    expert = PanelMemberFactory(call=call).reviewer
    assignment = assign_reviewer(EligibleProposalFactory(call=call), reviewer=expert, by=officer)
    Review.objects.create(assignment=assignment, state=ReviewState.SUBMITTED)
    with pytest.raises(Refusal, match="submitted"):
        unassign_reviewer(assignment, by=officer)
    assert pairs(call)[0][2] == AssignmentState.AWAITING_DECLARATION


def test_an_ended_assignment_cannot_be_removed_again(call, officer):
    expert = PanelMemberFactory(call=call).reviewer
    assignment = assign_reviewer(EligibleProposalFactory(call=call), reviewer=expert, by=officer)
    unassign_reviewer(assignment, by=officer)
    with pytest.raises(Refusal, match="already ended"):
        unassign_reviewer(assignment, by=officer)
    assert ProposalEvent.objects.filter(kind=EventKind.ASSIGNMENT).count() == 2


def test_removing_an_assignment_changed_meanwhile_is_refused_and_overwrites_nothing(call, officer):
    expert = PanelMemberFactory(call=call).reviewer
    assignment = assign_reviewer(EligibleProposalFactory(call=call), reviewer=expert, by=officer)
    Assignment.objects.filter(pk=assignment.pk).update(state=AssignmentState.CONFLICT)
    with pytest.raises(Refusal, match="changed meanwhile") as refusal:
        unassign_reviewer(assignment, by=officer)
    assert refusal.value.code == "raced"
    assert pairs(call)[0][2] == AssignmentState.CONFLICT


# ---------------------------------------------------------------- automatic


def test_plan_writes_nothing_and_apply_writes_exactly_the_plan(call, officer):
    experts = [ReviewerFactory(profile__expertise=["urban"]) for _ in range(3)]
    for expert in experts:
        PanelMemberFactory(call=call, reviewer=expert)
    proposals = [EligibleProposalFactory(call=call) for _ in range(3)]
    plan = plan_automatic_assignment(call)
    assert Assignment.objects.count() == 0
    assert plan.new_count == 6
    written = apply_assignment_plan(call, plan, by=officer)
    assert sorted((a.proposal_id, a.reviewer_id) for a in written) == sorted(
        (p, r) for p, r, _ in plan.solution.pairs
    )
    assert {row[3] for row in pairs(call)} == {AssignmentMethod.AUTOMATIC}
    assert sorted(plan.solution.loads.values()) == [2, 2, 2]
    assert ProposalEvent.objects.filter(kind=EventKind.ASSIGNMENT).count() == 6
    assert Notification.objects.filter(kind="reviewer_assigned").count() == 6
    assert {p.pk for p in proposals} == {row[0] for row in pairs(call)}


def test_a_rerun_keeps_valid_assignments_and_adds_only_what_is_missing(call, officer):
    experts = [ReviewerFactory() for _ in range(3)]
    for expert in experts:
        PanelMemberFactory(call=call, reviewer=expert)
    proposal = EligibleProposalFactory(call=call)
    kept = assign_reviewer(proposal, reviewer=experts[2], by=officer)
    apply_assignment_plan(call, plan_automatic_assignment(call), by=officer)
    rows = pairs(call)
    assert len(rows) == 2
    assert (proposal.pk, experts[2].pk, AssignmentState.AWAITING_DECLARATION, "manual") in rows
    assert Assignment.objects.get(pk=kept.pk).method == AssignmentMethod.MANUAL
    again = plan_automatic_assignment(call)
    assert (again.new_count, again.solution.existing, again.solution.uncovered) == (0, 2, [])


def test_apply_reopens_a_removed_assignment_as_automatic(call, officer):
    experts = [ReviewerFactory(), ReviewerFactory()]  # the call wants two per proposal
    for expert in experts:
        PanelMemberFactory(call=call, reviewer=expert)
    proposal = EligibleProposalFactory(call=call)
    removed = assign_reviewer(proposal, reviewer=experts[0], by=officer)
    unassign_reviewer(removed, by=officer)
    written = apply_assignment_plan(call, plan_automatic_assignment(call), by=officer)
    assert sorted(a.reviewer_id for a in written) == sorted(u.pk for u in experts)
    removed.refresh_from_db()
    assert (removed.state, removed.method, removed.declared_at) == (
        AssignmentState.AWAITING_DECLARATION,
        AssignmentMethod.AUTOMATIC,
        None,
    )
    assert Assignment.objects.count() == 2


def test_the_plan_never_uses_automatic_conflicts_even_before_a_refresh(call, officer):
    clash = ReviewerFactory(profile__organisation_tax_id=tax_id(77))
    others = [ReviewerFactory(), ReviewerFactory()]
    PanelMemberFactory(call=call, reviewer=clash)
    for expert in others:
        PanelMemberFactory(call=call, reviewer=expert)
    proposal = EligibleProposalFactory(call=call, organisation__tax_id=tax_id(77))
    plan = plan_automatic_assignment(call)
    assert sorted(r for _p, r, _m in plan.solution.pairs) == sorted(u.pk for u in others)
    assert plan.solution.uncovered == []
    assert proposal.pk in plan.proposals


def test_the_plan_names_why_proposals_stay_short(call, officer):
    PanelMemberFactory(call=call)  # a panel of one
    proposal = EligibleProposalFactory(call=call)
    plan = plan_automatic_assignment(call)
    assert [(r["proposal"].pk, r["item"].reason) for r in plan.uncovered_rows()] == [
        (proposal.pk, Shortfall.PANEL_TOO_SMALL)
    ]


def test_apply_refuses_a_call_that_is_still_open(officer):
    call = CallInReviewFactory(officers=[officer], created_by=officer, state=CallState.PUBLISHED)
    PanelMemberFactory.create_batch(3, call=call)
    EligibleProposalFactory(call=call)
    plan = plan_automatic_assignment(call)
    with pytest.raises(Refusal, match="closed or in review") as refusal:
        apply_assignment_plan(call, plan, by=officer)
    assert refusal.value.code == "call_state"
    assert Assignment.objects.count() == 0


def test_other_roles_are_refused_a_panel_place(call, officer):
    committee = user_with(Role.COMMITTEE)
    with pytest.raises(Refusal, match="Only active reviewers"):
        add_panel_member(call, reviewer=committee, by=officer)
