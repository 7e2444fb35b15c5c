"""System checks for a portal that runs on several machines.

Files on an object store (STORAGE_BUCKET) mean several machines share the work. Then nothing
else may be kept by one process or on one machine's disk: the cache (computed rankings, the
API's rate-limit counters) and Celery's broker must be shared too, which REDIS_URL gives.
Sessions, login throttling and every lock are in the database already.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register

LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.filebased.FileBasedCache",
    "django.core.cache.backends.dummy.DummyCache",
)
LOCAL_BROKERS = ("filesystem://", "memory://")
HINT = "Set REDIS_URL, so that every web process and worker on every machine shares it."


def files_are_shared() -> bool:
    return not settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage")


@register(Tags.caches)
def shared_cache_with_shared_files(app_configs, **kwargs):
    if not files_are_shared() or settings.CACHES["default"]["BACKEND"] not in LOCAL_CACHES:
        return []
    return [
        Error(
            "Uploaded files are on an object store, shared by several machines, but the cache "
            "is kept by each process.",
            hint=HINT,
            id="portal.E001",
        )
    ]


@register()
def shared_broker_with_shared_files(app_configs, **kwargs):
    if (
        not files_are_shared()
        or settings.CELERY_TASK_ALWAYS_EAGER
        or not settings.CELERY_BROKER_URL.startswith(LOCAL_BROKERS)
    ):
        return []
    return [
        Error(
            "Uploaded files are on an object store, shared by several machines, but Celery's "
            "broker is a folder of this machine.",
            hint=HINT,
            id="portal.E002",
        )
    ]
