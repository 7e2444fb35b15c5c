"""Periodic work of the proposals app, run by Celery beat."""

from celery import shared_task

from .services.screening import return_overdue_information_requests


@shared_task
def return_overdue_information_requests_task() -> int:
    """Put back to “submitted” the proposals whose requested information is overdue.

    Safe to run twice: a proposal already put back is no longer awaiting information.
    """
    return return_overdue_information_requests()


@shared_task
def send_draft_reminders_task() -> int:
    """Reminders for unsubmitted drafts 7 days, 1 day and 3 hours before the deadline."""
    from .reminders import queue_draft_reminders

    return queue_draft_reminders()


@shared_task
def notify_deadline_changes_task() -> int:
    """Messages to applicants whose call deadline changed since they were last told."""
    from .reminders import notify_deadline_changes

    return notify_deadline_changes()
