"""Queueing notifications: every message is an outbox row first (see portal.models.Notification).

`queue_notification` renders the message in the recipient's language, stores it under its
dedupe key (get-or-create: the same event never makes two rows) and asks a worker to deliver
it once the surrounding transaction has committed.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .enums import NotificationState
from .models import Notification


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
) -> Notification:
    """Store one message (once per `dedupe_key`) and deliver it after commit.

    The message goes to `recipient` (a user: their address, language and inbox), or to a
    bare `email` in `language` for people without an account yet (invitations). `call` is
    the call the message belongs to (a grants Call; only its id is kept, as `call_ref`): the
    officers who run that call see the message in the outbox.
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
            )
    except IntegrityError:  # somebody queued the same key a moment ago
        return Notification.objects.get(dedupe_key=dedupe_key)
    dispatch_after_commit(notification.pk)
    return notification


def dispatch_after_commit(notification_id: int) -> None:
    # After commit, so the worker finds the row when it looks it up.
    from .tasks import deliver_notification_task

    transaction.on_commit(lambda: deliver_notification_task.delay(notification_id))


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
