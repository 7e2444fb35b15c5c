"""Periodic work of the awards app, run by Celery beat."""

from celery import shared_task

from .reminders import queue_report_reminders


@shared_task
def send_report_reminders_task() -> int:
    """Reminders of reports due in 7 days, in 1 day, and overdue."""
    return queue_report_reminders()
