"""Periodic work of the proposals app, run by Celery beat."""

from celery import shared_task

from .services.screening import return_overdue_information_requests


@shared_task
def return_overdue_information_requests_task() -> int:
    """Put back to “submitted” the proposals whose requested information is overdue.

    Safe to run twice: a proposal already put back is no longer awaiting information.
    """
    return return_overdue_information_requests()
