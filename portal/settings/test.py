"""Tests: fast hashing, mail kept in memory, tasks run in the test's process."""

import os
import tempfile

from .base import *  # noqa: F403 - settings modules extend the base by design

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
CELERY_BROKER_TRANSPORT_OPTIONS: dict = {}
# Uploaded files get random names, so test processes can share one folder.
MEDIA_ROOT = os.path.join(tempfile.gettempdir(), "portal-test-media")
# The local folder, whatever STORAGE_BUCKET the shell has: tests/storage/ starts its own
# object store and points the storage at it.
STORAGES = {**STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}  # noqa: F405
STATIC_ROOT = os.path.join(tempfile.gettempdir(), "portal-test-static")
os.makedirs(STATIC_ROOT, exist_ok=True)

# SQLite tests use a file, not memory, so that a real Celery worker started by the
# integration tests can read the rows the test writes.
# One file per test process, so that parallel runs never share it.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"portal-test-{os.getpid()}.sqlite3")
    }
    DATABASES["default"]["OPTIONS"] = {  # noqa: F405
        # Durability is not what tests need: skip fsync, keep the journal in memory.
        "init_command": "PRAGMA synchronous=OFF; PRAGMA journal_mode=MEMORY;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The API's rate limits are tested on their own (tests/api/test_throttle.py); elsewhere the
# tests' many requests from one address must not be refused.
API_RATE_LIMITS = {"window": 60, "token": 1_000_000, "anonymous": 1_000_000}

# Passkeys in the browser tests, on http://localhost.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
