"""Periodic work of the reviews app, run by Celery beat."""

from celery import shared_task

from .reminders import queue_officer_digests, queue_review_reminders


@shared_task
def send_review_reminders_task() -> int:
    """Reminders for unsubmitted reviews 3 days and 1 day before the review deadline."""
    return queue_review_reminders()


@shared_task
def send_officer_digests_task() -> int:
    """The daily digest of reviews done and missing, to the officers of calls in review."""
    return queue_officer_digests()
