"""Calendar files (RFC 5545): folded lines, escaped text, UTC times; and the outbox delivers
a message's calendar file as an attachment."""

from datetime import UTC, datetime, timedelta
from email import message_from_bytes

import pytest
from django.core import mail

from portal import ics
from portal.models import Notification
from portal.outbox import queue_notification
from portal.tasks import deliver_notification_task, deliver_notifications_task

BANGKOK_NINE = datetime.fromisoformat("2026-12-08T09:00:00+07:00")


def event(**fields) -> ics.Event:
    return ics.Event(
        **{
            "uid": "pitch-7@portal.localhost",
            "starts_at": BANGKOK_NINE,
            "ends_at": BANGKOK_NINE + timedelta(minutes=20),
            "summary": "นำเสนอ: ระบบเตือนภัยน้ำท่วม, ชุมชน; รอบที่ 2",
            **fields,
        }
    )


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_times_are_utc_and_every_line_ends_in_crlf():
    text = ics.calendar(event(), method="REQUEST", stamp=datetime(2026, 11, 30, tzinfo=UTC))

    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    lines = unfold(text)
    assert lines[:5] == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{ics.PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:REQUEST",
    ]
    assert "DTSTART:20261208T020000Z" in lines  # 09:00 in Bangkok
    assert "DTEND:20261208T022000Z" in lines
    assert "DTSTAMP:20261130T000000Z" in lines
    assert "UID:pitch-7@portal.localhost" in lines


def test_text_is_escaped():
    text = ics.calendar(event(description="บรรทัดแรก\nบรรทัดสอง\\ท้าย"))

    lines = unfold(text)
    assert "SUMMARY:นำเสนอ: ระบบเตือนภัยน้ำท่วม\\, ชุมชน\\; รอบที่ 2" in lines
    assert "DESCRIPTION:บรรทัดแรก\\nบรรทัดสอง\\\\ท้าย" in lines


def test_long_thai_lines_are_folded_at_75_octets_between_characters():
    long_place = "ห้องประชุมใหญ่ ชั้น 9 อาคารสำนักงานนวัตกรรมแห่งชาติ ถนนพระรามหก " * 3
    text = ics.calendar(event(location=long_place))

    physical = text.split("\r\n")
    assert max(len(line.encode("utf-8")) for line in physical) <= 75
    assert any(line.startswith(" ") for line in physical)
    for line in physical:
        line.encode("utf-8").decode("utf-8")  # no character cut in two
    assert f"LOCATION:{ics.escape_text(long_place)}" in unfold(text)


def test_a_cancelled_event_says_so():
    assert "STATUS:CANCELLED" in unfold(ics.calendar(event(cancelled=True), method="CANCEL"))


@pytest.mark.django_db
@pytest.mark.parametrize("batched", [False, True])
def test_the_delivered_email_carries_the_calendar_file(batched, django_capture_on_commit_callbacks):
    content = ics.calendar(event(), method="REQUEST")
    notification = queue_notification(
        kind="invitation",
        dedupe_key="ics-test",
        email="team@example.org",
        language="th",
        context={
            "invitation": None,
            "accept_url": "http://127.0.0.1:8000/x/",
            "valid_days": 14,
        },
        attachment=("pitch.ics", ics.CONTENT_TYPE, content),
    )

    if batched:
        deliver_notifications_task([notification.pk])
    else:
        deliver_notification_task(notification.pk)

    [email] = mail.outbox
    [(name, body, mimetype)] = email.attachments
    assert (name, mimetype) == ("pitch.ics", "text/calendar")
    assert body == content
    parsed = message_from_bytes(email.message().as_bytes())
    [part] = [p for p in parsed.walk() if p.get_filename() == "pitch.ics"]
    assert part.get_content_type() == "text/calendar"
    # Mail carries text parts with its own line ends (CRLF on the wire); the lines are the same.
    sent = part.get_payload(decode=True).decode("utf-8")
    assert sent.replace("\r\n", "\n") == content.replace("\r\n", "\n")
    assert Notification.objects.get(pk=notification.pk).state == "sent"
