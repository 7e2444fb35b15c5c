"""The embedded SQLite of `make run` takes writes from two processes at once.

Under `make run` the web server and the Celery worker write to the same SQLite file. Two
real processes with the development settings (no DATABASE_URL) each run many transactions
that read, then write - as a sign-up or a delivery claim does - and none may fail with
"database is locked", nor lose an update.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
ROUNDS = 200

SETUP = """
import django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)")
    cursor.execute("CREATE TABLE entry (id INTEGER PRIMARY KEY, worker TEXT, value INTEGER)")
    cursor.execute("INSERT INTO counter (id, value) VALUES (1, 0)")
print(connection.settings_dict["NAME"])
"""

WRITER = """
import sys, time
from pathlib import Path
import django
django.setup()
from django.db import OperationalError, connection, transaction

name, rounds, folder = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
connection.ensure_connection()
(folder / f"ready-{name}").touch()
while not (folder / "go").exists():
    time.sleep(0.005)
errors = []
for _ in range(rounds):
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT value FROM counter WHERE id = 1")
            value = cursor.fetchone()[0]
            time.sleep(0.002)  # the request's work between its read and its write
            cursor.execute("INSERT INTO entry (worker, value) VALUES (%s, %s)", [name, value])
            cursor.execute("UPDATE counter SET value = %s WHERE id = 1", [value + 1])
    except OperationalError as error:
        errors.append(str(error))
print(len(errors), errors[:1])
"""

COUNT = """
import django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("SELECT value FROM counter WHERE id = 1")
    counter = cursor.fetchone()[0]
    cursor.execute("SELECT COUNT(*) FROM entry")
    entries = cursor.fetchone()[0]
    cursor.execute("PRAGMA journal_mode")
    journal = cursor.fetchone()[0]
print(counter, entries, journal)
"""


def dev_env(var: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"}
    }
    env.update(DJANGO_SETTINGS_MODULE="portal.settings.dev", PORTAL_VAR_DIR=str(var))
    return env


def python(code: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )


def test_two_processes_write_to_the_development_database_at_once(tmp_path):
    env = dev_env(tmp_path / "var")
    database = python(SETUP, env=env).stdout.strip()
    assert database == str(tmp_path / "var" / "db.sqlite3")

    writers = [
        subprocess.Popen(  # noqa: S603 - our own interpreter and a fixed script
            [sys.executable, "-c", WRITER, name, str(ROUNDS), str(tmp_path)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("web", "worker")
    ]
    deadline = time.monotonic() + 120
    while not all((tmp_path / f"ready-{n}").exists() for n in ("web", "worker")):
        assert time.monotonic() < deadline, [w.stderr.read() for w in writers if w.poll()]
        time.sleep(0.05)
    (tmp_path / "go").touch()  # both start writing together
    outputs = [writer.communicate(timeout=180) for writer in writers]

    for writer, (out, err) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, err
        assert out.split()[0] == "0", f"failed writes: {out}"
    counter, entries, journal = python(COUNT, env=env).stdout.split()
    # Every transaction committed, and none overwrote the other's update.
    assert (int(counter), int(entries)) == (2 * ROUNDS, 2 * ROUNDS)
    assert journal == "wal"
