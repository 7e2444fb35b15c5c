"""Development: `make run` on SQLite with demo data, mail to the console."""

from .base import *  # noqa: F403 - settings modules extend the base by design
from .base import VAR_DIR, mailer_from_env

DEBUG = True
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
