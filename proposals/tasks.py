"""Periodic work of the proposals app, run by Celery beat."""

from celery import shared_task

from .models import Proposal
from .services.screening import check_duplicates, return_overdue_information_requests


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


@shared_task
def check_duplicates_task(proposal_id: int) -> int:
    """Compare a proposal just submitted with all others (services.screening
    .check_duplicates); the number of near-duplicates found. Safe to run twice."""
    proposal = Proposal.objects.filter(pk=proposal_id).select_related("organisation").first()
    if proposal is None:
        return 0
    return len(check_duplicates(proposal))
