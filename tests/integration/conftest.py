"""A real Celery worker process, a real broker and a local SMTP sink for integration tests.

The broker is the machine's Redis when REDIS_URL is set (CI), otherwise kombu's filesystem
transport in a temporary folder, so `make test` also runs these on a machine with only Python.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from portal.celery import app as celery_app
from tests.reviews.conftest import decided  # noqa: F401 - the decided call, for test_broker_down

from .smtp_sink import start_sink

ROOT = Path(__file__).resolve().parent.parent.parent


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/integration/" in str(item.fspath):
            item.add_marker(pytest.mark.integration)


@pytest.fixture
def smtp_sink():
    controller, sink = start_sink()
    yield sink
    sink.hold.clear()
    controller.stop()


@pytest.fixture
def broker(tmp_path):
    """Broker URL and transport options, emptied for this test."""
    redis_url = os.environ.get("REDIS_URL")
    if redis_url:
        import redis

        url = redis_url.rsplit("/", 1)[0] + "/13"  # a database of its own
        redis.Redis.from_url(url).flushdb()
        return url, {"visibility_timeout": 3}
    folder = tmp_path / "broker"
    for name in ("in", "processed", "control"):
        (folder / name).mkdir(parents=True)
    options = {
        "data_folder_in": str(folder / "in"),
        "data_folder_out": str(folder / "in"),
        "processed_folder": str(folder / "processed"),
        "control_folder": str(folder / "control"),
        "store_processed": False,
    }
    return "filesystem://", options


@pytest.fixture
def real_celery(broker, settings):
    """This test process sends tasks to the real broker instead of running them eagerly."""
    url, options = broker
    conf = celery_app.conf
    saved = (conf.task_always_eager, conf.broker_url, conf.broker_transport_options)
    conf.task_always_eager = False
    conf.broker_url = url
    conf.broker_transport_options = options
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    yield celery_app
    conf.task_always_eager, conf.broker_url, conf.broker_transport_options = saved
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def start_worker(broker, smtp_sink, reference_data, tmp_path):
    """Starts `celery worker` processes (solo pool) on the test's database; stops them after."""
    url, options = broker
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_TEST_")}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.integration",
        PORTAL_TEST_BROKER_URL=url,
        PORTAL_TEST_DB_NAME=str(connection.settings_dict["NAME"]),
        PORTAL_TEST_SMTP_PORT=str(smtp_sink.port),
        **{f"PORTAL_TEST_BROKER_{k.upper()}": str(v) for k, v in options.items()},
    )
    workers = []

    def start(name: str = "w1"):
        log = open(tmp_path / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and Celery
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "portal",
                "worker",
                "--pool=solo",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "--prefetch-multiplier=1",
                "-n",
                f"{name}@%h",
                "--loglevel=INFO",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        workers.append((process, log))
        return process

    yield start
    for process, log in workers:
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
        log.close()


def wait_until(condition, timeout: float = 60, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()
