"""Reminders of reports due: 7 days and 1 day before, and once overdue (one message each,
per member of the grantee organisation: the outbox's dedupe key)."""

from datetime import timedelta

from django.utils import timezone

from .enums import GrantState
from .models import Report
from .notifications import notify_grantee
from .states import EDITABLE_REPORT_STATES

AHEAD = {"7d": 7, "1d": 1}


def reports_to_remind(today=None):
    """(report, when) for each report not yet submitted of an active grant that is due in 7
    days, in 1 day, or overdue."""
    today = today or timezone.localdate()
    reports = Report.objects.filter(
        grant__state=GrantState.ACTIVE,
        state__in=EDITABLE_REPORT_STATES,
        due_on__lte=today + timedelta(days=7),
    ).select_related("grant__organisation", "grant__proposal", "grant__call")
    for report in reports:
        days = (report.due_on - today).days
        if days < 0:
            yield report, "overdue"
        for when, ahead in AHEAD.items():
            if days == ahead:
                yield report, when


def queue_report_reminders(today=None) -> int:
    count = 0
    for report, when in reports_to_remind(today):
        key = f"report_reminder:{report.pk}:{when}"
        notify_grantee(report.grant, "report_reminder", key, report=report, when=when)
        count += 1
    return count
