"""The portal: settings, people and roles, accounts, home, base templates and the Celery app."""

from .celery import app as celery_app

__all__ = ["celery_app"]
