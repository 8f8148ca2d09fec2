"""Tasks for the worker tests (importable by path, as the database queue stores them)."""

from collections import Counter

from django.db import OperationalError
from django_tasks import task

runs = Counter()


@task()
def echo(value):
    runs[value] += 1
    return value


@task()
def fails_with_the_database(key, times=1):
    """Raises OperationalError on its first ``times`` runs, like a query cut off by a database restart."""
    runs[key] += 1
    if runs[key] <= times:
        raise OperationalError("terminating connection due to administrator command")
    return runs[key]


@task()
def fails(key):
    runs[key] += 1
    raise ValueError("not a database problem")
