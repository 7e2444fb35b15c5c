"""Deadline day: a request is judged by when it reached the portal, read once per request.

A saturated server makes a request wait after it arrived; `SlowServer` stands for that wait:
placed right after the first middleware, it moves the clock on 20 seconds before the rest of
the request runs. Whatever runs after it (the guard, the view, the service) must still judge
by the arrival.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from portal.arrival import QUEUED_AT, arrival_of, parse_request_start
from proposals.enums import ProposalState
from proposals.models import Proposal
from tests.factories import CallFactory, fill_proposal

BANGKOK = ZoneInfo("Asia/Bangkok")
DEADLINE = datetime(2026, 3, 31, 23, 59, 59, tzinfo=BANGKOK)
WAIT = timedelta(seconds=20)
CLOCK: dict = {}


class SlowServer:
    """The queue of a saturated server: the request waits WAIT after it arrived."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        CLOCK["traveller"].shift(WAIT)
        return self.get_response(request)


@pytest.fixture
def slow_server(settings):
    first, *rest = settings.MIDDLEWARE
    settings.MIDDLEWARE = [first, f"{__name__}.SlowServer", *rest]


@pytest.fixture
def ready(db, organisation, applicant):
    """A complete draft on a call whose deadline is DEADLINE (no grace period)."""
    call = CallFactory(opens_at=DEADLINE - timedelta(days=30), deadline=DEADLINE, grace_minutes=0)
    with time_machine.travel(DEADLINE - timedelta(days=1), tick=False):
        proposal = Proposal.objects.create(
            call=call, organisation=organisation, created_by=applicant, title="โครงการ"
        )
    return fill_proposal(proposal)


def post_at(client, user, url, when, **headers):
    """POST `url` as `user`, arriving at `when`; the clock runs on only by SlowServer."""
    with time_machine.travel(when, tick=False) as traveller:
        CLOCK["traveller"] = traveller
        client.force_login(user)
        return client.post(url, follow=True, **headers)


def told(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_submit_that_arrived_before_the_deadline_is_accepted_when_processed_after(
    client, applicant, ready, slow_server
):
    arrived = DEADLINE - timedelta(seconds=5)  # processed at DEADLINE + 15 s
    url = reverse("proposals:proposal_submit", args=[ready.pk])
    response = post_at(client, applicant, url, arrived)
    ready.refresh_from_db()
    assert (ready.state, ready.submitted_at) == (ProposalState.SUBMITTED, arrived)
    assert response.redirect_chain == [
        (reverse("proposals:proposal_receipt", args=[ready.pk]), 302)
    ]


def test_withdraw_that_arrived_in_time_is_not_a_bare_403(client, applicant, ready, slow_server):
    # The guard (may withdraw?) and the service (still in time?) judge the same moment: at
    # the boundary the guard said no to a request the service would have accepted.
    Proposal.objects.filter(pk=ready.pk).update(
        state=ProposalState.SUBMITTED, submitted_at=DEADLINE - timedelta(hours=1)
    )
    url = reverse("proposals:proposal_withdraw", args=[ready.pk])
    response = post_at(client, applicant, url, DEADLINE - timedelta(seconds=1))
    assert response.status_code == 200
    ready.refresh_from_db()
    assert ready.state == ProposalState.WITHDRAWN


@pytest.mark.parametrize(
    ("language", "deadline", "received"),
    [
        ("th", "31 มีนาคม 2569 เวลา 23:59:59 น.", "1 เมษายน 2569 เวลา 00:00:02 น."),
        ("en", "31 March 2026, 23:59:59 ICT", "1 April 2026, 00:00:02 ICT"),
    ],
)
def test_submit_that_arrived_after_the_deadline_is_refused_with_seconds(
    client, applicant, ready, settings, language, deadline, received
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    url = reverse("proposals:proposal_submit", args=[ready.pk])
    response = post_at(client, applicant, url, DEADLINE + timedelta(seconds=3))
    [message] = told(response)
    assert deadline in message
    assert received in message
    ready.refresh_from_db()
    assert (ready.state, ready.reference) == (ProposalState.DRAFT, "")


def test_the_proxys_request_start_is_the_arrival_when_configured(
    client, applicant, ready, settings
):
    settings.REQUEST_START_HEADER = "X-Request-Start"
    arrived = DEADLINE - timedelta(seconds=2)
    url = reverse("proposals:proposal_submit", args=[ready.pk])
    response = post_at(
        client,
        applicant,
        url,
        DEADLINE + timedelta(seconds=10),
        HTTP_X_REQUEST_START=f"t={arrived.timestamp():.3f}",
    )
    assert response.status_code == 200
    ready.refresh_from_db()
    assert (ready.state, ready.submitted_at) == (ProposalState.SUBMITTED, arrived)


def test_the_request_start_header_is_ignored_unless_configured(client, applicant, ready, settings):
    settings.REQUEST_START_HEADER = ""
    arrived = DEADLINE - timedelta(seconds=2)
    url = reverse("proposals:proposal_submit", args=[ready.pk])
    response = post_at(
        client,
        applicant,
        url,
        DEADLINE + timedelta(seconds=10),
        HTTP_X_REQUEST_START=f"t={arrived.timestamp():.3f}",
    )
    assert len(told(response)) == 1
    ready.refresh_from_db()
    assert ready.state == ProposalState.DRAFT


NOW = datetime(2026, 3, 31, 16, 59, 50, 250000, tzinfo=ZoneInfo("UTC"))
EPOCH = NOW.timestamp()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (f"t={EPOCH:.3f}", NOW),  # nginx: "t=${msec}"
        (f"{EPOCH * 1000:.0f}", NOW),  # Heroku's router: milliseconds
        (f"t={EPOCH * 1_000_000:.0f}", NOW),  # Apache: "t=%t", microseconds
        (f" t={EPOCH:.6f} ", NOW),
        ("", None),
        ("t=", None),
        ("yesterday", None),
        ("t=nan", None),
        ("t=-5", None),
    ],
)
def test_parse_request_start(value, expected):
    parsed = parse_request_start(value)
    if expected is None:
        assert parsed is None
    else:
        assert abs(parsed - expected) < timedelta(milliseconds=1)


@pytest.mark.parametrize(
    ("offset", "expected_offset"),
    [
        (timedelta(seconds=-14), timedelta(seconds=-14)),  # waited in the queue: trusted
        (timedelta(seconds=3), timedelta(0)),  # the proxy's clock runs ahead: never later
        (timedelta(hours=-2), timedelta(0)),  # implausible: the portal's own time
    ],
)
def test_arrival_of_keeps_the_header_plausible(settings, offset, expected_offset):
    settings.REQUEST_START_HEADER = "X-Request-Start"
    now = timezone.now()
    request = RequestFactory().get("/", HTTP_X_REQUEST_START=f"t={(now + offset).timestamp():.6f}")
    assert abs(arrival_of(request, now) - (now + expected_offset)) < timedelta(milliseconds=1)


def test_start_that_arrived_before_the_deadline_is_not_a_bare_403(
    client, applicant, organisation, slow_server
):
    call = CallFactory(opens_at=DEADLINE - timedelta(days=30), deadline=DEADLINE)
    url = reverse("proposals:proposal_start", kwargs={"slug": call.slug})
    response = post_at(client, applicant, url, DEADLINE - timedelta(seconds=3))
    proposal = Proposal.objects.get(call=call)
    # Started; the edit page that follows arrives later still, past the deadline.
    assert response.redirect_chain[0] == (
        reverse("proposals:proposal_edit", args=[proposal.pk]),
        302,
    )
    assert proposal.created_at == DEADLINE - timedelta(seconds=3)


def test_the_time_gunicorn_queued_a_request_is_its_arrival(client, applicant, ready, settings):
    """Without a proxy, the portal's gunicorn worker (portal.gunicorn_worker) says when the
    request was queued for a thread: a submit queued in time is in, processed late."""
    settings.REQUEST_START_HEADER = ""
    arrived = DEADLINE - timedelta(seconds=2)
    url = reverse("proposals:proposal_submit", args=[ready.pk])
    extra = {QUEUED_AT: arrived.timestamp()}
    response = post_at(client, applicant, url, DEADLINE + timedelta(seconds=10), **extra)
    assert response.status_code == 200
    ready.refresh_from_db()
    assert (ready.state, ready.submitted_at) == (ProposalState.SUBMITTED, arrived)


@pytest.mark.parametrize(
    ("header", "queued", "expected"),
    [
        (None, timedelta(seconds=-9), timedelta(seconds=-9)),  # waited for a thread
        (None, timedelta(seconds=2), timedelta(0)),  # never later than now
        (None, timedelta(hours=-2), timedelta(0)),  # implausible: the portal's own time
        (timedelta(seconds=-12), timedelta(seconds=-3), timedelta(seconds=-12)),  # proxy first
        (timedelta(hours=-2), timedelta(seconds=-3), timedelta(seconds=-3)),
    ],
)
def test_arrival_of_a_queued_request(settings, header, queued, expected):
    settings.REQUEST_START_HEADER = "X-Request-Start"
    now = timezone.now()
    headers = {} if header is None else {"HTTP_X_REQUEST_START": f"t={(now + header).timestamp()}"}
    request = RequestFactory().get("/", **headers)
    request.META[QUEUED_AT] = (now + queued).timestamp()
    assert abs(arrival_of(request, now) - (now + expected)) < timedelta(milliseconds=1)


def test_a_client_cannot_claim_to_have_been_queued_earlier(settings):
    settings.REQUEST_START_HEADER = ""
    now = timezone.now()
    earlier = f"{(now - timedelta(seconds=30)).timestamp()}"
    request = RequestFactory().get("/", **{"HTTP_PORTAL.QUEUED_AT": earlier})
    assert arrival_of(request, now) == now
