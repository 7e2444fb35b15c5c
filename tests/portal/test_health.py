"""/health/: the database, the cache, the Celery broker and the media folder, or 503.

Public, for container healthchecks and load balancers: it answers with a status and one word,
never with what failed or where (that goes to the log), and over plain HTTP even where the
portal redirects everything else to HTTPS.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.urls import resolve

from portal.access import guard_of
from portal.celery import app as celery_app
from portal.health import HealthView

ROOT = Path(__file__).resolve().parent.parent.parent
# What a failure must never show to the public: hosts, ports, error texts, check names.
DETAILS = [b"127.0.0.1", b"redis", b"Error", b"Errno", b"Traceback", b"Database", b"Storage"]


@pytest.fixture
def unwritable_media(settings, tmp_path):
    """A media folder that cannot be made: its parent is a file."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.MEDIA_ROOT = str(blocker / "media")


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        }
    }


@pytest.fixture
def database_down(monkeypatch):
    """New connections (the check opens its own, in its own thread) cannot reach the database;
    the test's own connection, already open, is unchanged."""
    if connection.vendor == "sqlite":
        monkeypatch.setitem(connection.settings_dict, "NAME", "/no-such-folder/portal.sqlite3")
    else:
        monkeypatch.setitem(connection.settings_dict, "HOST", "127.0.0.1")
        monkeypatch.setitem(connection.settings_dict, "PORT", "1")


@pytest.fixture
def broker_down(monkeypatch):
    monkeypatch.setattr(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")


@pytest.mark.django_db
def test_health_answers_200_with_one_word_when_everything_works(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-store" in response["Cache-Control"]


def test_health_checks_the_database_cache_broker_and_storage():
    names = {type(check).__name__ for check in HealthView().get_checks()}
    assert names == {"Database", "Cache", "Broker", "Storage"}


def test_health_is_declared_public():
    guard = guard_of(resolve("/health/").func)
    assert guard is not None and guard.is_public


@pytest.mark.django_db
@pytest.mark.parametrize(
    "failure", ["database_down", "cache_down", "broker_down", "unwritable_media"]
)
def test_health_answers_503_and_says_nothing_of_what_failed(client, request, failure):
    request.getfixturevalue(failure)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.content == b"unavailable\n"
    for detail in DETAILS:
        assert detail not in response.content


@pytest.mark.django_db
def test_the_media_folder_is_left_as_it_was(client, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    assert client.get("/health/").status_code == 200
    leftovers = [path for path in (tmp_path / "media").rglob("*") if path.is_file()]
    assert leftovers == []


PRODUCTION_SCRIPT = """
import django
django.setup()
from django.test import Client
client = Client()
for url in ("/health/", "/calls/"):
    response = client.get(url)
    print(response.status_code, response.headers.get("Location"), response.content[:20])
"""


def test_production_answers_health_over_plain_http_and_redirects_the_rest(tmp_path):
    """The production settings in a fresh interpreter, HTTPS redirect on, without a proxy."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "DJANGO_"))}
    env.pop("REDIS_URL", None)  # the defaults: a cache in memory, the broker in PORTAL_VAR_DIR
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="testserver",
        PORTAL_VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        SECURE_SSL_REDIRECT="true",
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
        [sys.executable, "-c", PRODUCTION_SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    health, calls = result.stdout.splitlines()
    assert health == "200 None b'ok\\n'"
    assert calls.startswith("301 https://testserver/calls/")
