"""Settings for the test suite: the production settings with test-only speed-ups."""

from modellstadt.settings import *  # noqa: F403
from modellstadt.settings import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["localhost", "testserver", "127.0.0.1"]

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 - WhiteNoise warns about a missing directory

import tempfile  # noqa: E402

MEDIA_ROOT = tempfile.mkdtemp(prefix="modellstadt-test-media-")

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
PAGE_CACHE_SECONDS = 0  # page cache tested on its own in tests/core/test_cache.py
FRAGMENT_CACHE_SECONDS = 0  # fragments tested on their own in tests/core/test_fragments.py

MODELLSTADT_REQUIRE_STAFF_MFA = False  # tested on its own in tests/accounts/test_accounts.py

# Background tasks run at once in tests, so a test sees the email a task sent; tests that check that
# work is queued instead of done in the request override this with the dummy backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# SQLite: the test database is a file (one per test process), not shared memory, so tests can run
# threads with their own connections against it (tests/ideas/test_support_races.py).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    _test_db_dir = tempfile.mkdtemp(prefix="modellstadt-test-db-")
    DATABASES["default"]["TEST"] = {"NAME": f"{_test_db_dir}/test.sqlite3"}  # noqa: F405
MODELLSTADT_MAP_CELL_SECONDS = 0  # the map's cluster cells are computed afresh in every test
MODELLSTADT_EXPECT_WORKER = False  # no worker runs beside the tests; tests/operations/test_worker.py sets it
