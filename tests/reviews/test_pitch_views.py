"""The pitch pages: the officers' schedule, the team's booking page and calendar file, the
panel's pitch day, and who may open them."""

from datetime import UTC, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.enums import StageKind
from portal.enums import Role
from reviews.models import PitchSlot
from reviews.services.pitch import book_pitch_slot
from tests.factories import (
    AssignmentFactory,
    CallFactory,
    CallInReviewFactory,
    ConflictFactory,
    PanelMemberFactory,
    SubmittedProposalFactory,
    user_with,
)

pytestmark = pytest.mark.django_db


def test_the_officer_opens_one_slot_in_bangkok_time(client, officer, pitch_stage):
    client.force_login(officer)
    day = timezone.localdate() + timedelta(days=4)
    response = client.post(
        reverse("reviews:pitch_slot_open", kwargs={"slug": pitch_stage.slug}),
        {
            "starts_at": f"{day}T09:00",
            "ends_at": f"{day}T09:20",
            "place": "ห้องประชุม 3",
            "link": "",
        },
    )

    assert response.status_code == 302
    [slot] = PitchSlot.objects.all()
    assert timezone.localtime(slot.starts_at).strftime("%H:%M") == "09:00"
    assert slot.starts_at.astimezone(UTC).strftime("%H:%M") == "02:00"


def test_a_refused_slot_keeps_what_was_typed(client, officer, pitch_stage):
    client.force_login(officer)
    day = timezone.localdate() + timedelta(days=4)
    response = client.post(
        reverse("reviews:pitch_slot_open", kwargs={"slug": pitch_stage.slug}),
        {"starts_at": f"{day}T09:00", "ends_at": f"{day}T08:00", "place": "ห้องเก็บคำ"},
    )

    assert response.status_code == 400
    assert "ห้องเก็บคำ" in response.content.decode()
    assert PitchSlot.objects.count() == 0


def test_the_officer_opens_a_series(client, officer, pitch_stage):
    client.force_login(officer)
    day = timezone.localdate() + timedelta(days=4)
    response = client.post(
        reverse("reviews:pitch_series_open", kwargs={"slug": pitch_stage.slug}),
        {
            "day": str(day),
            "first_start": "13:00",
            "minutes": "15",
            "count": "3",
            "break_minutes": "5",
            "link": "https://meet.example.org/p",
        },
    )

    assert response.status_code == 302
    assert [timezone.localtime(s.starts_at).strftime("%H:%M") for s in PitchSlot.objects.all()] == [
        "13:00",
        "13:20",
        "13:40",
    ]


def test_the_schedule_shows_who_when_where_and_the_panel(
    client, officer, pitch_stage, pitch_team, applicant, open_slot
):
    book_pitch_slot(pitch_team, slot=open_slot(), by=applicant)
    reviewer = user_with(Role.REVIEWER, email="panel@example.org", full_name="ดร.กรรมการ รอบนำเสนอ")
    PanelMemberFactory(call=pitch_stage, reviewer=reviewer)
    client.force_login(officer)

    page = client.get(reverse("reviews:pitch_schedule", kwargs={"slug": pitch_stage.slug}))

    text = page.content.decode()
    assert page.status_code == 200
    assert pitch_team.title in text and "ห้องประชุม 3 สนช." in text
    assert "ดร.กรรมการ รอบนำเสนอ" in text


def test_the_team_books_a_free_slot_and_downloads_the_calendar_file(
    client, applicant, pitch_team, open_slot
):
    slot = open_slot()
    client.force_login(applicant)
    url = reverse("reviews:pitch_booking", kwargs={"pk": pitch_team.pk})

    page = client.get(url)
    assert page.status_code == 200 and f'value="{slot.pk}"' in page.content.decode()
    response = client.post(url, {"slot": slot.pk})

    assert response.status_code == 302
    assert PitchSlot.objects.get(pk=slot.pk).booked_proposal == pitch_team
    ics = client.get(reverse("reviews:pitch_ics", kwargs={"pk": pitch_team.pk}))
    assert ics.status_code == 200
    assert ics["Content-Type"].startswith("text/calendar")
    assert "attachment" in ics["Content-Disposition"]
    assert b"BEGIN:VEVENT" in ics.content and b"METHOD:PUBLISH" in ics.content


def test_a_taken_slot_is_refused_with_the_list_again(
    client, applicant, pitch_team, other_team, other_applicant, open_slot
):
    taken, free = open_slot(days=3), open_slot(days=4)
    book_pitch_slot(other_team, slot=taken, by=other_applicant)
    client.force_login(applicant)

    response = client.post(
        reverse("reviews:pitch_booking", kwargs={"pk": pitch_team.pk}), {"slot": taken.pk}
    )

    text = response.content.decode()
    assert response.status_code == 400
    assert "ทีมอื่นจองช่วงเวลานี้ไปแล้ว" in text
    assert f'value="{free.pk}"' in text and f'value="{taken.pk}"' not in text
    assert PitchSlot.objects.get(pk=taken.pk).booked_proposal == other_team


def test_the_officer_moves_a_team(client, officer, applicant, pitch_team, open_slot):
    first, other = open_slot(days=3), open_slot(days=4)
    book_pitch_slot(pitch_team, slot=first, by=applicant)
    client.force_login(officer)

    response = client.post(
        reverse("reviews:pitch_slot_move", kwargs={"pk": first.pk}), {"slot": other.pk}
    )

    assert response.status_code == 302
    assert PitchSlot.objects.get(pk=other.pk).booked_proposal == pitch_team


def test_the_panel_sees_the_pitch_day_with_material_and_scoring(
    client, pitch_stage, pitch_team, applicant, open_slot
):
    book_pitch_slot(pitch_team, slot=open_slot(), by=applicant)
    reviewer = user_with(Role.REVIEWER, email="panel@example.org")
    PanelMemberFactory(call=pitch_stage, reviewer=reviewer)
    AssignmentFactory(proposal=pitch_team, reviewer=reviewer)
    client.force_login(reviewer)

    page = client.get(reverse("reviews:pitch_day", kwargs={"slug": pitch_stage.slug}))
    text = page.content.decode()
    assert page.status_code == 200
    assert reverse("reviews:pitch_material", kwargs={"pk": pitch_team.pk}) in text
    assert reverse("reviews:review_proposal", kwargs={"pk": pitch_team.pk}) in text

    material = client.get(reverse("reviews:pitch_material", kwargs={"pk": pitch_team.pk}))
    assert material.status_code == 200
    assert pitch_team.previous_stage.title in material.content.decode()


def test_a_reviewer_of_another_stage_is_not_told_the_pitch_day_exists(
    client, pitch_stage, pitch_team
):
    outsider = user_with(Role.REVIEWER, email="outsider@example.org")
    PanelMemberFactory(call=pitch_stage.first_stage, reviewer=outsider)
    client.force_login(outsider)

    assert (
        client.get(reverse("reviews:pitch_day", kwargs={"slug": pitch_stage.slug})).status_code
        == 404
    )
    assert (
        client.get(reverse("reviews:pitch_material", kwargs={"pk": pitch_team.pk})).status_code
        == 404
    )


def test_a_panel_member_in_conflict_does_not_read_the_teams_material(
    client, pitch_stage, pitch_team
):
    reviewer = user_with(Role.REVIEWER, email="panel@example.org")
    PanelMemberFactory(call=pitch_stage, reviewer=reviewer)
    ConflictFactory(proposal=pitch_team, reviewer=reviewer)
    client.force_login(reviewer)

    response = client.get(reverse("reviews:pitch_material", kwargs={"pk": pitch_team.pk}))
    assert response.status_code == 404


def test_another_team_cannot_open_a_teams_booking(client, other_applicant, pitch_team, other_team):
    client.force_login(other_applicant)
    for name in ("reviews:pitch_booking", "reviews:pitch_ics"):
        assert client.get(reverse(name, kwargs={"pk": pitch_team.pk})).status_code == 404


def test_the_schedule_is_only_for_a_pitch_stage(client, officer):
    call = CallInReviewFactory(officers=[officer])
    client.force_login(officer)
    response = client.get(reverse("reviews:pitch_schedule", kwargs={"slug": call.slug}))
    assert response.status_code == 403


@pytest.mark.parametrize("slots", [2, 6])
def test_the_pitch_day_reads_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, pitch_stage, officer, slots
):
    start = timezone.now() + timedelta(days=3)
    for n in range(slots):
        team = SubmittedProposalFactory(call=pitch_stage)
        PitchSlot.objects.create(
            stage=pitch_stage,
            starts_at=start + timedelta(minutes=30 * n),
            ends_at=start + timedelta(minutes=30 * n + 20),
            place="ห้อง",
            booked_proposal=team,
            booked_at=timezone.now(),
        )
    client.force_login(officer)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("reviews:pitch_day", kwargs={"slug": pitch_stage.slug}))
    assert page.content.decode().count("list-group-item d-flex") == slots


def test_a_later_stage_of_another_kind_has_no_pitch_day(client, officer):
    stage = CallFactory(
        first_stage=CallInReviewFactory(officers=[officer]),
        stage_number=2,
        stage_kind=StageKind.FULL,
        officers=[officer],
    )
    client.force_login(officer)
    response = client.get(reverse("reviews:pitch_day", kwargs={"slug": stage.slug}))
    assert response.status_code == 404


def test_the_teams_proposal_page_leads_to_booking_then_shows_the_booking(
    client, applicant, pitch_team, open_slot
):
    client.force_login(applicant)
    detail = reverse("proposals:proposal_detail", kwargs={"pk": pitch_team.pk})
    booking = reverse("reviews:pitch_booking", kwargs={"pk": pitch_team.pk})

    before = client.get(detail).content.decode()
    assert 'id="pitch-booking-panel"' in before and booking in before
    book_pitch_slot(pitch_team, slot=open_slot(), by=applicant)
    after = client.get(detail).content.decode()
    assert "ห้องประชุม 3 สนช." in after
    assert reverse("reviews:pitch_ics", kwargs={"pk": pitch_team.pk}) in after


def test_the_stage_page_leads_officers_to_the_schedule_and_the_panel_to_the_pitch_day(
    client, officer, pitch_stage
):
    reviewer = user_with(Role.REVIEWER, email="panel@example.org")
    PanelMemberFactory(call=pitch_stage, reviewer=reviewer)
    schedule = reverse("reviews:pitch_schedule", kwargs={"slug": pitch_stage.slug})
    day = reverse("reviews:pitch_day", kwargs={"slug": pitch_stage.slug})
    url = reverse("grants:call_detail", kwargs={"slug": pitch_stage.slug})

    client.force_login(officer)
    page = client.get(url).content.decode()
    assert f'href="{schedule}"' in page and f'href="{day}"' in page
    client.force_login(reviewer)
    page = client.get(url).content.decode()
    assert f'href="{day}"' in page and f'href="{schedule}"' not in page


def _booked_slots(stage, n: int) -> None:
    start = timezone.now() + timedelta(days=3)
    for index in range(n):
        PitchSlot.objects.create(
            stage=stage,
            starts_at=start + timedelta(minutes=30 * index),
            ends_at=start + timedelta(minutes=30 * index + 20),
            place="ห้อง",
            booked_proposal=SubmittedProposalFactory(call=stage) if index % 2 else None,
            booked_at=timezone.now() if index % 2 else None,
        )


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_schedule_and_the_booking_page_read_the_same_queries_at_two_sizes(
    client, officer, applicant, pitch_stage, pitch_team
):
    schedule = reverse("reviews:pitch_schedule", kwargs={"slug": pitch_stage.slug})
    booking = reverse("reviews:pitch_booking", kwargs={"pk": pitch_team.pk})
    _booked_slots(pitch_stage, 2)
    client.force_login(officer)
    small_schedule = _queries(client, schedule)
    client.force_login(applicant)
    small_booking = _queries(client, booking)

    _booked_slots(pitch_stage, 8)
    client.force_login(officer)
    assert _queries(client, schedule) == small_schedule
    client.force_login(applicant)
    assert _queries(client, booking) == small_booking


def test_a_team_erased_later_leaves_its_slot_free(applicant, pitch_team, open_slot):
    slot = book_pitch_slot(pitch_team, slot=open_slot(), by=applicant)
    PitchSlot.objects.filter(pk=slot.pk).update(booked_proposal=None)

    assert PitchSlot.objects.get(pk=slot.pk).is_free


def test_a_viewer_of_the_organisation_reads_the_booking_but_cannot_book(
    client, applicant, pitch_team, open_slot
):
    from proposals.enums import MemberRole
    from proposals.services.team import accept_team_invitation, invite_to_team

    slot = open_slot()
    viewer = user_with(Role.APPLICANT, email="viewer-pitch@example.org")
    invitation = invite_to_team(
        pitch_team.organisation, email=viewer.email, role=MemberRole.VIEWER, by=applicant
    )
    accept_team_invitation(invitation, user=viewer)
    client.force_login(viewer)
    url = reverse("reviews:pitch_booking", kwargs={"pk": pitch_team.pk})

    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="pitch-viewer"' in text and f'value="{slot.pk}"' not in text
    assert client.post(url, {"slot": slot.pk}).status_code == 403
    assert PitchSlot.objects.get(pk=slot.pk).booked_proposal is None
