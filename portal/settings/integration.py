"""A Celery worker started by the integration tests.

It reads the test's database, takes tasks from a real broker (the machine's Redis when
REDIS_URL is set, otherwise the filesystem transport) and sends mail to the test's SMTP sink.
"""

import os

from .test import *  # noqa: F403 - settings modules extend the base by design

CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = os.environ["PORTAL_TEST_BROKER_URL"]
CELERY_BROKER_TRANSPORT_OPTIONS = {
    key[len("PORTAL_TEST_BROKER_") :].lower(): value
    for key, value in os.environ.items()
    if key.startswith("PORTAL_TEST_BROKER_") and key != "PORTAL_TEST_BROKER_URL"
}
if "visibility_timeout" in CELERY_BROKER_TRANSPORT_OPTIONS:
    CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] = int(
        CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    )
DATABASES["default"]["NAME"] = os.environ["PORTAL_TEST_DB_NAME"]  # noqa: F405
DATABASES["default"].pop("TEST", None)  # noqa: F405
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": int(os.environ["PORTAL_TEST_SMTP_PORT"])},
    }
}
NOTIFICATION_SENDING_LEASE_SECONDS = 3
NOTIFICATION_PENDING_GRACE_SECONDS = 1
