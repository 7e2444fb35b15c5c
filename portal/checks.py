"""System checks for a portal that runs on several machines."""

from django.conf import settings
from django.core.checks import Error, Tags, register

LOCAL_BACKENDS = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.filebased.FileBasedCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.caches)
def shared_cache_with_shared_files(app_configs, **kwargs):
    """Files on an object store mean several machines; then the cache must be shared too.

    The cache holds the computed rankings and the API's rate-limit counters: in one process's
    memory (or on one machine's disk) each replica would count and compute on its own.
    """
    files = settings.STORAGES["default"]["BACKEND"]
    cache = settings.CACHES["default"]["BACKEND"]
    if files.endswith("FileSystemStorage") or cache not in LOCAL_BACKENDS:
        return []
    return [
        Error(
            "Uploaded files are on an object store, shared by several machines, but the cache "
            "is kept by each process.",
            hint="Set REDIS_URL, so that every web process and worker shares one cache.",
            id="portal.E001",
        )
    ]
