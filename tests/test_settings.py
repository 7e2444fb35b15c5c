"""Settings come from the environment with safe defaults; production refuses the dev key."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_settings(module: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL"}}
    clean.update(env, DJANGO_SETTINGS_MODULE=module)
    code = (
        "import django; from django.conf import settings; django.setup(); "
        "print(settings.DATABASES['default']['ENGINE'], settings.TIME_ZONE, "
        "settings.LANGUAGE_CODE, settings.CELERY_BROKER_URL, settings.DEBUG)"
    )
    return subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_production_refuses_to_start_with_the_development_key():
    result = load_settings("portal.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize("key", ["short", "development-only-key-never-use-in-production"])
def test_production_refuses_weak_keys(key):
    result = load_settings("portal.settings.production", SECRET_KEY=key)
    assert "SECRET_KEY must be set" in result.stderr


def test_production_starts_with_a_real_key_and_postgres_from_the_environment():
    result = load_settings(
        "portal.settings.production",
        SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://portal@db:5432/portal",
        REDIS_URL="redis://redis:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "Asia/Bangkok",
        "th",
        "redis://redis:6379/0",
        "False",
    ]


def test_development_defaults_to_sqlite_and_the_embedded_broker(tmp_path):
    result = load_settings("portal.settings.dev", PORTAL_VAR_DIR=str(tmp_path), REDIS_URL="")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "Asia/Bangkok",
        "th",
        "filesystem://",
        "True",
    ]


def test_english_browser_still_gets_thai_until_the_person_chooses(client):
    response = client.get("/privacy/", headers={"accept-language": "en-US,en;q=0.9"})
    assert response.headers["Content-Language"] == "th"

    client.cookies["portal_language"] = "en"
    response = client.get("/privacy/", headers={"accept-language": "th"})
    assert response.headers["Content-Language"] == "en"


@pytest.mark.django_db
def test_signed_in_person_gets_their_saved_language_without_a_cookie(client):
    from portal.models import User

    user = User.objects.create_user("en@example.org", "pw-12345-long", full_name="E", language="en")
    client.force_login(user)
    response = client.get("/privacy/")
    assert response.headers["Content-Language"] == "en"
