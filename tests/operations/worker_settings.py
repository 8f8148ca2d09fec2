"""Settings of a real `modellstadt worker` process started by tests/operations/test_worker.py: the test
settings with the database task queue instead of running tasks at once."""

from tests.settings import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
