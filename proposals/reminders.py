"""Reminders to applicants: unsubmitted drafts before the deadline, and changed deadlines.

Both are periodic scans (Celery beat); both are cheap when nothing is due (one query) and
idempotent (each message has a dedupe key, so a scan that runs twice sends nothing twice).
"""

from datetime import datetime, timedelta

from django.db.models import F, OuterRef, Prefetch, Q, Subquery

from grants.enums import CallState
from grants.models import Call
from grants.phases import current_time
from portal.models import User
from portal.outbox import queue_notification
from portal.reminders import due_window, window_label

from .enums import ProposalState
from .models import Proposal

DRAFT_WINDOWS = [timedelta(days=7), timedelta(days=1), timedelta(hours=3)]
OPEN_STATES = [ProposalState.DRAFT, ProposalState.SUBMITTED, ProposalState.NEEDS_INFO]


def _with_members(queryset):
    active = User.objects.filter(is_active=True).order_by("pk")
    return queryset.select_related("call").prefetch_related(
        Prefetch("organisation__members", queryset=active, to_attr="active_members")
    )


def draft_deadline(proposal: Proposal) -> datetime:
    """The deadline a draft's reminders count down to: the call's, or its own extension."""
    if proposal.extension_until and proposal.extension_until > proposal.call.deadline:
        return proposal.extension_until
    return proposal.call.deadline


def queue_draft_reminders(now: datetime | None = None) -> int:
    """Queue the due reminder for every unsubmitted draft; returns how many were queued."""
    now = now or current_time()
    horizon = now + max(DRAFT_WINDOWS)
    drafts = _with_members(
        Proposal.objects.filter(state=ProposalState.DRAFT, call__state=CallState.PUBLISHED).filter(
            Q(call__deadline__gt=now, call__deadline__lte=horizon)
            | Q(extension_until__gt=now, extension_until__lte=horizon)
        )
    )
    queued = 0
    for proposal in drafts:
        deadline = draft_deadline(proposal)
        window = due_window(deadline, now, DRAFT_WINDOWS)
        if not window:
            continue
        for member in proposal.organisation.active_members:
            if not member.reminders_enabled:
                continue
            queue_notification(
                kind="draft_reminder",
                recipient=member,
                dedupe_key=(
                    f"reminder:{proposal.pk}:{member.pk}:{window_label(window)}:"
                    f"{deadline:%Y%m%d%H%M}"
                ),
                about=f"proposal:{proposal.pk}",
                call=proposal.call,
                link=proposal.get_absolute_url(),
                context={"proposal": proposal, "call": proposal.call, "deadline": deadline},
            )
            queued += 1
    return queued


def notify_deadline_changes() -> int:
    """Tell applicants with open proposals when their call's deadline moved.

    Proposals remember the deadline they were last told about (`deadline_seen`); a new
    proposal starts with the current one.
    """
    current_deadline = Subquery(Call.objects.filter(pk=OuterRef("call_id")).values("deadline")[:1])
    Proposal.objects.filter(deadline_seen__isnull=True).update(deadline_seen=current_deadline)
    changed = _with_members(
        Proposal.objects.filter(state__in=OPEN_STATES, call__state=CallState.PUBLISHED).exclude(
            deadline_seen=F("call__deadline")
        )
    )
    sent = 0
    for proposal in changed:
        deadline = proposal.call.deadline
        for member in proposal.organisation.active_members:
            queue_notification(
                kind="deadline_changed",
                recipient=member,
                dedupe_key=f"deadline:{proposal.pk}:{member.pk}:{deadline:%Y%m%d%H%M}",
                about=f"proposal:{proposal.pk}",
                call=proposal.call,
                link=proposal.get_absolute_url(),
                context={
                    "proposal": proposal,
                    "call": proposal.call,
                    "old_deadline": proposal.deadline_seen,
                    "deadline": deadline,
                },
            )
            sent += 1
        Proposal.objects.filter(pk=proposal.pk).update(deadline_seen=deadline)
    return sent
