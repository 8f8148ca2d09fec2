"""A field or project page keeps the rows of its indicator section under the content generation when
page parts are kept (production), and shows a new indicator or a new value at once."""

import datetime

import pytest
from django.test import Client

from modellstadt.progress import services
from tests import factories
from tests.progress.conftest import make_indicator
from tests.query_counts import page_and_reads


def _page(client, url):
    return page_and_reads(client, url, "progress_indicator")


@pytest.mark.django_db
def test_indicators_are_read_once_and_follow_every_change(kept_parts, field, indicator):
    kept = Client(HTTP_HOST="localhost")
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
