import pytest
from django.test import Client

from modellstadt.portal.search import search, stem_pattern, stems
from tests import factories


def test_stems_reduce_plural_and_umlauts():
    assert stems("Ladesäulen") == stems("Ladesäule")
    assert stem_pattern("strass") == "str[aä](?:ss|ß)"


@pytest.mark.django_db
def test_search_finds_inflected_forms_across_kinds(portal):
    field = factories.field(number=5, title="Elektromobilität")
    factories.project(field, title="Ladepark Nord", description="Zwanzig neue Ladesäule am Nordkopf.")
    factories.organisation(name="Ladenetz GmbH", description="Betreibt Ladesäulen in der Region.")
    factories.news_post(title="Mehr Strom", body="Die Stadt baut Ladesäulen.")
    results = {kind: [hit.title for hit in hits] for kind, _label, hits in search("Ladesäulen")}
    assert results["project"] == ["Ladepark Nord"]
    assert results["partner"] == ["Ladenetz GmbH"]
    assert results["news"] == ["Mehr Strom"]
    assert search("Quantencomputer") == []
    assert search("   ") == []


@pytest.mark.django_db
def test_search_page_handles_odd_input(portal):
    client = Client(HTTP_HOST="localhost")
    assert client.get("/suche/").status_code == 200
    assert client.get("/suche/?q=" + "x" * 5000).status_code == 200
    response = client.get("/suche/?q=%22%27%3C%3E%28%29%26%7C%21")
    assert response.status_code == 200
    assert "Keine Treffer" in response.content.decode()
