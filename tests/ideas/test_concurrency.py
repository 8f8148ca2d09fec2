"""Counters stay exact under concurrent clicks (PostgreSQL only: SQLite serialises all writes)."""

import random
import threading

import pytest
from django.db import connection

from modellstadt.ideas import services
from modellstadt.ideas.models import Idea, Support
from tests.ideas.conftest import make_idea

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)"),
]

THREADS = 8


def run_in_threads(work):
    """Run work(n) in THREADS threads started at the same moment; re-raise the first error."""
    barrier = threading.Barrier(THREADS)
    errors = []

    def target(n):
        try:
            barrier.wait()
            work(n)
        except Exception as error:  # noqa: BLE001 - reported to the test below
            errors.append(error)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=target, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_support_counts_are_exact_under_concurrent_clicks(process, resident, make_user):
    ideas = [make_idea(process, resident, title=f"Idee {i}") for i in range(3)]
    users = [make_user(f"nutzer{n}") for n in range(THREADS)]

    def click_a_lot(n):
        rng = random.Random(n)
        for _ in range(60):
            idea = rng.choice(ideas)
            if rng.random() < 0.6:
                services.support(users[n], idea)
            else:
                services.unsupport(users[n], idea)

    run_in_threads(click_a_lot)
    for idea in ideas:
        idea.refresh_from_db()
        assert idea.support_count == Support.objects.filter(idea=idea).count()
    assert sum(Idea.objects.values_list("support_count", flat=True)) > 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_person_clicking_in_many_tabs_supports_once(process, resident, neighbour):
    idea = make_idea(process, resident)
    added = []
    run_in_threads(lambda n: added.append(services.support(neighbour, idea)))
    assert added.count(True) == 1
    idea.refresh_from_db()
    assert idea.support_count == 1 == Support.objects.filter(idea=idea).count()
