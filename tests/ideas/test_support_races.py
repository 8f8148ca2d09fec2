"""Support counters stay exact under concurrent clicks on every database the portal runs on.

PostgreSQL runs the same races in test_concurrency.py. Here threads with their own connections click
against the real test database; on SQLite that database is a file (tests/settings.py), so the
threads really open separate connections and contend for the write lock the way gunicorn workers do.
"""

import random
import threading

import pytest
from django.db import connection

from modellstadt.ideas import services
from modellstadt.ideas.models import Idea, Support
from tests.ideas.conftest import make_idea

THREADS = 6
CLICKS = 40


def test_the_sqlite_test_database_is_a_file_that_threads_can_share():
    if connection.vendor == "sqlite":
        name = connection.settings_dict["TEST"].get("NAME") or ""
        assert name and ":memory:" not in name and "mode=memory" not in name, name


def run_in_threads(work, threads=THREADS):
    """Run work(n) in ``threads`` threads started at the same moment; re-raise the first error."""
    barrier = threading.Barrier(threads)
    errors = []

    def target(n):
        try:
            barrier.wait()
            work(n)
        except Exception as error:  # noqa: BLE001 - reported to the test below
            errors.append(error)
        finally:
            connection.close()  # each thread has its own connection

    started = [threading.Thread(target=target, args=(n,)) for n in range(threads)]
    for thread in started:
        thread.start()
    for thread in started:
        thread.join(timeout=120)
    assert not errors, errors


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_support_counts_stay_exact_under_concurrent_clicks(process, resident, make_user):
    ideas = [make_idea(process, resident, title=f"Idee {i}") for i in range(2)]
    users = [make_user(f"klick{n}") for n in range(THREADS)]

    def click(n):
        rng = random.Random(n)
        for _ in range(CLICKS):
            # like a request: read the idea, then click; others may click in between
            idea = Idea.objects.select_related("process").get(pk=rng.choice(ideas).pk)
            if rng.random() < 0.65:
                services.support(users[n], idea)
            else:
                services.unsupport(users[n], idea)

    run_in_threads(click)
    for idea in ideas:
        idea.refresh_from_db()
        assert idea.support_count == Support.objects.filter(idea=idea).count()
    assert sum(Idea.objects.values_list("support_count", flat=True)) > 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_many_people_supporting_at_once_are_all_counted(process, resident, make_user):
    idea = make_idea(process, resident)
    users = [make_user(f"gleichzeitig{n}") for n in range(THREADS)]

    def click(n, read):
        page = Idea.objects.select_related("process").get(pk=idea.pk)
        read.wait()  # every page has been read before anybody clicks
        services.support(users[n], page)

    read_done = threading.Barrier(THREADS)
    run_in_threads(lambda n: click(n, read_done))
    idea.refresh_from_db()
    assert idea.support_count == THREADS == Support.objects.filter(idea=idea).count()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_person_in_many_tabs_supports_once(process, resident, neighbour):
    idea = make_idea(process, resident)
    added = []
    run_in_threads(lambda n: added.append(services.support(neighbour, idea)))
    assert added.count(True) == 1
    idea.refresh_from_db()
    assert idea.support_count == 1 == Support.objects.filter(idea=idea).count()
