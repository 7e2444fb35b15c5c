"""The portal's gunicorn worker, run for real: it tells the application when gunicorn queued
each request, not when a thread got to it (portal.gunicorn_worker, portal.arrival)."""

import http.client
import json
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from portal.arrival import QUEUED_AT
from tests.integration.smtp_sink import free_port

ROOT = Path(__file__).resolve().parent.parent.parent
BUSY = 1.0  # seconds each request keeps the worker's one thread


def slow_application(environ, start_response):
    """Holds the thread BUSY seconds, then says when the request was queued and taken up."""
    taken_up = time.time()
    time.sleep(BUSY)
    body = json.dumps({"queued": environ.get(QUEUED_AT), "taken_up": taken_up}).encode()
    start_response("200 OK", [("Content-Type", "application/json")])
    return [body]


@pytest.fixture
def server():
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and gunicorn
        [
            sys.executable,
            "-m",
            "gunicorn",
            f"{__name__}:slow_application",
            "-k",
            "portal.gunicorn_worker.ArrivalThreadWorker",
            "--workers",
            "1",
            "--threads",
            "1",
            "-b",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        limit = time.monotonic() + 30
        while time.monotonic() < limit:
            try:
                get(port)
                break
            except OSError:
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def get(port: int, headers: dict | None = None) -> tuple[float, dict]:
    sent = time.time()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", "/", headers={"Connection": "close", **(headers or {})})
        return sent, json.loads(connection.getresponse().read())
    finally:
        connection.close()


def test_a_request_that_waited_for_a_thread_is_stamped_when_it_was_queued(server):
    with ThreadPoolExecutor(max_workers=3) as pool:
        answers = list(pool.map(lambda _i: get(server), range(3)))
    waited = [(sent, answer) for sent, answer in answers if answer["taken_up"] - sent > BUSY / 2]
    assert waited, "no request waited for the one thread"
    for sent, answer in answers:
        assert sent - 0.05 <= answer["queued"] <= sent + 0.5
    for _sent, answer in waited:
        assert answer["taken_up"] - answer["queued"] > BUSY / 2


def test_a_client_header_does_not_set_the_stamp(server):
    sent, answer = get(server, {"Portal.Queued-At": "1000000000"})
    assert answer["queued"] >= sent - 0.05
