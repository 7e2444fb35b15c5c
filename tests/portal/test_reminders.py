from datetime import UTC, datetime, timedelta

import pytest

from portal.reminders import due_window, window_label

WINDOWS = [timedelta(days=7), timedelta(days=1), timedelta(hours=3)]
DEADLINE = datetime(2026, 12, 13, 16, 59, tzinfo=UTC)  # 23:59 in Bangkok


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        (timedelta(days=8), None),  # too early
        (timedelta(days=7), timedelta(days=7)),  # exactly at the 7-day mark
        (timedelta(days=2), timedelta(days=7)),  # missed the mark: still meaningful
        (timedelta(hours=23), timedelta(days=1)),  # the 1-day one replaces it
        (timedelta(hours=3), timedelta(hours=3)),
        (timedelta(minutes=1), timedelta(hours=3)),
        (timedelta(0), None),  # the deadline has passed
        (-timedelta(hours=1), None),
    ],
)
def test_the_closest_due_window_is_chosen(before, expected):
    assert due_window(DEADLINE, DEADLINE - before, WINDOWS) == expected


def test_window_labels_are_stable_names():
    assert [window_label(w) for w in WINDOWS] == ["7d", "1d", "3h"]
