"""Celery's Redis transport: an unacknowledged task comes back within minutes, not an hour."""

import json
import os
import subprocess
import sys
from pathlib import Path

from portal.tasks import MAX_ATTEMPTS, backoff_seconds

ROOT = Path(__file__).resolve().parent.parent.parent


def transport_options(module: str, **env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))}
    clean.update(env, DJANGO_SETTINGS_MODULE=module)
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps(settings.CELERY_BROKER_TRANSPORT_OPTIONS))"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_on_redis_sets_a_visibility_timeout_of_minutes():
    options = transport_options(
        "portal.settings.production",
        SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://portal@db:5432/portal",
        REDIS_URL="redis://redis:6379/0",
    )
    timeout = options["visibility_timeout"]
    # Redis hands an unacknowledged task (its worker was killed) to another worker after
    # this long: minutes, not the default hour.
    assert timeout <= 10 * 60
    # A retry waits in its worker, unacknowledged, for its countdown: a timeout below the
    # longest countdown would hand it out again early.
    longest_countdown = backoff_seconds(MAX_ATTEMPTS - 1)
    assert timeout >= longest_countdown + 60


def test_the_embedded_broker_keeps_its_folders(tmp_path):
    options = transport_options("portal.settings.dev", PORTAL_VAR_DIR=str(tmp_path), REDIS_URL="")
    assert "visibility_timeout" not in options
    assert options["data_folder_in"] == str(tmp_path / "broker")
