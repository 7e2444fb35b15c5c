"""A web process started by tests/storage/test_replicas.py: one of two "machines".

Each gets its own local folder (PORTAL_VAR_DIR, so its own MEDIA_ROOT) and shares the rest,
as replicas on several machines do: the test's database (PORTAL_TEST_DB_NAME), the object
store (STORAGE_* as production reads them) and the cache: Redis at PORTAL_TEST_REDIS_URL when
set, otherwise the database cache (a table the test creates).
"""

import os

from .base import VAR_DIR, file_storage_from_env
from .test import *  # noqa: F403 - settings modules extend the base by design

DATABASES["default"]["NAME"] = os.environ["PORTAL_TEST_DB_NAME"]  # noqa: F405
DATABASES["default"].pop("TEST", None)  # noqa: F405
MEDIA_ROOT = str(VAR_DIR / "media")
STORAGES = {**STORAGES, "default": file_storage_from_env()}  # noqa: F405
# A low limit for anonymous API callers, counted in the shared cache: the test sees one count
# across both processes. The window is long enough never to roll over during the test.
API_RATE_LIMITS = {"window": 10**9, "token": 1_000_000, "anonymous": 4}
REPLICA_CACHE_TABLE = "portal_replica_cache"
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["PORTAL_TEST_REDIS_URL"],
        }
        if os.environ.get("PORTAL_TEST_REDIS_URL")
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": REPLICA_CACHE_TABLE,
        }
    )
}
