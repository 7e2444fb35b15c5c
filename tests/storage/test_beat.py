"""Celery beat keeps its state in Redis (RedBeat), not in a file of one machine: the schedule
is there, and one beat holds a lock that a second beat waits for, taking over when the first
one dies. Needs Redis: without REDIS_URL beat keeps a file, which is `make run`'s one machine.
"""

import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.integration.conftest import wait_until

ROOT = Path(__file__).resolve().parent.parent.parent
REDIS_URL = os.environ.get("REDIS_URL")

pytestmark = pytest.mark.skipif(
    not REDIS_URL, reason="beat keeps its state in Redis only when REDIS_URL is set"
)


@pytest.fixture
def beats(tmp_path):
    import redis

    url = REDIS_URL.rsplit("/", 1)[0] + "/11"  # a database of its own
    redis.Redis.from_url(url).flushdb()
    prefix = f"test-beat-{uuid.uuid4().hex[:8]}:"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.test",
        PYTHONPATH=str(ROOT),
        REDIS_URL=url,
        CELERY_BEAT_KEY_PREFIX=prefix,
        CELERY_BEAT_LOCK_SECONDS="3",
    )
    started = []

    def start(name: str) -> tuple[subprocess.Popen, Path]:
        folder = tmp_path / name  # its own working folder: nothing of beat's may be shared there
        folder.mkdir()
        log = folder / "beat.log"
        with log.open("wb") as output:
            process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "portal", "beat", "--loglevel=DEBUG"],
                cwd=folder,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        started.append(process)
        return process, log

    yield start, redis.Redis.from_url(url), prefix
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)


def holds_lock(log: Path) -> bool:
    return "beat: Acquired lock" in log.read_text(errors="replace")


def test_one_beat_holds_the_lock_and_a_second_takes_over_when_it_dies(beats):
    start, redis_client, prefix = beats
    first, first_log = start("first")
    assert wait_until(lambda: holds_lock(first_log), timeout=60), first_log.read_text()
    assert redis_client.exists(f"{prefix}:lock")  # RedBeat's lock key: prefix + ":lock"

    def scheduled() -> set[str]:
        return {key.decode() for key in redis_client.zrange(f"{prefix}:schedule", 0, -1)}

    assert wait_until(lambda: f"{prefix}dispatch-pending-notifications" in scheduled(), 30)
    assert f"{prefix}officer-digests" in scheduled()

    second, second_log = start("second")
    assert not wait_until(lambda: holds_lock(second_log), timeout=8)  # it waits
    assert second.poll() is None

    first.send_signal(signal.SIGKILL)  # the machine dies: the lock is not released
    first.wait(timeout=10)
    assert wait_until(lambda: holds_lock(second_log), timeout=30), second_log.read_text()
    assert not list(second_log.parent.glob("celerybeat-schedule*"))  # no file on its disk
