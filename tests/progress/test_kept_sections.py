"""A field or project page keeps the rows of its indicator section under the content generation when
page parts are kept (production), and shows a new indicator or a new value at once."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from modellstadt.progress import services
from tests import factories
from tests.progress.conftest import make_indicator


@pytest.fixture
def kept(settings, empty_page_cache):
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 600
    return Client(HTTP_HOST="localhost")


def _page(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    reads = sum('FROM "progress_indicator"' in q["sql"] for q in queries.captured_queries)
    return response.content.decode(), reads


@pytest.mark.django_db
def test_indicators_are_read_once_and_follow_every_change(kept, field, indicator):
    project = factories.project(field, title="Ladepark Nord")
    for url in (field.url, project.url):
        _page(kept, url)
        assert _page(kept, url)[1] == 0, url

    make_indicator(field, name="Ladepunkte im Ladepark", project=project, baseline=None,
                   values=[(datetime.date(2022, 6, 30), 40)], targets=[(datetime.date(2026, 6, 30), 80)])
    html, reads = _page(kept, project.url)
    assert "Ladepunkte im Ladepark" in html and reads >= 1
    services.record_value(indicator=indicator, date=datetime.date(2023, 12, 31), value=777)
    html, reads = _page(kept, field.url)
    assert "777" in html and reads >= 1
