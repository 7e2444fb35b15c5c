"""gunicorn's threaded worker, telling the portal when each request reached it.

On deadline day a request waits in the worker's queue for a free thread, seconds at a
time; the portal judges deadlines by arrival (portal.arrival), and without a proxy's stamp it
would otherwise see only the moment a thread took the request up. This worker notes the time
a request was queued (a new connection, or a kept-alive one with a next request to read) and
hands it to the application in the WSGI environ under QUEUED_AT, a key no client can set.

Use: `gunicorn -k portal.gunicorn_worker.ArrivalThreadWorker --threads N ...`
(docker-compose.yml's web command; README, "Production web server settings").
"""

import threading
import time

from gunicorn.workers.gthread import ThreadWorker

from portal.arrival import QUEUED_AT


class ArrivalThreadWorker(ThreadWorker):
    """gthread, with each request's time of queueing passed on in environ[QUEUED_AT]."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._current = threading.local()

    def enqueue_req(self, conn):
        conn.portal_queued_at = time.time()
        super().enqueue_req(conn)

    def handle_request(self, req, conn):
        self._current.queued_at = getattr(conn, "portal_queued_at", None)
        try:
            return super().handle_request(req, conn)
        finally:
            self._current.queued_at = None

    def load_wsgi(self):
        super().load_wsgi()
        self.wsgi = stamping(self.wsgi, self._current)


def stamping(application, current: threading.local):
    """`application` with environ[QUEUED_AT] set from this thread's `current.queued_at`."""

    def wsgi(environ, start_response):
        queued_at = getattr(current, "queued_at", None)
        if queued_at is not None:
            environ[QUEUED_AT] = queued_at
        return application(environ, start_response)

    return wsgi
