"""With the broker unreachable, what committed stays committed and the request succeeds.

Celery is pointed at a closed port (nothing listens there) and sends for real, not eagerly.
The rows a task would have handled stay pending; beat's sweep queues them once the broker is
back.
"""

import ast
import socket
import time
from pathlib import Path
from unittest import mock

import pytest
from django.urls import reverse

from portal.celery import app as celery_app
from portal.enums import NotificationState
from portal.models import Notification
from portal.outbox import queue_task_now, resume_broker
from portal.tasks import deliver_notification_task
from proposals.enums import ProposalState
from reviews.models import Publication
from tests.factories import PublicationFactory, fill_proposal

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parent.parent.parent
APPS = ("portal", "grants", "proposals", "reviews")


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # free once the socket closes: nothing listens there


@pytest.fixture
def broker_down():
    """This process sends tasks to a Redis broker that is not there, for real."""
    conf = celery_app.conf
    saved = (conf.task_always_eager, conf.broker_url, conf.broker_transport_options)
    conf.task_always_eager = False
    conf.broker_url = f"redis://127.0.0.1:{closed_port()}/0"
    conf.broker_transport_options = {}
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    resume_broker()
    yield
    conf.task_always_eager, conf.broker_url, conf.broker_transport_options = saved
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    resume_broker()


def test_submitting_with_the_broker_down_answers_the_receipt(
    reference_data, client, applicant, open_call, organisation, broker_down
):
    from proposals.models import Proposal

    proposal = fill_proposal(
        Proposal.objects.create(
            call=open_call, organisation=organisation, created_by=applicant, title="ป่าชุมชน"
        )
    )
    client.force_login(applicant)
    started = time.monotonic()

    response = client.post(reverse("proposals:proposal_submit", args=[proposal.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("proposals:proposal_receipt", args=[proposal.pk])
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SUBMITTED
    assert proposal.reference
    receipt = Notification.objects.get(kind="proposal_submitted")
    assert (receipt.state, receipt.attempts) == (NotificationState.PENDING, 0)  # for the sweep
    assert time.monotonic() - started < 20


def test_publishing_with_the_broker_down_returns_the_publication(
    reference_data, decided, committee_member, broker_down
):
    call, _proposals = decided

    publication = PublicationFactory(call=call, published_by=committee_member)

    assert Publication.objects.get(pk=publication.pk).notified_at is None  # beat resumes it
    call.refresh_from_db()
    assert call.state == "results_published"


def test_after_one_failure_the_process_leaves_tasks_to_the_sweep_without_waiting(broker_down):
    assert queue_task_now(deliver_notification_task, 1) is False
    # Each try can take seconds; the next ones in the pause do not touch the broker.
    with mock.patch.object(deliver_notification_task, "apply_async") as send:
        assert queue_task_now(deliver_notification_task, 2) is False
    send.assert_not_called()
    resume_broker()
    with mock.patch.object(deliver_notification_task, "apply_async") as send:
        assert queue_task_now(deliver_notification_task, 3) is True
    send.assert_called_once_with(args=(3,))


def queueing_calls_inside_on_commit(path: Path) -> list[int]:
    """Lines where `transaction.on_commit(...)` itself calls `.delay` or `.apply_async`."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "on_commit":
            for inner in ast.walk(node):
                if isinstance(inner, ast.Attribute) and inner.attr in {"delay", "apply_async"}:
                    lines.append(node.lineno)
    return lines


def test_every_task_queued_after_commit_goes_through_the_outbox_helper():
    """One place queues tasks after commit and survives a broker that is down."""
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        for line in queueing_calls_inside_on_commit(path)
    ]
    assert offenders == []
