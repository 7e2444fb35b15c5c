"""Development: `make run` on SQLite with demo data, mail to the console."""

from .base import *  # noqa: F403 - settings modules extend the base by design
from .base import VAR_DIR, mailer_from_env

DEBUG = True
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True  # passkeys on http://localhost
MAILERS = mailer_from_env("django.core.mail.backends.console.EmailBackend")

for folder in (
    "broker",
    "broker-processed",
    "broker-control",
    "media",
    "mail",
    "log",
    "staticfiles",
):
    (VAR_DIR / folder).mkdir(parents=True, exist_ok=True)

# Scan for due reminders every half minute in the demo, so one is seen arriving.
CELERY_BEAT_SCHEDULE["draft-reminders"]["schedule"] = 30.0  # noqa: F405
