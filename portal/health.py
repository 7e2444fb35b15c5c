"""/health/: is this web process able to serve? For container healthchecks and load balancers.

django-health-check runs the checks, each in its own thread with a time limit: the database
(SELECT 1 on a connection of its own), the cache (a value written and read back), the Celery
broker (a connection opened; workers are not asked, they have their own healthcheck) and the
media folder (a file saved, read and deleted).

The answer is public, so it says only "ok" (200) or "unavailable" (503): which check failed
and why goes to the log (the "health_check" logger), never to the page. For the details from
inside a container: `python manage.py health_check health --no-http`.
"""

import asyncio
import dataclasses
import datetime

from django.http import HttpResponse
from health_check.base import HealthCheck
from health_check.checks import Cache, Database, Storage
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView
from kombu.exceptions import OperationalError

from portal.celery import app as celery_app


@dataclasses.dataclass
class Broker(HealthCheck):
    """The Celery broker accepts a connection, with the transport options of the settings."""

    timeout = datetime.timedelta(seconds=3)

    def run(self):
        try:
            with celery_app.connection_for_write() as connection:
                connection.ensure_connection(
                    max_retries=1,
                    interval_start=0,
                    interval_step=0,
                    timeout=self.timeout.total_seconds(),
                )
        except (OSError, OperationalError) as error:
            raise ServiceUnavailable("broker unreachable") from error


class HealthView(HealthCheckView):
    checks = (Database, Cache, Broker, Storage)

    async def get(self, request, *args, **kwargs):
        with self.get_executor() as executor:
            results = await asyncio.gather(
                *(check.get_result(executor) for check in self.get_checks())
            )
        if any(result.error for result in results):
            return HttpResponse("unavailable\n", content_type="text/plain", status=503)
        return HttpResponse("ok\n", content_type="text/plain")
