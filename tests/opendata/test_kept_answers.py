"""The catalogue page, the CKAN answers and the DCAT pages are the same for everyone who asks the same:
they are kept per content version (core/fragments.py) and a change to a dataset shows at once."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from modellstadt.opendata import services

ON = {"FRAGMENT_CACHE_SECONDS": 600}


pytestmark = pytest.mark.usefixtures("empty_page_cache")


@pytest.fixture
def two(rep, publisher, make_dataset):
    first, _ = make_dataset(rep, publisher, title="Ladepunkte Nord", content=None)
    second, _ = make_dataset(rep, publisher, title="Ladepunkte Süd", content=None)
    return first, second


def fetch(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return response.content.decode(), len(queries)


@override_settings(**ON)
@pytest.mark.parametrize("url", [
    "/daten/?q=Ladepunkte",
    "/api/3/action/package_search?q=Ladepunkte",
    "/daten/katalog.ttl",
])
def test_a_repeated_question_is_answered_from_the_cache_and_a_change_shows_at_once(
        client, rep, two, url, django_capture_on_commit_callbacks):
    first_body, first_queries = fetch(client, url)
    again_body, again_queries = fetch(client, url)
    assert again_body == first_body and "Ladepunkte Süd" in first_body
    assert again_queries < first_queries
    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish_dataset(rep, two[1])
    changed, _queries = fetch(client, url)
    assert "Ladepunkte Süd" not in changed and "Ladepunkte Nord" in changed


@override_settings(**ON)
def test_errors_keep_their_status_and_shape_when_answers_are_kept(client, two):
    for _attempt in range(2):
        missing = client.get("/api/3/action/package_show?id=ladepunkte-west")
        assert missing.status_code == 404 and missing.json()["error"]["__type"] == "Not Found Error"
        assert client.get("/daten/katalog.ttl?page=99").status_code == 404


@override_settings(**ON)
def test_the_personal_part_of_the_catalogue_page_is_not_shared(client, developer, two):
    fetch(client, "/daten/")  # an anonymous visitor fills the cache
    client.force_login(developer)
    body, _queries = fetch(client, "/daten/")
    assert "Ihre API-Schlüssel verwalten" in body and "Ladepunkte Nord" in body
    client.logout()
    assert "Ihre API-Schlüssel verwalten" not in fetch(client, "/daten/")[0]
