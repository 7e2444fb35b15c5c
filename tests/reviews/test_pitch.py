"""Pitch slots: opening them, booking (first come), changing until the cut-off, moving, the
calendar file the messages carry, and the reminder the day before."""

import threading
from datetime import date, datetime, time, timedelta

import pytest
from django.db import connections
from django.utils import timezone

from portal.models import Notification
from portal.refusals import Refusal
from reviews.models import PitchSlot
from reviews.reminders import queue_pitch_reminders
from reviews.services.pitch import (
    book_pitch_slot,
    cancel_pitch_slot,
    edit_pitch_slot,
    move_pitch_booking,
    open_pitch_series,
    open_pitch_slot,
    series_times,
)
from tests.factories import CallInReviewFactory

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- opening slots


def test_a_series_runs_one_slot_after_another_with_the_break_in_bangkok_time():
    times = series_times(date(2026, 12, 8), time(9, 0), minutes=20, count=3, break_minutes=10)

    assert [(s.strftime("%H:%M"), e.strftime("%H:%M")) for s, e in times] == [
        ("09:00", "09:20"),
        ("09:30", "09:50"),
        ("10:00", "10:20"),
    ]
    assert str(times[0][0].utcoffset()) == "7:00:00"


def test_opening_a_series_stores_every_slot_in_utc(pitch_stage, officer):
    day = timezone.localdate() + timedelta(days=5)
    slots = open_pitch_series(
        pitch_stage,
        day=day,
        first_start=time(9, 0),
        minutes=20,
        count=4,
        break_minutes=5,
        link="https://meet.example.org/pitch",
        by=officer,
    )

    assert [s.starts_at.astimezone(timezone.get_current_timezone()).time() for s in slots] == [
        time(9, 0),
        time(9, 25),
        time(9, 50),
        time(10, 15),
    ]
    assert PitchSlot.objects.get(pk=slots[0].pk).starts_at.hour == 2  # 09:00 ICT is 02:00 UTC


def test_a_series_overlapping_a_slot_opens_none_of_its_slots(pitch_stage, officer):
    # At a fixed time of day, so that the series starts on the same day whenever the test runs.
    day = timezone.localdate() + timedelta(days=5)
    start = timezone.make_aware(datetime.combine(day, time(10, 0)))
    existing = open_pitch_slot(
        pitch_stage,
        starts_at=start,
        ends_at=start + timedelta(minutes=20),
        place="ห้อง 2",
        by=officer,
    )
    with pytest.raises(Refusal) as refused:
        open_pitch_series(
            pitch_stage,
            day=day,
            first_start=time(9, 30),
            minutes=20,
            count=3,
            place="ห้อง 1",
            by=officer,
        )

    assert "starts_at" in refused.value.errors
    assert list(PitchSlot.objects.values_list("pk", flat=True)) == [existing.pk]


def test_a_slot_needs_a_place_or_a_link_and_an_end_after_its_start(pitch_stage, officer):
    start = timezone.now() + timedelta(days=3)
    with pytest.raises(Refusal) as refused:
        open_pitch_slot(pitch_stage, starts_at=start, ends_at=start, place="", link="", by=officer)

    assert set(refused.value.errors) == {"place", "ends_at"}
    assert PitchSlot.objects.count() == 0


def test_slots_belong_to_a_pitch_stage_only(officer):
    call = CallInReviewFactory(officers=[officer])
    start = timezone.now() + timedelta(days=3)
    with pytest.raises(Refusal) as refused:
        open_pitch_slot(
            call, starts_at=start, ends_at=start + timedelta(minutes=20), place="ห้อง", by=officer
        )

    assert refused.value.code == "not_pitch"


def test_a_booked_slot_can_be_neither_edited_nor_cancelled(
    pitch_team, applicant, officer, open_slot
):
    slot = book_pitch_slot(pitch_team, slot=open_slot(), by=applicant)

    with pytest.raises(Refusal):
        cancel_pitch_slot(slot, by=officer)
    with pytest.raises(Refusal):
        edit_pitch_slot(
            slot, starts_at=slot.starts_at, ends_at=slot.ends_at, place="ห้องใหม่", by=officer
        )
    assert PitchSlot.objects.get(pk=slot.pk).place == "ห้องประชุม 3 สนช."


def test_a_free_slot_is_edited_and_cancelled(officer, open_slot):
    slot = open_slot()
    edited = edit_pitch_slot(
        slot,
        starts_at=slot.starts_at + timedelta(hours=1),
        ends_at=slot.ends_at + timedelta(hours=1),
        place="",
        link="https://meet.example.org/x",
        by=officer,
    )
    assert (edited.place, edited.link) == ("", "https://meet.example.org/x")

    cancel_pitch_slot(edited, by=officer)
    assert PitchSlot.objects.count() == 0


# ---------------------------------------------------------------- booking


def test_booking_takes_the_slot_and_sends_the_calendar_file(pitch_team, applicant, open_slot):
    slot = open_slot(link="https://meet.example.org/pitch-1")

    booked = book_pitch_slot(pitch_team, slot=slot, by=applicant)

    assert (booked.booked_proposal, booked.booked_by) == (pitch_team, applicant)
    [message] = Notification.objects.filter(kind="pitch_booked")
    assert message.recipient == applicant
    assert (message.attachment_name, message.attachment_type) == ("pitch.ics", "text/calendar")
    ics = message.attachment_content
    assert "METHOD:REQUEST\r\n" in ics
    assert f"UID:pitch-{pitch_team.pk}@" in ics
    assert f"DTSTART:{slot.starts_at.astimezone(timezone.UTC):%Y%m%dT%H%M%SZ}\r\n" in ics
    assert "LOCATION:ห้องประชุม 3 สนช. · https://meet.example.org/pitch-1" in ics.replace("\r\n ", "")


def test_a_taken_slot_is_refused_clearly(
    pitch_team, other_team, applicant, other_applicant, open_slot
):
    slot = open_slot()
    book_pitch_slot(other_team, slot=slot, by=other_applicant)

    with pytest.raises(Refusal) as refused:
        book_pitch_slot(pitch_team, slot=slot, by=applicant)

    assert refused.value.code == "taken"
    assert PitchSlot.objects.get(pk=slot.pk).booked_proposal == other_team


def test_a_team_changes_slot_and_holds_one_only(pitch_team, applicant, open_slot):
    first, second = open_slot(days=3), open_slot(days=4)
    book_pitch_slot(pitch_team, slot=first, by=applicant)

    book_pitch_slot(pitch_team, slot=second, by=applicant)

    assert list(PitchSlot.objects.filter(booked_proposal=pitch_team)) == [second]
    assert PitchSlot.objects.get(pk=first.pk).is_free
    assert Notification.objects.filter(kind="pitch_booked").count() == 2


def test_a_change_is_refused_within_a_day_of_the_teams_pitch(
    pitch_team, applicant, open_slot, time_machine
):
    first, later = open_slot(days=2), open_slot(days=5)
    book_pitch_slot(pitch_team, slot=first, by=applicant)

    time_machine.move_to(first.starts_at - timedelta(hours=23))
    with pytest.raises(Refusal) as refused:
        book_pitch_slot(pitch_team, slot=later, by=applicant)

    assert refused.value.code == "changes_closed"
    assert PitchSlot.objects.get(pk=first.pk).booked_proposal == pitch_team


def test_a_slot_starting_within_a_day_cannot_be_booked(pitch_team, applicant, open_slot):
    soon = open_slot(days=0.5)
    with pytest.raises(Refusal) as refused:
        book_pitch_slot(pitch_team, slot=soon, by=applicant)

    assert refused.value.code == "too_late"
    assert PitchSlot.objects.get(pk=soon.pk).is_free


def test_a_slot_of_another_stage_is_refused(pitch_team, applicant, officer):
    from grants.enums import StageKind
    from tests.factories import CallFactory

    other = CallFactory(
        first_stage=CallInReviewFactory(), stage_number=2, stage_kind=StageKind.PITCH
    )
    start = timezone.now() + timedelta(days=3)
    slot = PitchSlot.objects.create(
        stage=other, starts_at=start, ends_at=start + timedelta(minutes=20), place="ห้อง"
    )
    with pytest.raises(Refusal) as refused:
        book_pitch_slot(pitch_team, slot=slot, by=applicant)
    assert refused.value.code == "other_stage"


def test_the_database_refuses_a_second_slot_for_one_team(pitch_team, open_slot):
    from django.db import IntegrityError, transaction

    first, second = open_slot(days=3), open_slot(days=4)
    PitchSlot.objects.filter(pk=first.pk).update(
        booked_proposal=pitch_team, booked_at=timezone.now()
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        PitchSlot.objects.filter(pk=second.pk).update(
            booked_proposal=pitch_team, booked_at=timezone.now()
        )


# ---------------------------------------------------------------- moving


def test_an_officer_moves_a_team_and_the_team_gets_the_new_calendar_file(
    pitch_team, applicant, officer, open_slot, time_machine
):
    first, other = open_slot(days=2), open_slot(days=3)
    book_pitch_slot(pitch_team, slot=first, by=applicant)
    booked_ics = Notification.objects.get(kind="pitch_booked").attachment_content
    time_machine.move_to(first.starts_at - timedelta(hours=2))  # past the team's cut-off

    moved = move_pitch_booking(first, to=other, by=officer)

    assert moved.booked_proposal == pitch_team and PitchSlot.objects.get(pk=first.pk).is_free
    [message] = Notification.objects.filter(kind="pitch_moved")
    assert message.recipient == applicant
    ics = message.attachment_content
    assert f"DTSTART:{other.starts_at.astimezone(timezone.UTC):%Y%m%dT%H%M%SZ}" in ics
    uid = f"UID:pitch-{pitch_team.pk}@"
    assert uid in ics and uid in booked_ics  # the same event, updated in the calendar

    def sequence(text):
        return int(text.split("SEQUENCE:")[1].split("\r\n")[0])

    assert sequence(ics) > sequence(booked_ics)


def test_moving_to_a_taken_slot_is_refused_and_keeps_both(
    pitch_team, other_team, applicant, other_applicant, officer, open_slot
):
    mine, theirs = open_slot(days=3), open_slot(days=4)
    book_pitch_slot(pitch_team, slot=mine, by=applicant)
    book_pitch_slot(other_team, slot=theirs, by=other_applicant)

    with pytest.raises(Refusal) as refused:
        move_pitch_booking(mine, to=theirs, by=officer)

    assert refused.value.code == "taken"
    assert PitchSlot.objects.get(pk=mine.pk).booked_proposal == pitch_team
    assert PitchSlot.objects.get(pk=theirs.pk).booked_proposal == other_team


# ---------------------------------------------------------------- reminders


def test_the_team_is_reminded_once_the_day_before(pitch_team, applicant, open_slot, time_machine):
    slot = book_pitch_slot(pitch_team, slot=open_slot(days=3), by=applicant)

    assert queue_pitch_reminders() == 0  # three days ahead: too early
    time_machine.move_to(slot.starts_at - timedelta(hours=20))
    assert queue_pitch_reminders() == 1
    queue_pitch_reminders()

    [reminder] = Notification.objects.filter(kind="pitch_reminder")
    assert reminder.recipient == applicant
    assert reminder.attachment_name == "pitch.ics"


# ---------------------------------------------------------------- first come, first served


@pytest.mark.django_db(transaction=True)
def test_two_teams_racing_for_one_slot_one_wins_and_the_other_is_told(
    reference_data, pitch_team, other_team, applicant, other_applicant, open_slot
):
    slot = open_slot()
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def book(team, user, name):
        try:
            start.wait()
            book_pitch_slot(team, slot=slot, by=user)
            outcomes[name] = "booked"
        except Refusal as refusal:
            outcomes[name] = refusal.code
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=book, args=(pitch_team, applicant, "a")),
        threading.Thread(target=book, args=(other_team, other_applicant, "b")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes.values()) == ["booked", "taken"]
    winner = pitch_team if outcomes["a"] == "booked" else other_team
    assert PitchSlot.objects.get(pk=slot.pk).booked_proposal == winner
    assert Notification.objects.filter(kind="pitch_booked").count() == 1
