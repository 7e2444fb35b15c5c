"""Rate limits: per token, per signed-in person, per address for anonymous callers; counted
in Django's cache (Redis in production, so every worker shares the count).

A fixed window: at most `limit` requests per `window` seconds for one caller; the next one is
answered 429 with Retry-After, the seconds left in the window.
"""

import threading
import time

from django.conf import settings
from django.core.cache import cache
from ninja.throttling import BaseThrottle

from .auth import caller_of


def client_address(request) -> str:
    """The client's address: behind PROXY_COUNT proxies, the one the nearest proxy saw."""
    proxies = getattr(settings, "AXES_IPWARE_PROXY_COUNT", None) or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def caller_key(request) -> tuple[str, int]:
    """Whose count this request goes to, and their limit per window."""
    caller = caller_of(request)
    limits = settings.API_RATE_LIMITS
    if caller.token is not None:
        return f"token:{caller.token.pk}", limits["token"]
    if caller.is_authenticated:
        return f"user:{caller.user.pk}", limits["token"]
    return f"ip:{client_address(request)}", limits["anonymous"]


class WindowThrottle(BaseThrottle):
    """One instance serves every request: the wait it reports is kept per thread."""

    def __init__(self):
        self._local = threading.local()

    def allow_request(self, request) -> bool:
        window = settings.API_RATE_LIMITS["window"]
        who, limit = caller_key(request)
        now = time.time()
        start = int(now // window) * window
        key = f"api-rate:{who}:{start}"
        cache.add(key, 0, timeout=window + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr: a new window
            cache.set(key, 1, timeout=window + 1)
            count = 1
        if count > limit:
            self._local.wait = max(1, int(start + window - now) + 1)
            return False
        return True

    def wait(self):
        return getattr(self._local, "wait", None)
