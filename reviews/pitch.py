"""The pitch stage's rules of time and its calendar files (one place for each).

A team may book, or change to, a free slot that starts more than `BOOKING_CUTOFF` from now,
and may change only while its own slot is that far away; after that, only the call's
officers move it. The calendar file of a booking keeps one UID per team, with a SEQUENCE
that grows with each booking, so a move updates the event in the team's calendar.
"""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from grants.phases import current_time
from portal import ics

BOOKING_CUTOFF = timedelta(hours=24)
# SEQUENCE counts seconds from here to the booking: it grows with every booking of the team.
SEQUENCE_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


def is_bookable(slot, now: datetime | None = None) -> bool:
    """A team may take `slot` now: free, and starting after the cut-off."""
    return slot.is_free and slot.starts_at > (now or current_time()) + BOOKING_CUTOFF


def may_change_booking(slot, now: datetime | None = None) -> bool:
    """The team may still leave `slot` (its booking) for another: before the cut-off."""
    return slot is None or slot.starts_at > (now or current_time()) + BOOKING_CUTOFF


def changes_close_at(slot) -> datetime:
    return slot.starts_at - BOOKING_CUTOFF


def where(slot) -> str:
    """The place and the link, as one line."""
    return " · ".join(part for part in (slot.place, slot.link) if part)


def booking_path(proposal) -> str:
    return reverse("reviews:pitch_booking", kwargs={"pk": proposal.pk})


def pitch_event(slot, proposal, *, attendees=()) -> ics.Event:
    """The calendar event of `proposal`'s pitch in `slot`, in the active language."""
    call = proposal.call
    page = settings.SITE_URL + booking_path(proposal)
    sequence = int(((slot.booked_at or SEQUENCE_EPOCH) - SEQUENCE_EPOCH).total_seconds())
    return ics.Event(
        uid=f"pitch-{proposal.pk}@{settings.MESSAGE_ID_DOMAIN}",
        sequence=max(sequence, 0),
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        summary=_("Pitch: %(title)s") % {"title": proposal.title},
        description="\n".join(
            filter(
                None,
                [
                    str(call.title),
                    proposal.reference,
                    _("Video link: %(link)s") % {"link": slot.link} if slot.link else "",
                    _("Your booking: %(page)s") % {"page": page},
                ],
            )
        ),
        location=where(slot),
        url=slot.link or page,
        organizer=settings.DEFAULT_FROM_EMAIL,
        attendees=list(attendees),
    )


def pitch_calendar(slot, proposal, *, method: str = "PUBLISH", attendees=()) -> str:
    return ics.calendar(pitch_event(slot, proposal, attendees=attendees), method=method)


def calendar_attachment(slot, proposal, *, attendees=()) -> tuple[str, str, str]:
    """The (name, type, content) of the invitation sent with a booking or a move."""
    content = pitch_calendar(slot, proposal, method="REQUEST", attendees=attendees)
    return ("pitch.ics", ics.CONTENT_TYPE, content)
