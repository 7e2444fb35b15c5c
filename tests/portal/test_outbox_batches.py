"""Delivering the outbox in batches: claimed together, sent over one connection, marked alone."""

import smtplib
import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connections
from django.utils import timezone

from portal.enums import NotificationState
from portal.models import Notification
from portal.outbox import dispatch_batches_after_commit
from portal.tasks import (
    claim_notifications,
    deliver_notifications_task,
    dispatch_pending_notifications_task,
    send_email,
)

pytestmark = pytest.mark.django_db


class CountingBackend(LocmemBackend):
    """The test outbox, counting the connections opened (the SMTP backend's `open()`)."""

    opened: list[int] = []

    def open(self):
        CountingBackend.opened.append(1)
        return super().open()


@pytest.fixture
def counting_mailer(settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.CountingBackend"}}
    CountingBackend.opened = []
    return CountingBackend


def rows(count: int, prefix: str = "batch") -> list[int]:
    """`count` pending rows stored directly (nothing dispatched); their ids."""
    created = Notification.objects.bulk_create(
        Notification(
            kind="result",
            email=f"{prefix}{n}@example.org",
            dedupe_key=f"{prefix}:{n}",
            language="th",
            subject=f"ผลการพิจารณา {n}",
            body_text="ข้อความ",
        )
        for n in range(count)
    )
    return sorted(row.pk for row in created)


def states(ids) -> dict[int, str]:
    return dict(Notification.objects.filter(pk__in=ids).values_list("pk", "state"))


def test_a_claim_takes_only_pending_rows_and_a_second_claimer_gets_none_of_them():
    ids = rows(5)

    first = claim_notifications(ids[:3])
    second = claim_notifications(ids)  # overlaps the first claim

    assert [row.pk for row in first] == ids[:3]
    assert [row.pk for row in second] == ids[3:]
    assert {row.claim_token for row in first}.isdisjoint({row.claim_token for row in second})
    assert claim_notifications(ids) == []
    assert set(states(ids).values()) == {NotificationState.SENDING}
    assert {row.attempts for row in first + second} == {1}


@pytest.mark.django_db(transaction=True)
def test_claimers_racing_for_the_same_rows_never_share_one():
    ids = rows(60)
    start = threading.Barrier(3)
    claimed: list[list[int]] = []

    def claimer() -> None:
        try:
            start.wait()
            mine = []
            for chunk in (ids, ids[::-1]):  # both orders: the claims interleave
                mine += [row.pk for row in claim_notifications(chunk)]
            claimed.append(mine)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claimer) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    everything = [pk for mine in claimed for pk in mine]
    assert len(claimed) == 3
    assert sorted(everything) == ids  # each row claimed once, by exactly one claimer


def test_a_batch_opens_one_connection_and_keeps_each_message_id(counting_mailer, settings):
    ids = rows(7)

    outcome = deliver_notifications_task.apply(args=[ids]).get()

    assert outcome == {"sent": 7}
    assert len(counting_mailer.opened) == 1
    assert set(states(ids).values()) == {NotificationState.SENT}
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [
        f"<notification-{pk}@{settings.MESSAGE_ID_DOMAIN}>" for pk in ids
    ]
    assert sorted(m.extra_headers["X-Portal-Notification"] for m in mail.outbox) == sorted(
        f"batch:{n}" for n in range(7)
    )


def test_one_failing_message_leaves_the_rest_of_the_batch_sent(counting_mailer):
    ids = rows(4)
    bad = ids[1]

    def flaky(notification, mailer=None):
        if notification.pk == bad:
            raise smtplib.SMTPRecipientsRefused({notification.email: (550, b"no such user")})
        send_email(notification, mailer=mailer)

    with (
        mock.patch("portal.tasks.send_email", side_effect=flaky),
        mock.patch("portal.tasks.deliver_notification_task.apply_async") as retry,
    ):
        outcome = deliver_notifications_task.apply(args=[ids]).get()

    assert outcome == {"sent": 3, "retrying": 1}
    assert states(ids) == {
        pk: NotificationState.PENDING if pk == bad else NotificationState.SENT for pk in ids
    }
    failed = Notification.objects.get(pk=bad)
    assert failed.last_error.startswith("SMTPRecipientsRefused")
    assert failed.attempts == 1
    retry.assert_called_once_with(args=(bad,), countdown=30)  # its own retry, with backoff
    assert len(mail.outbox) == 3
    assert len(counting_mailer.opened) == 2  # a fresh connection after the failed one


def test_a_message_failing_its_last_attempt_ends_failed_alone(counting_mailer):
    ids = rows(3)
    Notification.objects.filter(pk=ids[0]).update(attempts=4)  # the claim makes it 5

    def down_for_the_first(notification, mailer=None):
        if notification.pk == ids[0]:
            raise smtplib.SMTPServerDisconnected("connection lost")
        send_email(notification, mailer=mailer)

    with mock.patch("portal.tasks.send_email", side_effect=down_for_the_first):
        outcome = deliver_notifications_task.apply(args=[ids]).get()

    assert outcome == {"failed": 1, "sent": 2}
    assert states(ids) == {
        ids[0]: NotificationState.FAILED,
        ids[1]: NotificationState.SENT,
        ids[2]: NotificationState.SENT,
    }


def test_a_batch_skips_rows_already_claimed_or_sent(counting_mailer):
    ids = rows(4)
    claim_notifications(ids[:1])  # another worker is sending this one
    Notification.objects.filter(pk=ids[1]).update(state=NotificationState.SENT)

    assert deliver_notifications_task.apply(args=[ids]).get() == {"sent": 2}
    assert sorted(m.to[0] for m in mail.outbox) == ["batch2@example.org", "batch3@example.org"]
    assert deliver_notifications_task.apply(args=[ids]).get() == {}  # nothing pending: no mail
    assert len(mail.outbox) == 2
    assert len(counting_mailer.opened) == 1


def test_a_row_left_sending_past_its_lease_is_reclaimed_by_the_sweep(counting_mailer):
    """A worker killed mid-batch leaves its rows "sending"; a lease later they go out again."""
    ids = rows(3)
    claim_notifications(ids)  # then the worker died: no renewals
    now = timezone.now()
    Notification.objects.filter(pk__in=ids[:2]).update(claimed_at=now - timedelta(seconds=61))
    Notification.objects.filter(pk=ids[2]).update(claimed_at=now - timedelta(seconds=20))

    assert claim_notifications(ids) == []  # still "sending": nobody may take them yet
    assert dispatch_pending_notifications_task.apply().get() == 2

    assert states(ids) == {
        ids[0]: NotificationState.SENT,
        ids[1]: NotificationState.SENT,
        ids[2]: NotificationState.SENDING,  # its worker may still be sending
    }
    assert set(Notification.objects.filter(pk__in=ids[:2]).values_list("attempts", flat=True)) == {
        2
    }
    assert len(counting_mailer.opened) == 1  # the sweep delivers them as one batch


def test_many_messages_are_dispatched_in_batches_after_commit(django_capture_on_commit_callbacks):
    ids = rows(5)
    with (
        mock.patch("portal.tasks.BATCH_SIZE", 2),
        mock.patch("portal.outbox.deliver_notifications_task.apply_async") as queued,
    ):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            dispatch_batches_after_commit(ids)
        assert queued.call_count == 0  # nothing before the commit
        for callback in callbacks:
            callback()

    assert [c.kwargs["args"] for c in queued.call_args_list] == [
        ([ids[0], ids[1]],),
        ([ids[2], ids[3]],),
        ([ids[4]],),
    ]
