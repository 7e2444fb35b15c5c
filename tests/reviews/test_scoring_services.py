"""The reviewer's services: declare_conflict, save_review, submit_review."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import translation

from portal.models import Notification
from portal.refusals import Refusal
from proposals.enums import EventKind
from reviews.enums import AssignmentState, ConflictSource, ReviewState
from reviews.models import Assignment, Conflict, Review, Score
from reviews.scoring import weighted_total
from reviews.services.scoring import declare_conflict, save_review, submit_review
from tests.factories import (
    AssignmentFactory,
    CallInReviewFactory,
    full_points,
)


@pytest.fixture
def call(officer, other_officer):
    call = CallInReviewFactory(officers=[officer], created_by=officer)
    call.officers.add(other_officer)
    return call


@pytest.fixture
def awaiting(proposal, reviewer):
    return AssignmentFactory(proposal=proposal, reviewer=reviewer)


@pytest.fixture
def active(proposal, reviewer):
    return AssignmentFactory(proposal=proposal, reviewer=reviewer, state=AssignmentState.ACTIVE)


def criteria(call):
    return list(call.criteria.order_by("position", "pk"))


# declare_conflict


def test_declaring_no_conflict_activates_the_assignment(awaiting, reviewer):
    declare_conflict(awaiting, has_conflict=False, reason="", by=reviewer)
    awaiting.refresh_from_db()
    assert awaiting.state == AssignmentState.ACTIVE
    assert awaiting.declared_at is not None
    assert list(Conflict.objects.all()) == []
    assert list(Notification.objects.all()) == []


def test_declaring_a_conflict_ends_the_assignment_logs_and_tells_every_officer(
    awaiting, reviewer, officer, other_officer, proposal
):
    declare_conflict(awaiting, has_conflict=True, reason="เคยเป็นที่ปรึกษาของมูลนิธิ", by=reviewer)
    awaiting.refresh_from_db()
    assert awaiting.state == AssignmentState.CONFLICT
    assert awaiting.declared_at is None
    assert list(Conflict.objects.values_list("reviewer", "source", "reason")) == [
        (reviewer.pk, ConflictSource.DECLARED, "เคยเป็นที่ปรึกษาของมูลนิธิ")
    ]
    assert list(proposal.events.values_list("kind", "by", "note")) == [
        (EventKind.CONFLICT, reviewer.pk, "")
    ]
    rows = Notification.objects.order_by("recipient_id")
    assert sorted(rows.values_list("kind", "recipient")) == sorted(
        [("conflict_declared", officer.pk), ("conflict_declared", other_officer.pk)]
    )
    assert all("เคยเป็นที่ปรึกษาของมูลนิธิ" in row.body_text for row in rows)
    assert all(proposal.reference in row.subject for row in rows)


def test_the_officer_who_created_the_call_is_told_once(awaiting, reviewer, officer):
    declare_conflict(awaiting, has_conflict=True, reason="ญาติ", by=reviewer)
    assert Notification.objects.filter(recipient=officer).count() == 1


def test_a_conflict_needs_a_reason(awaiting, reviewer):
    with translation.override("en"), pytest.raises(Refusal) as refusal:
        declare_conflict(awaiting, has_conflict=True, reason="  ", by=reviewer)
    assert refusal.value.errors == {
        "reason": ["Please say briefly why you have a conflict of interest."]
    }
    awaiting.refresh_from_db()
    assert awaiting.state == AssignmentState.AWAITING_DECLARATION


def test_declaring_twice_is_refused(awaiting, reviewer):
    declare_conflict(awaiting, has_conflict=False, reason="", by=reviewer)
    with translation.override("en"), pytest.raises(Refusal, match="already declared"):
        declare_conflict(awaiting, has_conflict=True, reason="ญาติ", by=reviewer)
    awaiting.refresh_from_db()
    assert awaiting.state == AssignmentState.ACTIVE
    assert list(Conflict.objects.all()) == []


def test_a_declaration_on_an_assignment_changed_meanwhile_is_refused(awaiting, reviewer):
    Assignment.objects.filter(pk=awaiting.pk).update(state=AssignmentState.REMOVED)
    with translation.override("en"), pytest.raises(Refusal, match="changed meanwhile") as refusal:
        declare_conflict(awaiting, has_conflict=True, reason="ญาติ", by=reviewer)
    assert refusal.value.code == "raced"
    awaiting.refresh_from_db()
    assert awaiting.state == AssignmentState.REMOVED
    assert list(Conflict.objects.all()) == []


# save_review


def test_save_review_keeps_a_partial_draft(active, reviewer, call):
    first, second = criteria(call)[:2]
    review = save_review(
        active,
        by=reviewer,
        points={first.pk: Decimal("7.5"), second.pk: None},
        comment="ชัดเจน",
        feedback="",
    )
    assert review.state == ReviewState.DRAFT
    assert list(review.scores.values_list("criterion", "points")) == [(first.pk, Decimal("7.50"))]
    assert review.comment == "ชัดเจน"
    assert review.total is None


def test_save_review_updates_and_clears_points(active, reviewer, call):
    first = criteria(call)[0]
    save_review(active, by=reviewer, points={first.pk: Decimal("3")})
    save_review(active, by=reviewer, points={first.pk: Decimal("4")})
    assert list(Score.objects.values_list("points", flat=True)) == [Decimal("4.00")]
    save_review(active, by=reviewer, points={first.pk: None})
    assert list(Score.objects.all()) == []


@pytest.mark.parametrize("points", [Decimal("10.5"), Decimal("-1")])
def test_save_review_refuses_points_outside_the_criterions_range(active, reviewer, call, points):
    first = criteria(call)[0]
    with pytest.raises(Refusal) as refusal:
        save_review(active, by=reviewer, points={first.pk: points})
    assert list(refusal.value.errors) == [f"points_{first.pk}"]
    assert list(Review.objects.all()) == []


def test_save_review_before_the_declaration_is_refused(awaiting, reviewer, call):
    with translation.override("en"), pytest.raises(Refusal, match="Declare your conflicts"):
        save_review(awaiting, by=reviewer, points={criteria(call)[0].pk: Decimal("1")})


def test_save_review_after_the_review_period_is_refused(active, reviewer, call):
    with (
        time_machine.travel(call.review_ends_at + timedelta(seconds=1), tick=False),
        pytest.raises(Refusal) as refusal,
    ):
        save_review(active, by=reviewer, points={criteria(call)[0].pk: Decimal("1")})
    assert "เวลาประเทศไทย" in refusal.value.messages[0]


# submit_review


def test_submit_review_requires_every_criterion(active, reviewer, call):
    save_review(active, by=reviewer, points={criteria(call)[0].pk: Decimal("5")})
    with pytest.raises(Refusal) as refusal:
        submit_review(active, by=reviewer)
    assert criteria(call)[1].title in refusal.value.messages[0]
    assert Review.objects.get().state == ReviewState.DRAFT


def test_submit_without_a_draft_is_refused(active, reviewer):
    with translation.override("en"), pytest.raises(Refusal, match="Score every criterion"):
        submit_review(active, by=reviewer)
    assert list(Review.objects.all()) == []


def test_submitted_total_is_the_weighted_total_and_is_logged(active, reviewer, call, proposal):
    points = full_points(call, share=Decimal("0.73"))
    save_review(active, by=reviewer, points=points, comment="ดีมาก")
    review = submit_review(active, by=reviewer)
    stored = Review.objects.get()
    assert stored.state == ReviewState.SUBMITTED
    assert stored.total == weighted_total(points, criteria(call)) == review.total
    assert stored.submitted_at is not None
    assert list(proposal.events.values_list("kind", "by")) == [(EventKind.REVIEW, reviewer.pk)]


def test_double_submit_changes_nothing(active, reviewer, call, proposal):
    save_review(active, by=reviewer, points=full_points(call))
    first = submit_review(active, by=reviewer)
    again = submit_review(active, by=reviewer)
    assert (again.pk, again.total, again.submitted_at) == (
        first.pk,
        first.total,
        Review.objects.get().submitted_at,
    )
    assert proposal.events.filter(kind=EventKind.REVIEW).count() == 1


def test_a_submitted_review_cannot_be_saved_again(active, reviewer, call):
    save_review(active, by=reviewer, points=full_points(call))
    submit_review(active, by=reviewer)
    with translation.override("en"), pytest.raises(Refusal, match="already been submitted"):
        save_review(active, by=reviewer, points=full_points(call, share=Decimal("1")))
    assert Review.objects.get().total == weighted_total(full_points(call), criteria(call))


def test_submit_after_the_review_deadline_is_refused_and_the_draft_stays(active, reviewer, call):
    save_review(active, by=reviewer, points=full_points(call))
    with (
        time_machine.travel(call.review_ends_at + timedelta(minutes=1), tick=False),
        translation.override("en"),
        pytest.raises(Refusal, match="review period ended"),
    ):
        submit_review(active, by=reviewer)
    review = Review.objects.get()
    assert (review.state, review.total) == (ReviewState.DRAFT, None)
    assert review.scores.count() == len(criteria(call))


def test_submit_at_the_deadline_itself_is_accepted(active, reviewer, call):
    save_review(active, by=reviewer, points=full_points(call))
    with time_machine.travel(call.review_ends_at, tick=False):
        submit_review(active, by=reviewer)
    assert Review.objects.get().state == ReviewState.SUBMITTED


def test_another_reviewer_keeps_their_own_review(proposal, active, reviewer, call):
    other = AssignmentFactory(proposal=proposal, state=AssignmentState.ACTIVE)
    save_review(active, by=reviewer, points=full_points(call))
    save_review(other, by=other.reviewer, points=full_points(call, share=Decimal("1")))
    assert sorted(Review.objects.values_list("assignment", flat=True)) == sorted(
        [active.pk, other.pk]
    )
