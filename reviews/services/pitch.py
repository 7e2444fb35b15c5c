"""Pitch slots: the officers open, edit, cancel and move them; invited teams book them.

First come, first served without locks on the slots: a booking is a conditional update of a
free slot (`booked_proposal IS NULL`), so of two teams taking the same slot one updates it
and the other is told it was taken; a team holds one slot at most (a unique column). A
team's own clicks (two tabs) are taken in turn by locking its proposal's row.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.models import Call
from grants.phases import current_time
from grants.stages import is_pitch
from portal.formatting import format_datetime
from portal.refusals import Refusal
from proposals.models import Proposal

from .. import notifications
from ..models import PitchSlot
from ..pitch import BOOKING_CUTOFF, changes_close_at, is_bookable, may_change_booking

BANGKOK = ZoneInfo("Asia/Bangkok")
MAX_SERIES = 40


def _refuse_unless_pitch(stage: Call) -> None:
    if not is_pitch(stage):
        raise Refusal(_("Pitch slots belong to a pitch stage."), code="not_pitch")


def _refuse_bad_slot(stage, starts_at, ends_at, place, link, *, excluding=None) -> None:
    errors: dict = {}
    if not (place or "").strip() and not link:
        errors["place"] = [_("Give the place, the video link, or both.")]
    if ends_at <= starts_at:
        errors["ends_at"] = [_("A slot ends after it starts.")]
    elif starts_at <= current_time():
        errors["starts_at"] = [_("A slot starts in the future.")]
    else:
        overlapping = stage.pitch_slots.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)
        if excluding is not None:
            overlapping = overlapping.exclude(pk=excluding.pk)
        clash = overlapping.first()
        if clash:
            errors["starts_at"] = [
                _("This time overlaps the slot at %(when)s.")
                % {"when": format_datetime(clash.starts_at)}
            ]
    if errors:
        raise Refusal.of(errors, code="bad_slot")


def _lock_stage(stage: Call) -> Call:
    # Slots of one stage are opened in turn, so two officers cannot open overlapping ones.
    return Call.objects.select_for_update().get(pk=stage.pk)


@transaction.atomic
def open_pitch_slot(
    stage: Call, *, starts_at: datetime, ends_at: datetime, place: str = "", link: str = "", by
) -> PitchSlot:
    """Open one slot in the pitch stage `stage`.

    Refuses: a stage that is not a pitch; no place and no link; an end before the start; a
    start in the past; a time overlapping another slot of the stage.
    Side effects: the PitchSlot (free).
    """
    stage = _lock_stage(stage)
    _refuse_unless_pitch(stage)
    _refuse_bad_slot(stage, starts_at, ends_at, place, link)
    return PitchSlot.objects.create(
        stage=stage,
        starts_at=starts_at,
        ends_at=ends_at,
        place=(place or "").strip(),
        link=link or "",
        created_by=by,
    )


def series_times(
    day: date, first_start: time, *, minutes: int, count: int, break_minutes: int = 0
) -> list[tuple[datetime, datetime]]:
    """`count` slots of `minutes` on `day` (Bangkok time) from `first_start`, with a break of
    `break_minutes` between them."""
    start = datetime.combine(day, first_start, BANGKOK)
    times = []
    for _n in range(count):
        end = start + timedelta(minutes=minutes)
        times.append((start, end))
        start = end + timedelta(minutes=break_minutes)
    return times


@transaction.atomic
def open_pitch_series(
    stage: Call,
    *,
    day: date,
    first_start: time,
    minutes: int,
    count: int,
    break_minutes: int = 0,
    place: str = "",
    link: str = "",
    by,
) -> list[PitchSlot]:
    """Open `count` slots one after another on `day` (see series_times), all or none.

    Refuses: as open_pitch_slot, for any slot of the series (nothing is opened then); more
    than MAX_SERIES slots.
    Side effects: the PitchSlots (free).
    """
    if count < 1 or count > MAX_SERIES or minutes < 1:
        raise Refusal(_("A series has 1 to %(most)d slots.") % {"most": MAX_SERIES}, field="count")
    times = series_times(
        day, first_start, minutes=minutes, count=count, break_minutes=break_minutes
    )
    return [
        open_pitch_slot(stage, starts_at=start, ends_at=end, place=place, link=link, by=by)
        for start, end in times
    ]


def _refuse_if_booked(slot: PitchSlot) -> PitchSlot:
    slot = PitchSlot.objects.select_for_update().select_related("stage").get(pk=slot.pk)
    if not slot.is_free:
        raise Refusal(
            _("A team has booked this slot: move the team to another slot first."),
            code="booked",
        )
    return slot


@transaction.atomic
def edit_pitch_slot(
    slot: PitchSlot,
    *,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    link: str = "",
    by,
) -> PitchSlot:
    """Change a free slot's time, place or link.

    Refuses: a booked slot (move its team first); as open_pitch_slot.
    Side effects: the PitchSlot's fields.
    """
    _lock_stage(slot.stage)
    slot = _refuse_if_booked(slot)
    _refuse_bad_slot(slot.stage, starts_at, ends_at, place, link, excluding=slot)
    updated = PitchSlot.objects.filter(pk=slot.pk, booked_proposal__isnull=True).update(
        starts_at=starts_at, ends_at=ends_at, place=(place or "").strip(), link=link or ""
    )
    if not updated:  # booked a moment ago
        raise Refusal(_("A team has just booked this slot."), code="booked")
    slot.refresh_from_db()
    return slot


@transaction.atomic
def cancel_pitch_slot(slot: PitchSlot, *, by) -> None:
    """Take a free slot away. Refuses: a booked slot. Side effects: the PitchSlot deleted."""
    deleted, _rows = PitchSlot.objects.filter(pk=slot.pk, booked_proposal__isnull=True).delete()
    if not deleted:
        raise Refusal(
            _("A team has booked this slot: move the team to another slot first."),
            code="booked",
        )


def _take(slot_pk: int, proposal: Proposal, by) -> bool:
    """Book the slot for `proposal` if it is still free (the conditional update)."""
    try:
        with transaction.atomic():
            return bool(
                PitchSlot.objects.filter(pk=slot_pk, booked_proposal__isnull=True).update(
                    booked_proposal=proposal, booked_at=timezone.now(), booked_by=by
                )
            )
    except IntegrityError:  # the team holds another slot (a booking made a moment ago)
        return False


def _release(proposal: Proposal) -> None:
    PitchSlot.objects.filter(booked_proposal=proposal).update(
        booked_proposal=None, booked_at=None, booked_by=None
    )


TAKEN = _("Another team booked this slot a moment ago. Please choose another free slot.")


@transaction.atomic
def book_pitch_slot(proposal: Proposal, *, slot: PitchSlot, by) -> PitchSlot:
    """The team of `proposal` (invited to the pitch stage) books `slot`, or changes to it.

    First come, first served. Refuses: a slot of another stage; a slot taken (code "taken");
    a slot that starts within the cut-off; a change once the team's own slot is within the
    cut-off (the officers move it then).
    Side effects: the team's previous slot freed, `slot` booked (booked_at, booked_by), and a
    "pitch_booked" message with the calendar file to each member of the team.
    """
    proposal = Proposal.objects.select_for_update().select_related("call").get(pk=proposal.pk)
    if slot.stage_id != proposal.call_id:
        raise Refusal(_("This slot is not one of your pitch stage's."), code="other_stage")
    current = PitchSlot.objects.filter(booked_proposal=proposal).first()
    if current is not None and current.pk == slot.pk:
        return current
    if not may_change_booking(current):
        raise Refusal(
            _("Changes closed on %(when)s. Please ask the call's officers to move your pitch.")
            % {"when": format_datetime(changes_close_at(current))},
            code="changes_closed",
        )
    slot = PitchSlot.objects.get(pk=slot.pk)
    if not slot.is_free:
        raise Refusal(TAKEN, code="taken")
    if not is_bookable(slot):
        hours = int(BOOKING_CUTOFF.total_seconds() // 3600)
        raise Refusal(
            _("Slots can be booked up to %(hours)d hours before they start.") % {"hours": hours},
            code="too_late",
        )
    _release(proposal)
    if not _take(slot.pk, proposal, by):
        # Somebody was faster: the transaction rolls back, the team keeps its old slot.
        raise Refusal(TAKEN, code="taken")
    slot.refresh_from_db()
    notifications.pitch_booked(slot, proposal)
    return slot


@transaction.atomic
def move_pitch_booking(slot: PitchSlot, *, to: PitchSlot, by) -> PitchSlot:
    """An officer moves the team booked in `slot` to the free slot `to` (any time).

    Refuses: `slot` not booked; `to` of another stage, or taken.
    Side effects: `slot` freed, `to` booked for the team, and a "pitch_moved" message with
    the new calendar file to each member of the team.
    """
    slot = PitchSlot.objects.select_related("booked_proposal").get(pk=slot.pk)
    proposal = slot.booked_proposal
    if proposal is None:
        raise Refusal(_("No team has booked this slot."), code="free")
    if to.stage_id != slot.stage_id:
        raise Refusal(_("Choose a slot of the same stage."), field="to", code="other_stage")
    proposal = Proposal.objects.select_for_update().select_related("call").get(pk=proposal.pk)
    _release(proposal)
    if not _take(to.pk, proposal, by):
        raise Refusal(_("That slot is taken: choose a free one."), field="to", code="taken")
    to.refresh_from_db()
    notifications.pitch_moved(to, proposal, previous=slot)
    return to
