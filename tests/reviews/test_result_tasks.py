"""Result messages are queued by a task after publishing; a lost task is re-run by beat."""

from datetime import timedelta

import pytest
import time_machine
from django.test import TestCase

from portal.models import Notification
from reviews.models import Publication
from reviews.services.publication import publish_results
from reviews.tasks import queue_result_notifications_task, resume_result_notifications_task
from tests.factories import PUBLISHED_AT

pytestmark = pytest.mark.django_db


def test_publishing_returns_before_the_messages_are_written(decided, committee_member):
    call, _proposals = decided
    with time_machine.travel(PUBLISHED_AT, tick=False):
        publication = publish_results(call, by=committee_member)  # callbacks not run

    assert Notification.objects.count() == 0
    assert publication.notified_at is None


def test_beat_re_runs_a_lost_task_once_and_the_task_is_idempotent(decided, committee_member):
    call, _proposals = decided
    with time_machine.travel(PUBLISHED_AT, tick=False):
        publication = publish_results(call, by=committee_member)  # the task never ran

    with (
        time_machine.travel(PUBLISHED_AT + timedelta(minutes=5), tick=False),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        assert resume_result_notifications_task.delay().get() == 1
    rows = Notification.objects.filter(kind="result").count()
    assert rows == 6
    assert Publication.objects.get(pk=publication.pk).notified_at is not None

    assert queue_result_notifications_task.delay(publication.pk).get() == 0
    assert resume_result_notifications_task.delay().get() == 0
    assert Notification.objects.filter(kind="result").count() == rows
