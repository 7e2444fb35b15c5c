"""Periodic work of the reviews app, run by Celery beat."""

from datetime import timedelta

from celery import shared_task
from django.db.models import Q
from django.utils import timezone

from .reminders import queue_officer_digests, queue_pitch_reminders, queue_review_reminders


@shared_task
def send_review_reminders_task() -> int:
    """Reminders for unsubmitted reviews 3 days and 1 day before the review deadline."""
    return queue_review_reminders()


@shared_task
def send_pitch_reminders_task() -> int:
    """Reminders to the teams the day before their pitch."""
    return queue_pitch_reminders()


@shared_task
def send_officer_digests_task() -> int:
    """The daily digest of reviews done and missing, to the officers of calls in review."""
    return queue_officer_digests()


@shared_task(acks_late=True)
def queue_result_notifications_task(publication_id: int) -> int:
    """Queue the result message of every applicant of a published call (idempotent)."""
    from . import notifications
    from .models import Publication

    publication = Publication.objects.select_related("call").get(pk=publication_id)
    if publication.notified_at is not None:
        return 0
    count = notifications.results_published(publication.call)
    Publication.objects.filter(pk=publication_id).update(notified_at=timezone.now())
    return count or 0


@shared_task
def resume_result_notifications_task() -> int:
    """Re-run the result messages of publications whose task was lost (beat)."""
    from .models import Publication

    stale = Publication.objects.filter(
        Q(notified_at__isnull=True) & Q(published_at__lt=timezone.now() - timedelta(minutes=2))
    ).values_list("pk", flat=True)
    for publication_id in stale:
        queue_result_notifications_task.delay(publication_id)
    return len(stale)
