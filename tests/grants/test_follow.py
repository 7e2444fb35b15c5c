"""Following sectors and hearing about new calls in them."""

import pytest
from django.urls import reverse

from grants.enums import CallState
from grants.models import Sector, SectorFollow
from grants.services import open_call, set_followed_sectors
from portal.enums import Role
from portal.models import Notification
from tests.factories import CallFactory, user_with

pytestmark = pytest.mark.django_db


def test_opening_a_call_tells_the_followers_of_its_sectors_once(officer):
    health, urban, disaster = (Sector.objects.get(code=c) for c in ("health", "urban", "disaster"))
    follower = user_with(Role.APPLICANT, email="follower@example.org")
    both = user_with(Role.APPLICANT, email="both@example.org")
    other = user_with(Role.APPLICANT, email="other@example.org")
    set_followed_sectors(follower, [health])
    set_followed_sectors(both, [health, urban])
    set_followed_sectors(other, [disaster])
    call = CallFactory(state=CallState.DRAFT, sectors=[health, urban], created_by=officer)

    open_call(call, by=officer)
    call.state = CallState.CLOSED  # closed early, then opened again: no second message
    call.save()
    open_call(call, by=officer)

    assert sorted(
        Notification.objects.filter(kind="new_call").values_list("recipient__email", flat=True)
    ) == ["both@example.org", "follower@example.org"]


def test_the_follow_page_saves_the_chosen_sectors(client, applicant):
    client.force_login(applicant)
    health = Sector.objects.get(code="health")

    response = client.post(reverse("grants:follow_sectors"), {"sectors": [health.pk]})

    assert response.headers["Location"] == reverse("grants:follow_sectors")
    assert list(SectorFollow.objects.values_list("user__email", "sector__code")) == [
        ("applicant@example.org", "health")
    ]
    client.post(reverse("grants:follow_sectors"), {})
    assert SectorFollow.objects.count() == 0


def test_the_follow_page_needs_a_login(client):
    response = client.get(reverse("grants:follow_sectors"))
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("login"))
