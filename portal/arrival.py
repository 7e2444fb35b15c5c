"""When a request reached the portal: the one time a request's deadlines are judged by.

On deadline day a request may wait many seconds in the proxy's and the server's queues
before a worker gets to it; judged by the clock when it is processed, an applicant who sent
it in time would be refused. So a request is judged by its arrival, read once:

- behind a proxy that stamps the time it received the request (nginx:
  `proxy_set_header X-Request-Start "t=${msec}";`, Heroku's router, Apache's `t=%t`), that
  header, named by the REQUEST_START_HEADER setting. It is trusted only when configured (the
  setting is empty unless PROXY_COUNT says a proxy is in front, or it is set explicitly),
  since a client could send it itself; and only when plausible (not later than now, and at
  most MAX_QUEUE_WAIT earlier);
- otherwise, under the portal's gunicorn worker (portal.gunicorn_worker), the moment gunicorn
  queued the request for a thread (environ's QUEUED_AT, which no client can set), within the
  same bounds;
- otherwise the moment the first middleware (portal.middleware.ArrivalMiddleware) saw it.

The middleware stamps `request.arrived_at` and makes it the request's `current_arrival()`, so
that rules, which get no request, judge the same moment as the view and the service.
"""

import math
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils import timezone

# A proxy's stamp older than this is not believed (a misconfigured or forged header must not
# move a submission back by hours): the portal's own time is used instead.
MAX_QUEUE_WAIT = timedelta(minutes=5)
# The WSGI environ key in which portal.gunicorn_worker passes when it queued the request
# (seconds since the epoch); a client's headers only ever become HTTP_* keys.
QUEUED_AT = "portal.queued_at"

_arrival: ContextVar[datetime | None] = ContextVar("request_arrival", default=None)


def parse_request_start(value: str) -> datetime | None:
    """The time in an X-Request-Start header, or None when it is not one.

    `t=1700000000.123` (seconds, nginx), `1700000000123` (milliseconds, Heroku) or
    `t=1700000000123456` (microseconds, Apache): the unit is told by the magnitude.
    """
    text = (value or "").strip()
    if text.startswith("t="):
        text = text[2:]
    try:
        number = float(text)
    except ValueError:
        return None
    if not math.isfinite(number) or number <= 0:
        return None
    if number > 1e14:
        number /= 1_000_000
    elif number > 1e11:
        number /= 1_000
    try:
        return datetime.fromtimestamp(number, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def arrival_of(request, now: datetime) -> datetime:
    """When `request` reached the portal, `now` being when the portal first saw it."""
    header = getattr(settings, "REQUEST_START_HEADER", "")
    if header:
        stamped = parse_request_start(request.headers.get(header, ""))
        if stamped is not None and stamped >= now - MAX_QUEUE_WAIT:
            return min(stamped, now)
    queued = queued_at(request)
    if queued is not None and queued >= now - MAX_QUEUE_WAIT:
        return min(queued, now)
    return now


def queued_at(request) -> datetime | None:
    """When the portal's gunicorn worker queued `request` for a thread, if it did."""
    seconds = request.META.get(QUEUED_AT)
    if not isinstance(seconds, float) or not math.isfinite(seconds):
        return None
    return datetime.fromtimestamp(seconds, tz=UTC)


def arrived_at(request) -> datetime:
    """The arrival stamped on `request` (by ArrivalMiddleware), or now for a request that
    did not pass through it (a view called directly in a test)."""
    stamped = getattr(request, "arrived_at", None)
    return stamped or current_arrival() or timezone.now()


def current_arrival() -> datetime | None:
    """The arrival of the request being processed, or None outside a request."""
    return _arrival.get()


def begin(request) -> object:
    """Stamp `request` with its arrival, for the rest of the request; returns the token
    that `end()` takes."""
    request.arrived_at = arrival_of(request, timezone.now())
    return _arrival.set(request.arrived_at)


def end(token) -> None:
    _arrival.reset(token)
