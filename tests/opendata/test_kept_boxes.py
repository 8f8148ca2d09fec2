"""A field or project page keeps its list of datasets under the content generation when page parts are
kept (production), and shows a dataset published, withdrawn or renamed at once."""

import pytest
from django.test import Client

from modellstadt.opendata import services
from tests import factories
from tests.query_counts import page_and_reads


def _page(client, url):
    return page_and_reads(client, url, "opendata_dataset")


@pytest.mark.django_db
def test_the_datasets_box_is_read_once_and_follows_every_change(kept_parts, portal, rep, publisher, make_dataset):
    kept = Client(HTTP_HOST="localhost")
    field = factories.field(2, title="Offene digitale Plattform")
    project = factories.project(field, title="Datenplattform")
    first, _ = make_dataset(rep, publisher, title="Ladepunkte", fields=[field], projects=[project], content=None)
    for url in (field.url, project.url):
        html, _reads = _page(kept, url)
        assert "Ladepunkte" in html, url
        assert _page(kept, url)[1] == 0, url

    make_dataset(rep, publisher, title="Radzählstellen", fields=[field], content=None)
    assert "Radzählstellen" in _page(kept, field.url)[0]
    services.unpublish_dataset(rep, first)
    html, _reads = _page(kept, field.url)
    assert "Ladepunkte" not in html and "Radzählstellen" in html
    assert "Ladepunkte" not in _page(kept, project.url)[0]
