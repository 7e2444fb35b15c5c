"""Delivering the outbox: batches over one SMTP connection, one task per single message, and a
periodic sweep for stragglers.

Every path claims its rows the same way (`claim_notifications`: pending → sending under a fresh
claim token), keeps the claim alive while it sends (`holding_claim`), and marks each row sent,
pending again (to retry with backoff) or failed on its own.
"""

import logging
import smtplib
import threading
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import DatabaseError, connections, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnreachable

from .enums import NotificationState
from .models import Notification

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Rows one batch task claims and sends over one SMTP connection. Small enough that a batch
# takes seconds (the other workers share the rest), large enough that opening the connection
# and the claim's queries are paid once for many messages.
BATCH_SIZE = 100

# What sending to a broker that is down or unreachable raises: kombu wraps the transport's
# errors in its OperationalError; sockets raise OSError (ConnectionError, TimeoutError).
BROKER_ERRORS = (BrokerUnreachable, OSError)


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


def batches(ids: Iterable[int], size: int | None = None) -> Iterator[list[int]]:
    """`ids` in lists of at most `size` (BATCH_SIZE), in order."""
    size = size or BATCH_SIZE
    batch: list[int] = []
    for notification_id in ids:
        batch.append(notification_id)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def build_email(notification: Notification) -> EmailMultiAlternatives:
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
    if notification.attachment_name:
        message.attach(
            notification.attachment_name,
            notification.attachment_content,
            notification.attachment_type or "text/plain",
        )
    return message


def send_email(notification: Notification, mailer=None) -> None:
    """Send one message: over `mailer` (an open connection) if given, else its own connection."""
    message = build_email(notification)
    if mailer is None:
        message.send()
    else:
        mailer.send_messages([message])


def claim_notifications(ids: Iterable[int]) -> list[Notification]:
    """Claim the pending rows among `ids` for this caller alone; return them (by id).

    Side effects: those rows move pending → sending with a fresh claim token, `claimed_at`
    now and one more attempt. On PostgreSQL the rows are first locked with SELECT … FOR
    UPDATE SKIP LOCKED, so a second claimer passes over rows being claimed instead of
    waiting for them; on SQLite (no row locks) writers take turns. On both, the UPDATE is
    conditional (still pending) and the rows are read back by the token it wrote: a row two
    claimers both wanted is updated by one of them only, so it is sent by one of them only.
    """
    token = uuid.uuid4()
    with transaction.atomic():
        free = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(pk__in=list(ids), state=NotificationState.PENDING)
            .values_list("pk", flat=True)
        )
        if not free:
            return []
        Notification.objects.filter(pk__in=free, state=NotificationState.PENDING).update(
            state=NotificationState.SENDING,
            claim_token=token,
            claimed_at=timezone.now(),
            attempts=F("attempts") + 1,
        )
    return list(
        Notification.objects.filter(claim_token=token, state=NotificationState.SENDING).order_by(
            "pk"
        )
    )


@contextmanager
def holding_claim(claimed: QuerySet) -> Iterator[None]:
    """Renew the claim on the `claimed` rows still in "sending" while the block runs.

    A thread refreshes `claimed_at` every third of the lease until the block ends; when the
    worker dies, the renewals stop with it and the sweep takes the rows back a lease later.
    """
    stop = threading.Event()
    interval = sending_lease().total_seconds() / 3

    def renew() -> None:
        try:
            while not stop.wait(interval):
                try:
                    claimed.filter(state=NotificationState.SENDING).update(
                        claimed_at=timezone.now()
                    )
                except DatabaseError as error:  # the next renewal may get through
                    logger.warning("could not renew a claim: %s", error)
        finally:
            connections.close_all()  # this thread's own connections

    renewer = threading.Thread(target=renew, name="notification-claim", daemon=True)
    renewer.start()
    try:
        yield
    finally:
        stop.set()
        renewer.join()


def mark_sent(notification: Notification) -> None:
    Notification.objects.filter(pk=notification.pk).update(
        state=NotificationState.SENT, sent_at=timezone.now(), last_error=""
    )


def record_failure(notification: Notification, error: Exception) -> bool:
    """Put a row whose send failed back to pending, or failed after MAX_ATTEMPTS (True)."""
    failed = notification.attempts >= MAX_ATTEMPTS
    Notification.objects.filter(
        pk=notification.pk, claim_token=notification.claim_token, state=NotificationState.SENDING
    ).update(
        state=NotificationState.FAILED if failed else NotificationState.PENDING,
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )
    if failed:
        logger.warning("notification %s failed for good: %s", notification.pk, error)
    return failed


def retry_later(notification: Notification) -> None:
    """Try one message again after its backoff (left to the sweep if the broker is down)."""
    try:
        deliver_notification_task.apply_async(
            args=(notification.pk,), countdown=backoff_seconds(notification.attempts)
        )
    except BROKER_ERRORS as error:
        logger.warning("could not queue the retry of %s: %s", notification.pk, error)


@shared_task(bind=True, max_retries=MAX_ATTEMPTS, acks_late=True)
def deliver_notification_task(self, notification_id: int) -> str:
    # Claim the row (pending → sending): of two workers given the same id, one wins.
    claimed = claim_notifications([notification_id])
    if not claimed:
        return "not pending"
    notification = claimed[0]
    try:
        with holding_claim(Notification.objects.filter(pk=notification_id)):
            send_email(notification)
    except TRANSIENT_ERRORS as error:
        if record_failure(notification, error):
            return "failed"
        raise self.retry(countdown=backoff_seconds(notification.attempts), exc=error) from error
    mark_sent(notification)
    return "sent"


def close_quietly(mailer) -> None:
    """Close the SMTP connection; one already broken is simply dropped."""
    try:
        mailer.close()
    except TRANSIENT_ERRORS as error:
        logger.info("closing the mail connection: %s", error)


def send_batch(batch: list[Notification], mailer) -> Counter:
    """Send each claimed row over `mailer`, opened once; mark each row on its own.

    A message that fails goes back to pending (a retry after its backoff) or to failed; the
    connection is then closed and the next message opens a fresh one, so one bad message
    never fails the others.
    """
    outcomes: Counter = Counter()
    is_open = False
    try:
        for notification in batch:
            try:
                if not is_open:
                    mailer.open()
                    is_open = True
                send_email(notification, mailer=mailer)
            except TRANSIENT_ERRORS as error:
                close_quietly(mailer)
                is_open = False
                if record_failure(notification, error):
                    outcomes["failed"] += 1
                else:
                    retry_later(notification)
                    outcomes["retrying"] += 1
                continue
            mark_sent(notification)
            outcomes["sent"] += 1
    finally:
        if is_open:
            close_quietly(mailer)
    return outcomes


@shared_task(acks_late=True)
def deliver_notifications_task(notification_ids: list[int]) -> dict:
    """Deliver a batch: claim the pending rows among the ids, send them over one connection.

    Rows another worker claimed first are skipped; rows left "sending" by a worker that died
    are the sweep's (`dispatch_pending_notifications_task`). Returns the count per outcome.
    """
    batch = claim_notifications(notification_ids)
    if not batch:
        return {}
    with holding_claim(Notification.objects.filter(claim_token=batch[0].claim_token)):
        outcomes = send_batch(batch, mail.mailers.default)
    return dict(outcomes)


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
    for batch in batches(ids):
        deliver_notifications_task.delay(batch)
    return len(ids)


# ---------------------------------------------------------------------- PDPA housekeeping


@shared_task
def build_data_export_task(export_id: int) -> bool:
    """Build a person's copy of their data (portal.services.build_data_export)."""
    from .services import build_data_export  # services queue this task: imported late

    return build_data_export(export_id) is not None


@shared_task
def delete_expired_data_exports_task() -> int:
    """Delete the copies whose download period is over."""
    from .services import delete_expired_data_exports

    return delete_expired_data_exports()


@shared_task
def prune_audit_events_task() -> int:
    """Delete audit events older than settings.AUDIT_RETENTION_DAYS."""
    from .models import AuditEvent

    cutoff = timezone.now() - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    deleted, _ = AuditEvent.objects.filter(at__lt=cutoff).delete()
    return deleted
