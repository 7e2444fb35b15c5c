"""Calendar files (iCalendar, RFC 5545): one event, written by hand.

Lines end in CRLF and are folded at 75 octets (never inside a UTF-8 character: Thai text is
three octets a letter); text values escape backslash, semicolon, comma and line breaks; times
are written in UTC ("...Z"), so no time-zone definition is needed. A changed event keeps its
UID with a higher SEQUENCE, so calendars update it instead of adding a second one; METHOD is
REQUEST for an invitation or a change, CANCEL to take it away, PUBLISH for a plain download.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parseaddr

CONTENT_TYPE = "text/calendar"
PRODID = "-//NIA Grant Portal//Pitch//TH"
LINE_OCTETS = 75


@dataclass(frozen=True)
class Event:
    uid: str
    starts_at: datetime
    ends_at: datetime
    summary: str
    sequence: int = 0
    description: str = ""
    location: str = ""
    url: str = ""
    organizer: str = ""  # "Name <address>" or an address
    attendees: list[str] = field(default_factory=list)
    cancelled: bool = False


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """One content line folded at 75 octets: CRLF and a space before each continuation."""
    parts: list[str] = []
    current, size = "", 0
    limit = LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            parts.append(current)
            current, size = "", 0
            limit = LINE_OCTETS - 1  # the leading space counts
        current += char
        size += octets
    parts.append(current)
    return "\r\n ".join(parts)


def _address(value: str) -> str:
    return parseaddr(value)[1] or value


def calendar(event: Event, *, method: str = "PUBLISH", stamp: datetime | None = None) -> str:
    """The text of a calendar with the one `event` (METHOD `method`), lines folded, CRLF."""
    stamp = stamp or datetime.now(UTC)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"SEQUENCE:{event.sequence}",
        f"DTSTAMP:{utc(stamp)}",
        f"DTSTART:{utc(event.starts_at)}",
        f"DTEND:{utc(event.ends_at)}",
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    if event.organizer:
        lines.append(f"ORGANIZER:mailto:{_address(event.organizer)}")
    lines.extend(f"ATTENDEE;RSVP=FALSE:mailto:{_address(a)}" for a in event.attendees)
    lines.append(f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)
