"""The notification outbox: a row first, one email per event, retries, the inbox."""

import importlib
import smtplib
import time
from datetime import timedelta
from types import SimpleNamespace
from unittest import mock

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from grants.models import Sector, SectorFollow
from grants.services import announce_new_call
from portal.enums import NotificationState, Role
from portal.models import Notification
from portal.outbox import queue_notification, retry_notification
from portal.services import invite_person
from portal.tasks import (
    MAX_ATTEMPTS,
    backoff_seconds,
    deliver_notification_task,
    dispatch_pending_notifications_task,
)
from tests.factories import CallFactory, ProposalToReviewFactory, user_with

pytestmark = pytest.mark.django_db


def queue(recipient, key="test:1", call=None, **context):
    return queue_notification(
        kind="proposal_withdrawn",
        recipient=recipient,
        dedupe_key=key,
        about="proposal:1",
        call=call,
        link="/proposals/1/",
        context={
            "proposal": mock.Mock(title="บ้านปลา & ป่าชายเลน", get_absolute_url=lambda: "/p/1/"),
            "call": mock.Mock(title="CCIC", deadline=timezone.now()),
            **context,
        },
    )


def test_message_is_rendered_in_the_recipients_language_and_stored_pending():
    thai = user_with(Role.APPLICANT, language="th")
    english = user_with(Role.APPLICANT, language="en")

    th_row = queue(thai, key="a")
    en_row = queue(english, key="b")

    assert th_row.state == NotificationState.PENDING
    assert (th_row.language, en_row.language) == ("th", "en")
    assert "บ้านปลา & ป่าชายเลน" in th_row.body_text  # plain text: not HTML-escaped
    assert en_row.subject == "Proposal withdrawn: บ้านปลา & ป่าชายเลน"
    assert th_row.subject != en_row.subject


def test_the_same_event_never_makes_two_rows():
    person = user_with(Role.APPLICANT)
    first = queue(person, key="receipt:1:v1:1")
    again = queue(person, key="receipt:1:v1:1")
    assert first.pk == again.pk
    assert Notification.objects.count() == 1


def test_delivery_happens_after_commit_and_sends_one_email(django_capture_on_commit_callbacks):
    person = user_with(Role.APPLICANT, email="mani@example.org")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        row = queue(person)
    assert mail.outbox == []  # nothing leaves before the transaction commits

    for callback in callbacks:
        callback()

    row.refresh_from_db()
    assert row.state == NotificationState.SENT
    assert [m.to for m in mail.outbox] == [["mani@example.org"]]


def test_running_the_delivery_task_twice_sends_one_email(django_capture_on_commit_callbacks):
    person = user_with(Role.APPLICANT)
    with django_capture_on_commit_callbacks(execute=True):
        row = queue(person)

    assert deliver_notification_task.delay(row.pk).get() == "not pending"
    assert len(mail.outbox) == 1


def test_a_delivery_that_keeps_failing_ends_failed_and_can_be_retried():
    person = user_with(Role.APPLICANT)
    row = queue(person)
    error = smtplib.SMTPServerDisconnected("connection lost")
    with mock.patch("portal.tasks.send_email", side_effect=error):
        deliver_notification_task.apply(args=[row.pk])

    row.refresh_from_db()
    assert (row.state, row.attempts) == (NotificationState.FAILED, MAX_ATTEMPTS)
    assert row.last_error == "SMTPServerDisconnected: connection lost"

    assert retry_notification(row) is True
    deliver_notification_task.apply(args=[row.pk])
    row.refresh_from_db()
    assert row.state == NotificationState.SENT
    assert len(mail.outbox) == 1


def test_backoff_doubles_each_attempt():
    assert [backoff_seconds(n) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]


def test_the_sweep_resends_rows_whose_task_was_lost():
    person = user_with(Role.APPLICANT)
    stuck = queue(person, key="stuck")
    lost = queue(person, key="lost")
    long_ago = timezone.now() - timedelta(hours=1)
    Notification.objects.filter(pk=stuck.pk).update(
        state=NotificationState.SENDING, claimed_at=long_ago, created_at=long_ago
    )
    Notification.objects.filter(pk=lost.pk).update(created_at=long_ago)

    assert dispatch_pending_notifications_task.delay().get() == 2
    assert set(Notification.objects.values_list("state", flat=True)) == {NotificationState.SENT}
    assert len(mail.outbox) == 2


def test_a_claim_older_than_a_minute_is_swept_and_delivered_again():
    """A worker killed mid-send leaves its row in "sending": a minute later it goes out again."""
    person = user_with(Role.APPLICANT)
    lost = queue(person, key="lost-claim")
    alive = queue(person, key="live-claim")
    now = timezone.now()
    Notification.objects.filter(pk=lost.pk).update(
        state=NotificationState.SENDING, attempts=1, claimed_at=now - timedelta(seconds=61)
    )
    Notification.objects.filter(pk=alive.pk).update(
        state=NotificationState.SENDING, attempts=1, claimed_at=now - timedelta(seconds=20)
    )

    assert dispatch_pending_notifications_task.delay().get() == 1

    lost.refresh_from_db()
    alive.refresh_from_db()
    assert (lost.state, lost.attempts) == (NotificationState.SENT, 2)
    assert alive.state == NotificationState.SENDING  # its worker may still be sending
    assert [m.to for m in mail.outbox] == [[person.email]]


@pytest.mark.django_db(transaction=True)
def test_a_slow_send_renews_its_claim_so_the_sweep_leaves_it_alone(settings):
    settings.NOTIFICATION_SENDING_LEASE_SECONDS = 1.2  # renewed every 0.4 s
    # Stored directly: queued outside a transaction, the message would be delivered at once.
    row = Notification.objects.create(
        kind="proposal_withdrawn",
        email="slow@example.org",
        dedupe_key="slow",
        language="th",
        subject="s",
        body_text="b",
    )
    seen = []

    def slow_send(notification):
        if seen:  # a second delivery, started by a sweep that took the row away
            seen.append("sent twice")
            return
        first = Notification.objects.get(pk=notification.pk).claimed_at
        time.sleep(3)  # longer than the lease: only the renewals keep the claim
        seen.append(Notification.objects.get(pk=notification.pk).claimed_at - first)
        # What beat would do now: the claim is alive, so the row is not taken away.
        seen.append(dispatch_pending_notifications_task.apply().get())

    with mock.patch("portal.tasks.send_email", side_effect=slow_send):
        assert deliver_notification_task.apply(args=[row.pk]).get() == "sent"

    renewed_by, swept = seen  # and nothing else: sent once
    assert renewed_by >= timedelta(seconds=2)
    assert swept == 0
    row.refresh_from_db()
    assert (row.state, row.attempts) == (NotificationState.SENT, 1)


def test_inbox_lists_only_my_messages_and_counts_unread(client):
    me = user_with(Role.APPLICANT)
    other = user_with(Role.APPLICANT)
    mine = queue(me, key="mine")
    theirs = queue(other, key="theirs")
    client.force_login(me)

    response = client.get(reverse("portal:inbox"))

    assert [n.pk for n in response.context["page"].object_list] == [mine.pk]
    assert response.context["unread_notifications"] == 1
    assert client.get(reverse("portal:notification_open", args=[theirs.pk])).status_code == 404


def test_opening_a_message_marks_it_read_and_follows_its_link(client):
    me = user_with(Role.APPLICANT)
    row = queue(me)
    client.force_login(me)

    response = client.get(reverse("portal:notification_open", args=[row.pk]))

    assert response.headers["Location"] == "/proposals/1/"
    row.refresh_from_db()
    assert row.read_at is not None


def test_mark_all_read_is_post_only(client):
    me = user_with(Role.APPLICANT)
    queue(me)
    client.force_login(me)

    assert client.get(reverse("portal:inbox_read_all")).status_code == 405
    client.post(reverse("portal:inbox_read_all"))
    assert Notification.objects.filter(read_at__isnull=True).count() == 0


def test_officers_see_failed_messages_and_send_them_again(
    client, django_capture_on_commit_callbacks
):
    officer = user_with(Role.OFFICER)
    call = CallFactory(officers=[officer])
    failed = queue(user_with(Role.APPLICANT), key="failed", call=call)
    Notification.objects.filter(pk=failed.pk).update(
        state=NotificationState.FAILED, attempts=5, last_error="SMTPServerDisconnected"
    )
    client.force_login(officer)

    page = client.get(reverse("portal:outbox"))
    assert [n.pk for n in page.context["page"].object_list] == [failed.pk]
    assert "SMTPServerDisconnected" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:outbox_retry", args=[failed.pk]))
    failed.refresh_from_db()
    assert failed.state == NotificationState.SENT
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.REVIEWER, Role.COMMITTEE])
def test_other_roles_cannot_see_the_outbox(client, role):
    row = queue(user_with(Role.APPLICANT))
    client.force_login(user_with(role))
    assert client.get(reverse("portal:outbox")).status_code == 403
    assert client.post(reverse("portal:outbox_retry", args=[row.pk])).status_code == 403


@pytest.mark.parametrize("rows", [1, 6])
def test_the_outbox_page_queries_do_not_grow(client, django_assert_num_queries, rows):
    officer = user_with(Role.OFFICER)
    call = CallFactory(officers=[officer])
    client.force_login(officer)
    for n in range(rows):
        queue(user_with(Role.APPLICANT), key=f"k{n}", call=call)
    Notification.objects.update(state=NotificationState.FAILED)
    client.get(reverse("portal:dashboard"))  # the session now knows the second factor is there
    # session, user, roles, unread count, counts per state, page count, the page
    with django_assert_num_queries(7):
        client.get(reverse("portal:outbox"))


def test_an_invitation_is_an_outbox_row_to_an_address(django_capture_on_commit_callbacks):
    officer = user_with(Role.OFFICER)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite_person(
            email="Expert@Example.org",
            full_name="",
            role=Role.REVIEWER,
            invited_by=officer,
            language="en",
        )
    row = Notification.objects.get(kind="invitation")
    assert (row.recipient, row.email, row.language) == (None, "expert@example.org", "en")
    assert row.state == NotificationState.SENT
    assert [m.to for m in mail.outbox] == [["expert@example.org"]]
    assert invitation.get_absolute_url() in mail.outbox[0].body


# --- Whose outbox: the officers of a call see its messages, administrators see all --------


def _failed(rows) -> None:
    Notification.objects.filter(pk__in=[row.pk for row in rows]).update(
        state=NotificationState.FAILED, attempts=5, last_error="SMTPServerDisconnected"
    )


@pytest.fixture
def two_calls(officer, other_officer):
    """Two calls, each run by its own officer, each with a failed message to a follower."""
    follower = user_with(Role.APPLICANT, email="follower@example.org")
    SectorFollow.objects.create(user=follower, sector=Sector.objects.get(code="urban"))
    mine = CallFactory(officers=[officer], created_by=officer, title_th="ประกาศของฉัน")
    theirs = CallFactory(
        officers=[other_officer], created_by=other_officer, title_th="ร่างลับของอีกประกาศ"
    )
    announce_new_call(mine)
    announce_new_call(theirs)
    rows = {
        name: Notification.objects.get(dedupe_key=f"new-call:{call.pk}:{follower.pk}")
        for name, call in (("mine", mine), ("theirs", theirs))
    }
    _failed(rows.values())
    return rows


def test_an_officer_sees_only_the_messages_of_the_calls_they_run(client, officer, two_calls):
    client.force_login(officer)

    page = client.get(reverse("portal:outbox"))

    assert [n.pk for n in page.context["page"].object_list] == [two_calls["mine"].pk]
    assert "ร่างลับของอีกประกาศ" not in page.content.decode()
    # The counts per state count only what the officer may see.
    assert {v: n for v, _label, n in page.context["states"]}[NotificationState.FAILED] == 1
    assert "เฉพาะข้อความของประกาศที่คุณดูแล" in page.content.decode()


def test_resending_a_message_of_another_call_is_not_found(client, officer, two_calls):
    theirs = two_calls["theirs"]
    client.force_login(officer)

    response = client.post(reverse("portal:outbox_retry", args=[theirs.pk]))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == NotificationState.FAILED


def test_administrators_see_every_message(client, administrator, two_calls):
    client.force_login(administrator)

    page = client.get(reverse("portal:outbox"))

    assert {n.pk for n in page.context["page"].object_list} == {
        row.pk for row in two_calls.values()
    }


def test_a_message_remembers_its_call():
    call_row = queue(user_with(Role.APPLICANT), key="with-call", call=mock.Mock(pk=7))
    no_call = queue(user_with(Role.APPLICANT), key="no-call")
    assert (call_row.call_ref, no_call.call_ref) == (7, None)


def test_an_invitation_shows_to_its_sender_and_administrators_only(
    client, officer, other_officer, administrator
):
    invite_person(email="expert@example.org", full_name="", role=Role.REVIEWER, invited_by=officer)
    row = Notification.objects.get(kind="invitation")
    _failed([row])

    seen = {}
    for person in (officer, other_officer, administrator):
        client.force_login(person)
        page = client.get(reverse("portal:outbox"))
        seen[person.email] = [n.pk for n in page.context["page"].object_list]
    assert seen == {
        officer.email: [row.pk],
        other_officer.email: [],
        administrator.email: [row.pk],
    }
    client.force_login(other_officer)
    assert client.post(reverse("portal:outbox_retry", args=[row.pk])).status_code == 404


def test_the_migration_ties_the_messages_queued_before_it_to_their_call():
    migration = importlib.import_module("portal.migrations.0006_notification_call_ref")
    call = CallFactory()
    proposal = ProposalToReviewFactory()
    person = user_with(Role.APPLICANT)
    rows = {
        about: queue(person, key=about).pk
        for about in (f"call:{call.pk}", f"proposal:{proposal.pk}", "invitation:3", "")
    }
    for about, pk in rows.items():
        Notification.objects.filter(pk=pk).update(about=about, call_ref=None)

    migration.fill_call_ref(django_apps, SimpleNamespace(connection=connection))

    refs = dict(Notification.objects.values_list("about", "call_ref"))
    assert refs == {
        f"call:{call.pk}": call.pk,
        f"proposal:{proposal.pk}": proposal.call_id,
        "invitation:3": None,
        "": None,
    }
