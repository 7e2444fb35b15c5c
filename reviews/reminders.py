"""Reminders to reviewers before the review deadline, the officers' daily digest, and the
teams' reminder the day before their pitch."""

from datetime import datetime, timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from grants.enums import CallState
from grants.models import Call
from grants.phases import current_time
from portal.outbox import queue_notification
from portal.reminders import due_window, window_label

from . import notifications
from .enums import ReviewState
from .models import Assignment, PitchSlot
from .rules import review_period_open
from .states import OPEN_ASSIGNMENT_STATES

REVIEW_WINDOWS = [timedelta(days=3), timedelta(days=1)]


def queue_review_reminders(now: datetime | None = None) -> int:
    """Remind reviewers of assignments without a submitted review, 3 days and 1 day ahead."""
    now = now or current_time()
    open_assignments = (
        Assignment.objects.filter(
            review_period_open(now, prefix="proposal__call__"),
            state__in=OPEN_ASSIGNMENT_STATES,
            reviewer__is_active=True,
            reviewer__reminders_enabled=True,
            proposal__call__review_ends_at__lte=now + max(REVIEW_WINDOWS),
        )
        .exclude(review__state=ReviewState.SUBMITTED)
        .select_related("reviewer", "proposal__call")
    )
    queued = 0
    for assignment in open_assignments:
        call = assignment.proposal.call
        window = due_window(call.review_ends_at, now, REVIEW_WINDOWS)
        if not window:
            continue
        link = reverse("reviews:review_proposal", kwargs={"pk": assignment.proposal_id})
        queue_notification(
            kind="review_reminder",
            recipient=assignment.reviewer,
            dedupe_key=(
                f"review-reminder:{assignment.pk}:{window_label(window)}:"
                f"{call.review_ends_at:%Y%m%d%H%M}"
            ),
            about=f"proposal:{assignment.proposal_id}",
            call=call,
            link=link,
            context={"proposal": assignment.proposal, "call": call, "link": link},
        )
        queued += 1
    return queued


def queue_officer_digests(now: datetime | None = None) -> int:
    """Once a day during review: each officer of a call hears how many reviews are done."""
    now = now or current_time()
    day = timezone.localdate(now)
    calls = (
        Call.objects.filter(state=CallState.IN_REVIEW)
        .annotate(
            assigned=Count(
                "proposals__assignments",
                filter=Q(proposals__assignments__state__in=OPEN_ASSIGNMENT_STATES),
            ),
            done=Count(
                "proposals__assignments",
                filter=Q(proposals__assignments__review__state=ReviewState.SUBMITTED),
            ),
        )
        .prefetch_related("officers")
        .select_related("created_by")
    )
    queued = 0
    for call in calls:
        officers = {o.pk: o for o in call.officers.all() if o.is_active}
        if call.created_by and call.created_by.is_active:
            officers.setdefault(call.created_by.pk, call.created_by)
        for officer in officers.values():
            queue_notification(
                kind="officer_digest",
                recipient=officer,
                dedupe_key=f"digest:{call.pk}:{officer.pk}:{day:%Y%m%d}",
                about=f"call:{call.pk}",
                call=call,
                link=call.get_absolute_url(),
                context={
                    "call": call,
                    "assigned": call.assigned,
                    "done": call.done,
                    "missing": max(call.assigned - call.done, 0),
                    "day": day,
                },
            )
            queued += 1
    return queued


PITCH_WINDOWS = [timedelta(days=1)]


def queue_pitch_reminders(now: datetime | None = None) -> int:
    """Remind each booked team of its pitch the day before (once per booking)."""
    now = now or current_time()
    slots = PitchSlot.objects.filter(
        booked_proposal__isnull=False,
        starts_at__gt=now,
        starts_at__lte=now + max(PITCH_WINDOWS),
    ).select_related("booked_proposal__call", "booked_proposal__organisation")
    queued = 0
    for slot in slots:
        if due_window(slot.starts_at, now, PITCH_WINDOWS):
            notifications.pitch_reminder(slot)
            queued += 1
    return queued
