"""Queueing notifications: every message is an outbox row first (see portal.models.Notification).

`queue_notification` renders the message in the recipient's language, stores it under its
dedupe key (get-or-create: the same event never makes two rows) and asks a worker to deliver
it once the surrounding transaction has committed.

`queue_task_after_commit` is the one way any app queues a Celery task after commit: a broker
that cannot be reached is logged, never raised into the request that committed.
"""

import logging
import time
from functools import partial

from celery import Task
from django.conf import settings
from django.db import IntegrityError, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .enums import NotificationState
from .models import Notification
from .tasks import BROKER_ERRORS, batches, deliver_notification_task, deliver_notifications_task

logger = logging.getLogger(__name__)

# After a failure, this process stops trying the broker for a while: each try can take
# seconds (connection timeout and retries), and one request may queue several tasks.
BROKER_PAUSE_SECONDS = 30.0
_broker_paused_until = 0.0


def queue_task_now(task: Task, *args) -> bool:
    """Send `task(*args)` to the broker; False (logged) when the broker cannot be reached."""
    global _broker_paused_until
    if time.monotonic() < _broker_paused_until:
        logger.info("Broker unreachable a moment ago: %s%r left to the sweep.", task.name, args)
        return False
    try:
        task.apply_async(args=args)
    except BROKER_ERRORS as error:
        _broker_paused_until = time.monotonic() + BROKER_PAUSE_SECONDS
        logger.warning(
            "Could not queue %s%r (%s: %s); the periodic sweep will queue it again.",
            task.name,
            args,
            type(error).__name__,
            error,
        )
        return False
    return True


def resume_broker() -> None:
    """Try the broker again at the next task (tests; a process that knows it is back)."""
    global _broker_paused_until
    _broker_paused_until = 0.0


def queue_task_after_commit(task: Task, *args) -> None:
    """Queue `task(*args)` once the transaction commits, never failing the committed request.

    After commit, so the worker finds the rows the transaction wrote. If the broker is down,
    the request still answers normally: the task's rows stay pending, and beat's sweeps
    (portal.tasks.dispatch_pending_notifications_task,
    reviews.tasks.resume_result_notifications_task) queue them again.
    """
    transaction.on_commit(partial(queue_task_now, task, *args))


def render_message(kind: str, context: dict, language: str) -> tuple[str, str, str]:
    """Subject, text body and HTML body (or "") of `kind`, rendered in `language`."""
    with translation.override(language):
        subject = " ".join(render_to_string(f"notifications/{kind}_subject.txt", context).split())
        text = render_to_string(f"notifications/{kind}_body.txt", context).strip() + "\n"
        try:
            html = render_to_string(f"notifications/{kind}_body.html", context)
        except TemplateDoesNotExist:
            html = ""
    return subject, text, html


def queue_notification(
    *,
    kind: str,
    dedupe_key: str,
    context: dict,
    recipient=None,
    email: str = "",
    language: str = "",
    about: str = "",
    link: str = "",
    call=None,
    attachment: tuple[str, str, str] | None = None,
) -> Notification:
    """Store one message (once per `dedupe_key`) and deliver it after commit.

    The message goes to `recipient` (a user: their address, language and inbox), or to a
    bare `email` in `language` for people without an account yet (invitations). `call` is
    the call the message belongs to (a grants Call; only its id is kept, as `call_ref`): the
    officers who run that call see the message in the outbox. `attachment` is one text file
    sent with it: (file name, content type, content), e.g. a calendar invitation.
    Side effects: a Notification row in state pending (unless one with this key exists), and
    after the transaction commits, a delivery task on the broker.
    """
    existing = Notification.objects.filter(dedupe_key=dedupe_key).first()
    if existing:
        return existing
    if recipient is not None:
        email, language = recipient.email, recipient.language
    language = language or "th"
    context = {**context, "recipient": recipient, "site_url": settings.SITE_URL}
    subject, text, html = render_message(kind, context, language)
    attachment_name, attachment_type, attachment_content = attachment or ("", "", "")
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                kind=kind,
                recipient=recipient,
                email=email,
                dedupe_key=dedupe_key,
                about=about,
                call_ref=getattr(call, "pk", None),
                link=link,
                language=language,
                subject=subject,
                body_text=text,
                body_html=html,
                attachment_name=attachment_name,
                attachment_type=attachment_type,
                attachment_content=attachment_content,
            )
    except IntegrityError:  # somebody queued the same key a moment ago
        return Notification.objects.get(dedupe_key=dedupe_key)
    dispatch_after_commit(notification.pk)
    return notification


def dispatch_after_commit(notification_id: int) -> None:
    """Deliver the notification once the transaction commits (the sweep if the broker is down)."""
    queue_task_after_commit(deliver_notification_task, notification_id)


def dispatch_batches_after_commit(notification_ids: list[int]) -> None:
    """Deliver many notifications once the transaction commits, in batches.

    For messages queued by the thousand (the results of a call): each batch task claims its
    rows together and sends them over one SMTP connection (portal.tasks.BATCH_SIZE a batch).
    """
    for batch in batches(notification_ids):
        queue_task_after_commit(deliver_notifications_task, batch)


@transaction.atomic
def retry_notification(notification: Notification) -> bool:
    """Send a failed notification again (an officer's action). False if it had not failed."""
    updated = Notification.objects.filter(
        pk=notification.pk, state=NotificationState.FAILED
    ).update(state=NotificationState.PENDING, attempts=0, last_error="")
    if updated:
        dispatch_after_commit(notification.pk)
    return bool(updated)


def mark_read(recipient, ids=None) -> int:
    """Mark the recipient's unread notifications (or those among `ids`) as read."""
    unread = Notification.objects.filter(recipient=recipient, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
