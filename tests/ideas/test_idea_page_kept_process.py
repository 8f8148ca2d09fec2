"""An idea's page keeps its process with the phases under the content generation when page parts are
kept (production): neither is read per page (one query and one join fewer), and yet a changed phase
or a renamed process shows at once."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.ideas.conftest import make_idea


def _page(client, idea):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/ideen/{idea.pk}/")
    assert response.status_code == 200
    sqls = [q["sql"] for q in queries.captured_queries]
    process_reads = sum('"participation_phase"' in sql or 'FROM "participation_process"' in sql
                        or 'JOIN "participation_process"' in sql for sql in sqls)
    return response.content.decode(), process_reads


@pytest.mark.django_db
def test_the_process_and_its_phases_are_read_once_and_follow_every_change(kept_parts, process, resident,
                                                                          neighbour):
    idea = make_idea(process, resident)
    client = Client()
    client.force_login(neighbour)
    support_form = f'action="/ideen/{idea.pk}/unterstuetzen/"'

    html, reads = _page(client, idea)
    assert support_form in html and process.title in html and reads == 2  # the process, its phases
    html, reads = _page(client, idea)
    assert support_form in html and process.title in html and reads == 0

    phase = process.phases.get()
    phase.ends_at = timezone.now() - timezone.timedelta(seconds=1)  # the phase ends: no more supports
    phase.save()
    html, reads = _page(client, idea)
    assert support_form not in html and reads == 2

    process.title = "Umbenanntes Verfahren"
    process.save()
    html, _reads = _page(client, idea)
    assert "Umbenanntes Verfahren" in html


@pytest.mark.django_db
def test_without_kept_parts_the_page_reads_them_every_time(process, resident, neighbour):
    idea = make_idea(process, resident)
    client = Client()
    client.force_login(neighbour)
    assert [_page(client, idea)[1] for _ in range(2)] == [2, 2]  # joined with the idea, phases read
