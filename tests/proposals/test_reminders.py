"""Draft reminders 7 days, 1 day and 3 hours before the deadline; changed deadlines."""

from datetime import timedelta

import pytest
import time_machine

from portal.models import Notification
from proposals.models import Proposal
from proposals.reminders import notify_deadline_changes, queue_draft_reminders

pytestmark = pytest.mark.django_db


def keys():
    return sorted(
        k.split(":")[0] + ":" + k.split(":")[3]
        for k in Notification.objects.values_list("dedupe_key", flat=True)
    )


def test_reminders_go_at_each_window_once_and_never_after_the_deadline(draft, applicant):
    deadline = draft.call.deadline
    moments = [
        deadline - timedelta(days=8),  # too early: nothing
        deadline - timedelta(days=7),  # 7d
        deadline - timedelta(days=6),  # 7d again: already sent
        deadline - timedelta(hours=20),  # 1d
        deadline - timedelta(hours=2),  # 3h
        deadline + timedelta(minutes=1),  # after the deadline: nothing
    ]
    counts = []
    for moment in moments:
        with time_machine.travel(moment, tick=False):
            counts.append(queue_draft_reminders())
    assert counts == [0, 1, 1, 1, 1, 0]
    assert keys() == ["reminder:1d", "reminder:3h", "reminder:7d"]
    assert Notification.objects.filter(recipient=applicant).count() == 3


def test_a_reminder_missed_while_down_still_goes_while_meaningful(draft):
    deadline = draft.call.deadline
    with time_machine.travel(deadline - timedelta(days=3), tick=False):
        assert queue_draft_reminders() == 1
    assert keys() == ["reminder:7d"]


def test_submitted_proposals_get_no_reminder(submitted):
    with time_machine.travel(submitted.call.deadline - timedelta(hours=1), tick=False):
        assert queue_draft_reminders() == 0


def test_people_who_turned_reminders_off_get_none(draft, applicant):
    applicant.reminders_enabled = False
    applicant.save()
    with time_machine.travel(draft.call.deadline - timedelta(hours=1), tick=False):
        assert queue_draft_reminders() == 0


def test_the_reminder_is_written_in_the_members_language(draft, applicant):
    applicant.language = "en"
    applicant.save()
    with time_machine.travel(draft.call.deadline - timedelta(hours=1), tick=False):
        queue_draft_reminders()
    message = Notification.objects.get()
    assert message.language == "en"
    assert message.subject.startswith("Reminder: submit “น้ำท่วมไม่ท่วมใจ” by ")
    assert message.subject.endswith("ICT")


def test_a_changed_deadline_is_announced_once(draft):
    assert notify_deadline_changes() == 0  # first scan remembers the current deadline
    call = draft.call
    call.deadline += timedelta(days=7)
    call.save()

    assert notify_deadline_changes() == 1
    assert notify_deadline_changes() == 0
    assert Proposal.objects.get(pk=draft.pk).deadline_seen == call.deadline
    assert Notification.objects.get().kind == "deadline_changed"
