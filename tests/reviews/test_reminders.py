"""Review-due reminders 3 days and 1 day ahead; the officers' daily digest."""

from datetime import timedelta

import pytest
import time_machine

from grants.enums import CallState
from portal.enums import Role
from portal.models import Notification
from reviews.enums import AssignmentState, ReviewState
from reviews.models import Assignment, Review
from reviews.reminders import queue_officer_digests, queue_review_reminders
from tests.factories import user_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_review(submitted):
    call = submitted.call
    call.state = CallState.IN_REVIEW
    call.save()
    return submitted


@pytest.fixture
def assignment(in_review):
    reviewer = user_with(Role.REVIEWER, email="expert@example.org")
    return Assignment.objects.create(
        proposal=in_review, reviewer=reviewer, method="manual", state=AssignmentState.ACTIVE
    )


def test_review_reminders_at_three_days_and_one_day_once_each(assignment):
    ends = assignment.proposal.call.review_ends_at
    counts = []
    for before in (timedelta(days=4), timedelta(days=2), timedelta(days=2), timedelta(hours=5)):
        with time_machine.travel(ends - before, tick=False):
            counts.append(queue_review_reminders())
    assert counts == [0, 1, 1, 1]
    assert sorted(
        k.split(":")[2] for k in Notification.objects.values_list("dedupe_key", flat=True)
    ) == ["1d", "3d"]


def test_submitted_reviews_and_ended_assignments_get_no_reminder(assignment):
    Review.objects.create(assignment=assignment, state=ReviewState.SUBMITTED)
    ended = Assignment.objects.create(
        proposal=assignment.proposal,
        reviewer=user_with(Role.REVIEWER),
        method="manual",
        state=AssignmentState.CONFLICT,
    )
    with time_machine.travel(assignment.proposal.call.review_ends_at - timedelta(hours=5)):
        assert queue_review_reminders() == 0
    assert ended.pk


def test_the_digest_goes_to_each_officer_once_a_day_with_the_counts(assignment):
    call = assignment.proposal.call
    officer = call.officers.first() or call.created_by
    officer.language = "en"
    officer.save()
    Assignment.objects.create(
        proposal=assignment.proposal,
        reviewer=user_with(Role.REVIEWER),
        method="manual",
        state=AssignmentState.ACTIVE,
    )
    Review.objects.create(assignment=assignment, state=ReviewState.SUBMITTED)

    assert queue_officer_digests() >= 1
    assert queue_officer_digests() >= 1  # same day: the same keys, no new rows
    digest = Notification.objects.get(kind="officer_digest", recipient=officer)
    assert "- submitted: 1\n- still missing: 1\n" in digest.body_text
    assert Notification.objects.filter(kind="officer_digest").count() == len(
        {o.pk for o in call.officers.all()} | ({call.created_by_id} - {None})
    )
