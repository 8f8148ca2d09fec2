"""Settings for the test suite: the production settings with test-only speed-ups."""

from modellstadt.settings import *  # noqa: F403
from modellstadt.settings import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["localhost", "testserver", "127.0.0.1"]

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 - WhiteNoise warns about a missing directory

import tempfile  # noqa: E402

MEDIA_ROOT = tempfile.mkdtemp(prefix="modellstadt-test-media-")
