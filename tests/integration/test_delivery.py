"""Notifications through a real worker process and broker to an SMTP sink: exactly once."""

import os
import signal
from datetime import timedelta

import pytest
from django.utils import timezone

from portal.enums import NotificationState, Role
from portal.models import Notification
from portal.outbox import queue_notification
from portal.tasks import dispatch_pending_notifications_task
from proposals.models import Proposal
from proposals.services.screening import grant_extension, request_information, screen_proposal
from proposals.services.submission import reopen_proposal, submit_proposal, withdraw_proposal
from tests.factories import (
    NOTIFICATION_KINDS,
    CallFactory,
    OrganisationFactory,
    fill_proposal,
    user_with,
)

from .conftest import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def all_sent() -> bool:
    return not Notification.objects.exclude(state=NotificationState.SENT).exists()


def test_every_proposal_event_arrives_exactly_once(smtp_sink, real_celery, start_worker):
    officer = user_with(Role.OFFICER, email="officer@example.org")
    applicant = user_with(Role.APPLICANT, email="mani@example.org")
    colleague = user_with(Role.APPLICANT, email="chai@example.org", language="en")
    call = CallFactory(officers=[officer], created_by=officer)
    organisation = OrganisationFactory(members=[applicant, colleague])
    proposal = fill_proposal(
        Proposal.objects.create(
            call=call, organisation=organisation, created_by=applicant, title="ธนาคารน้ำใต้ดิน"
        )
    )
    start_worker("w1")

    # The services return the proposal as they left it.
    proposal = submit_proposal(proposal, by=applicant)  # receipt
    proposal = withdraw_proposal(proposal, by=applicant)  # withdrawal
    proposal = reopen_proposal(proposal, by=applicant)
    proposal = submit_proposal(proposal, by=applicant)  # second receipt (a new version)
    proposal = grant_extension(
        proposal, until=call.deadline + timedelta(days=3), reason="น้ำท่วม", by=officer
    )
    proposal = screen_proposal(proposal, eligible=True, reason="", by=officer)
    request_information(
        proposal, message="โปรดแนบงบประมาณ", due=timezone.now() + timedelta(days=5), by=officer
    )
    expected = sorted(Notification.objects.values_list("dedupe_key", flat=True))

    assert len(expected) == 5 * 2  # two receipts, withdrawal, extension, request; 2 members
    assert wait_until(lambda: len(smtp_sink.received_keys()) >= len(expected), timeout=60)
    # Sweeping and re-dispatching everything again sends nothing more.
    dispatch_pending_notifications_task.delay()
    for pk in Notification.objects.values_list("pk", flat=True):
        real_celery.send_task("portal.tasks.deliver_notification_task", args=[pk])
    wait_until(lambda: False, timeout=3)

    assert sorted(smtp_sink.received_keys()) == expected
    assert all_sent()
    by_language = {m["to"][0]: m["subject"] for m in smtp_sink.messages}
    assert by_language["chai@example.org"].startswith(("Proposal", "More", "Deadline"))


def test_killing_the_worker_mid_batch_still_delivers_each_message_once(
    smtp_sink, real_celery, start_worker
):
    people = [user_with(Role.APPLICANT, email=f"p{n}@example.org") for n in range(30)]
    first = start_worker("w1")
    for person in people:
        queue_notification(
            kind="proposal_withdrawn",
            recipient=person,
            dedupe_key=f"batch:{person.pk}",
            context={"proposal": {"title": "โครงการ"}, "call": {"title": "CCIC"}},
        )
    expected = sorted(f"batch:{p.pk}" for p in people)

    assert wait_until(lambda: len(smtp_sink.received_keys()) >= 8, timeout=60)
    # Catch the worker inside an SMTP conversation, then kill it there (SIGKILL: no cleanup).
    smtp_sink.hold.set()
    assert wait_until(smtp_sink.holding.is_set, timeout=30)
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    smtp_sink.drop_held = True
    smtp_sink.hold.clear()
    delivered_before = len(smtp_sink.received_keys())
    assert delivered_before < len(expected)

    start_worker("w2")
    smtp_sink.drop_held = False

    def settled() -> bool:
        dispatch_pending_notifications_task.delay()  # what beat does every minute
        return all_sent() and len(smtp_sink.received_keys()) >= len(expected)

    assert wait_until(settled, timeout=90, interval=1.5)
    wait_until(lambda: False, timeout=2)
    assert sorted(smtp_sink.received_keys()) == expected


def test_every_kind_of_message_arrives_exactly_once(
    smtp_sink, real_celery, start_worker, notification_context
):
    thai = user_with(Role.APPLICANT, email="thai@example.org", language="th")
    english = user_with(Role.APPLICANT, email="english@example.org", language="en")
    start_worker("w1")
    for kind in NOTIFICATION_KINDS:
        for person in (thai, english):
            for _attempt in range(2):  # the same event twice: one message
                queue_notification(
                    kind=kind,
                    recipient=person,
                    dedupe_key=f"{kind}:{person.pk}",
                    context=notification_context,
                )
    expected = sorted(f"{kind}:{p.pk}" for kind in NOTIFICATION_KINDS for p in (thai, english))

    assert wait_until(lambda: len(smtp_sink.received_keys()) >= len(expected), timeout=90)
    wait_until(lambda: False, timeout=2)
    assert sorted(smtp_sink.received_keys()) == expected
    assert all_sent()


def test_killing_the_worker_mid_batch_task_still_delivers_each_message_once(
    smtp_sink, real_celery, start_worker
):
    """Result messages go out in batch tasks over one connection; a batch cut short by a dead
    worker is swept a lease later (integration settings: 3 s), and nothing arrives twice."""
    people = [user_with(Role.APPLICANT, email=f"r{n}@example.org") for n in range(40)]
    ids = [
        Notification.objects.create(
            kind="result",
            recipient=person,
            email=person.email,
            dedupe_key=f"result:batch:{person.pk}",
            language="th",
            subject="ผลการพิจารณา",
            body_text="ข้อความ",
        ).pk
        for person in people
    ]
    expected = sorted(f"result:batch:{p.pk}" for p in people)
    first = start_worker("w1")
    for batch in (ids[:20], ids[20:]):
        real_celery.send_task("portal.tasks.deliver_notifications_task", args=[batch])

    assert wait_until(lambda: len(smtp_sink.received_keys()) >= 5, timeout=60)
    smtp_sink.hold.set()
    assert wait_until(smtp_sink.holding.is_set, timeout=30)
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    smtp_sink.drop_held = True
    smtp_sink.hold.clear()
    assert len(smtp_sink.received_keys()) < len(expected)
    assert Notification.objects.filter(state=NotificationState.SENDING).exists()

    start_worker("w2")
    smtp_sink.drop_held = False

    def settled() -> bool:
        dispatch_pending_notifications_task.delay()  # what beat does every minute
        return all_sent() and len(smtp_sink.received_keys()) >= len(expected)

    assert wait_until(settled, timeout=90, interval=1.5)
    wait_until(lambda: False, timeout=2)
    assert sorted(smtp_sink.received_keys()) == expected
