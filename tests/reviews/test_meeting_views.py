"""The meeting pages: what each form does and says, and the page's queries at two sizes."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.enums import Role
from reviews.models import ItemConflict, Meeting, Vote
from reviews.services import meetings as service
from tests.factories import CallInReviewFactory, EligibleProposalFactory, ReviewFactory, user_with
from tests.factories.reviews import full_points

pytestmark = pytest.mark.django_db


def call_with(officer, n: int):
    call = CallInReviewFactory(officers=[officer], budget_total=Decimal("250000"))
    for index in range(n):
        proposal = EligibleProposalFactory(call=call)
        share = Decimal("0.9") - Decimal("0.1") * index
        ReviewFactory(assignment__proposal=proposal, points=full_points(call, share))
    return call


@pytest.fixture
def members(db):
    return [user_with(Role.COMMITTEE, email=f"m{n}@example.org") for n in range(3)]


def meeting_of(call, officer, members) -> Meeting:
    meeting = service.schedule_meeting(
        call,
        starts_at=timezone.now() + timedelta(days=1),
        members=members,
        chair=members[0],
        place="ห้องประชุม",
        line_window=1,
        by=officer,
    )
    seats = list(meeting.members.order_by("pk"))
    service.record_attendance(meeting, present=[s.pk for s in seats[:2]], by=officer)
    service.open_meeting(meeting, by=officer)
    for item in meeting.items.filter(in_bulk=False):
        service.open_item(item, by=officer)
        service.cast_vote(item, member=seats[0], choice="not_fund")
    service.declare_item_conflict(meeting.items.filter(in_bulk=True).first(), member=seats[1])
    meeting.refresh_from_db()
    return meeting


def test_the_meeting_page_makes_the_same_queries_for_a_longer_agenda(client, officer, members):
    client.force_login(officer)
    counts = []
    for size in (4, 9):
        meeting = meeting_of(call_with(officer, size), officer, members)
        assert meeting.items.count() == size
        with CaptureQueriesContext(connection) as queries:
            response = client.get(meeting.get_absolute_url())
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] < 30, counts


def test_the_meetings_list_shows_a_member_only_the_meetings_they_sit_on(client, officer, members):
    call = call_with(officer, 3)
    mine = meeting_of(call, officer, members[:2])
    other = meeting_of(call, officer, members[1:])
    client.force_login(members[0])

    response = client.get(reverse("reviews:meetings", kwargs={"slug": call.slug}))

    assert [m.pk for m in response.context["meetings"]] == [mine.pk]
    assert other.get_absolute_url() not in response.content.decode()


def test_scheduling_without_members_says_so_at_the_field(client, officer):
    call = call_with(officer, 2)
    client.force_login(officer)

    response = client.post(
        reverse("reviews:meeting_schedule", kwargs={"slug": call.slug}),
        {
            "starts_at": "2026-12-08T09:30",
            "place": "ห้อง 1",
            "quorum_rule": "majority",
            "line_window": 2,
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors["members"]
    assert not Meeting.objects.exists()


def test_an_absent_member_is_told_they_do_not_vote(client, officer, members):
    meeting = meeting_of(call_with(officer, 4), officer, members)
    item = meeting.items.filter(in_bulk=False).first()
    client.force_login(members[2])  # not present

    response = client.post(
        reverse("reviews:agenda_item_vote", kwargs={"pk": item.pk}),
        {"choice": "not_fund"},
        follow=True,
    )

    assert "เฉพาะกรรมการที่มาประชุมเท่านั้นที่ลงคะแนนได้" in response.content.decode()
    assert not Vote.objects.filter(member__user=members[2]).exists()


def test_a_member_declares_a_conflict_on_a_pending_item(client, officer, members):
    meeting = meeting_of(call_with(officer, 4), officer, members)
    item = meeting.items.filter(in_bulk=True).order_by("-position").first()
    client.force_login(members[0])

    response = client.post(
        reverse("reviews:agenda_item_conflict", kwargs={"pk": item.pk}), {"reason": "ญาติ"}
    )

    assert response.status_code == 302
    conflict = ItemConflict.objects.get(item=item)
    assert (conflict.member.user, conflict.reason) == (members[0], "ญาติ")


def test_the_minutes_wait_for_the_meeting_to_close(client, officer, members):
    meeting = meeting_of(call_with(officer, 2), officer, members)
    client.force_login(members[0])
    url = reverse("reviews:meeting_minutes", kwargs={"pk": meeting.pk})

    assert client.get(url).status_code == 403
    for item in meeting.items.filter(state="open"):
        service.cast_vote(item, member=meeting.members.order_by("pk")[1], choice="not_fund")
        service.resolve_item(item, by=officer)
    service.close_meeting(meeting, by=officer)
    response = client.get(url + "?lang=en")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "-en.pdf" in response["Content-Disposition"]
