"""Reminder windows before a deadline: the one rule for when a reminder is due.

A reminder for a window (7 days, 1 day, 3 hours…) is due once `now` has passed
`deadline - window` and the deadline has not passed. Only the closest window that is due is
sent: when the scan misses the 7-day moment (the system was down), the 7-day reminder still
goes out up to the 1-day moment, and after that the 1-day reminder replaces it.
"""

from datetime import datetime, timedelta


def window_label(window: timedelta) -> str:
    """A stable name for a window, used in dedupe keys: '7d', '1d', '3h'."""
    seconds = int(window.total_seconds())
    if seconds % 86400 == 0:
        return f"{seconds // 86400}d"
    return f"{seconds // 3600}h"


def due_window(deadline: datetime, now: datetime, windows: list[timedelta]) -> timedelta | None:
    """The window whose reminder is due now, or None (too early, or the deadline passed)."""
    if now >= deadline:
        return None
    passed = [w for w in windows if now >= deadline - w]
    return min(passed) if passed else None
