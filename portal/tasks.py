"""Delivering the outbox: one task per message, and a periodic sweep for stragglers."""

import logging
import smtplib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import DatabaseError, connections
from django.db.models import F, Q
from django.utils import timezone

from .enums import NotificationState
from .models import Notification

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


def sending_lease() -> timedelta:
    """A claim not renewed for this long belonged to a worker that died mid-send.

    The sending worker renews its claim every third of the lease (`holding_claim`), so a
    live send, however slow, keeps its row; a killed worker's row is swept a lease later.
    """
    return timedelta(seconds=getattr(settings, "NOTIFICATION_SENDING_LEASE_SECONDS", 60))


def pending_grace() -> timedelta:
    """A row still pending after this lost its task (the broker was down, say)."""
    return timedelta(seconds=getattr(settings, "NOTIFICATION_PENDING_GRACE_SECONDS", 60))


TRANSIENT_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError, OSError)


def backoff_seconds(attempt: int) -> int:
    """30 s, 60 s, 120 s, 240 s…: exponential backoff between delivery attempts."""
    return 30 * 2 ** max(attempt - 1, 0)


def send_email(notification: Notification) -> None:
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=notification.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.email],
        # The same Message-ID on every attempt: a mail system that received an attempt whose
        # success we never recorded (the worker died in between) can drop the repeat.
        headers={
            "X-Portal-Notification": notification.dedupe_key,
            "Message-ID": f"<notification-{notification.pk}@{settings.MESSAGE_ID_DOMAIN}>",
        },
    )
    if notification.body_html:
        message.attach_alternative(notification.body_html, "text/html")
    message.send()


@contextmanager
def holding_claim(notification_id: int) -> Iterator[None]:
    """Renew the claim on a row in "sending" while the block runs (the SMTP conversation).

    A thread refreshes `claimed_at` every third of the lease until the block ends; when the
    worker dies, the renewals stop with it and the sweep takes the row back a lease later.
    """
    stop = threading.Event()
    interval = sending_lease().total_seconds() / 3

    def renew() -> None:
        try:
            while not stop.wait(interval):
                try:
                    Notification.objects.filter(
                        pk=notification_id, state=NotificationState.SENDING
                    ).update(claimed_at=timezone.now())
                except DatabaseError as error:  # the next renewal may get through
                    logger.warning("could not renew the claim on %s: %s", notification_id, error)
        finally:
            connections.close_all()  # this thread's own connections

    renewer = threading.Thread(target=renew, name=f"claim-{notification_id}", daemon=True)
    renewer.start()
    try:
        yield
    finally:
        stop.set()
        renewer.join()


@shared_task(bind=True, max_retries=MAX_ATTEMPTS, acks_late=True)
def deliver_notification_task(self, notification_id: int) -> str:
    # Claim the row (pending → sending): of two workers given the same id, one wins.
    claimed = Notification.objects.filter(
        pk=notification_id, state=NotificationState.PENDING
    ).update(state=NotificationState.SENDING, attempts=F("attempts") + 1, claimed_at=timezone.now())
    if not claimed:
        return "not pending"
    notification = Notification.objects.get(pk=notification_id)
    try:
        with holding_claim(notification_id):
            send_email(notification)
    except TRANSIENT_ERRORS as error:
        failed = notification.attempts >= MAX_ATTEMPTS
        Notification.objects.filter(pk=notification_id).update(
            state=NotificationState.FAILED if failed else NotificationState.PENDING,
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        if failed:
            logger.warning("notification %s failed for good: %s", notification_id, error)
            return "failed"
        raise self.retry(countdown=backoff_seconds(notification.attempts), exc=error) from error
    Notification.objects.filter(pk=notification_id).update(
        state=NotificationState.SENT, sent_at=timezone.now(), last_error=""
    )
    return "sent"


@shared_task
def dispatch_pending_notifications_task() -> int:
    """Re-send rows whose task was lost: pending for a minute, or a claim no longer renewed."""
    now = timezone.now()
    expired = now - sending_lease()
    Notification.objects.filter(state=NotificationState.SENDING, claimed_at__lt=expired).update(
        state=NotificationState.PENDING
    )
    stale = Notification.objects.filter(
        Q(state=NotificationState.PENDING)
        & (Q(created_at__lt=now - pending_grace()) | Q(claimed_at__lt=expired))
    ).values_list("pk", flat=True)[:1000]
    ids = list(stale)
    for notification_id in ids:
        deliver_notification_task.delay(notification_id)
    return len(ids)
