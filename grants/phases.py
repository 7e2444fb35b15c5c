"""A call's phase and the states officers may move it to: the one place for these rules.

The stored `state` records what people did (opened, closed early, started the review, published
results, archived). The `phase` reads that state against the timeline and the clock, so a
published call becomes open at its opening time and closed at its deadline by itself.
"""

from collections.abc import Callable
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from .enums import CallPhase, CallState

# The only moves a call's state may make; `grants.services.transition_call` refuses others.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    CallState.DRAFT: frozenset({CallState.PUBLISHED}),
    CallState.PUBLISHED: frozenset({CallState.CLOSED, CallState.IN_REVIEW}),
    CallState.CLOSED: frozenset({CallState.PUBLISHED, CallState.IN_REVIEW}),
    CallState.IN_REVIEW: frozenset({CallState.RESULTS_PUBLISHED}),
    CallState.RESULTS_PUBLISHED: frozenset({CallState.ARCHIVED}),
    CallState.ARCHIVED: frozenset(),
}


def current_time() -> datetime:
    """The clock every deadline is compared with (aware, UTC; shown in Asia/Bangkok)."""
    return timezone.now()


def phase_of(call, now: datetime | None = None) -> str:
    now = now or current_time()
    if call.state == CallState.PUBLISHED:
        if now < call.opens_at:
            return CallPhase.UPCOMING
        if now < call.deadline:
            return CallPhase.OPEN
        return CallPhase.CLOSED
    return {
        CallState.DRAFT: CallPhase.DRAFT,
        CallState.CLOSED: CallPhase.CLOSED,
        CallState.IN_REVIEW: CallPhase.IN_REVIEW,
        CallState.RESULTS_PUBLISHED: CallPhase.RESULTS_PUBLISHED,
        CallState.ARCHIVED: CallPhase.ARCHIVED,
    }[call.state]


def phase_condition(phase: str, now: datetime | None = None) -> Q:
    """The same rule as `phase_of`, as a database condition (tests keep the two in step)."""
    now = now or current_time()
    published = Q(state=CallState.PUBLISHED)
    conditions = {
        CallPhase.DRAFT: Q(state=CallState.DRAFT),
        CallPhase.UPCOMING: published & Q(opens_at__gt=now),
        CallPhase.OPEN: published & Q(opens_at__lte=now, deadline__gt=now),
        CallPhase.CLOSED: Q(state=CallState.CLOSED) | (published & Q(deadline__lte=now)),
        CallPhase.IN_REVIEW: Q(state=CallState.IN_REVIEW),
        CallPhase.RESULTS_PUBLISHED: Q(state=CallState.RESULTS_PUBLISHED),
        CallPhase.ARCHIVED: Q(state=CallState.ARCHIVED),
    }
    return conditions[phase]


def filter_in_phase(queryset: QuerySet, phase: str, now: datetime | None = None) -> QuerySet:
    return queryset.filter(phase_condition(phase, now))


def submission_cutoff(call) -> datetime:
    """The last moment a submission already under way is accepted: deadline plus grace."""
    return call.deadline + timedelta(minutes=call.grace_minutes)


def accepts_new_drafts(call, now: datetime | None = None) -> bool:
    return phase_of(call, now) == CallPhase.OPEN


def deadline_has_passed(deadline: datetime, now: datetime | None = None) -> bool:
    """Whether a call with this deadline could no longer be published (see `move_blocker`)."""
    return (now or current_time()) >= deadline


def move_blocker(call, to_state: str, now: datetime | None = None) -> str | None:
    """What forbids moving `call` to `to_state` now, or None when nothing does.

    "transition": the state table has no such move; "deadline_passed": publishing (or
    reopening) a call whose submission deadline is behind us; "timeline": any other rule of
    the timeline. Services turn the code into their sentence of refusal.
    """
    if to_state not in ALLOWED_TRANSITIONS[call.state]:
        return "transition"
    now = now or current_time()
    if to_state == CallState.IN_REVIEW:
        # Review starts once no submission can still arrive.
        allowed = call.state == CallState.CLOSED or now >= submission_cutoff(call)
        return None if allowed else "timeline"
    if to_state == CallState.CLOSED:
        # Closing *early*: after the deadline it is closed anyway.
        return None if now < call.deadline else "timeline"
    if to_state == CallState.PUBLISHED and deadline_has_passed(call.deadline, now):
        # A published call is open from its opening time to its deadline: with the deadline
        # behind us (a draft dated wholly in the past, or an early-closed call reopened too
        # late) it would be published closed.
        return "deadline_passed"
    return None


def can_move(call, to_state: str, now: datetime | None = None) -> bool:
    """Whether the state table and the timeline allow moving `call` to `to_state` now."""
    return move_blocker(call, to_state, now) is None


# From these states on, the review has begun: the rubric reviewers score against and whether
# they know who applied are fixed (grants.services.update_call refuses to change them).
REVIEW_STATES = frozenset({CallState.IN_REVIEW, CallState.RESULTS_PUBLISHED, CallState.ARCHIVED})

# Checks that a higher app registers to say a call's review has begun before its state says
# so (reviews: reviewers may be assigned, and told about their proposal, in a call closed
# early). Grants never imports those apps; they call `register_review_activity` from ready().
_REVIEW_ACTIVITY: list[Callable[[object], bool]] = []


def register_review_activity(check: Callable[[object], bool]) -> None:
    if check not in _REVIEW_ACTIVITY:  # ready() can run more than once (tests, autoreload)
        _REVIEW_ACTIVITY.append(check)


def review_started(call) -> bool:
    """Whether the review of `call` has begun: its state, or reviewers already at work."""
    if call.state in REVIEW_STATES:
        return True
    if call.pk is None or call.state == CallState.DRAFT:
        return False
    return any(check(call) for check in _REVIEW_ACTIVITY)
