"""What every page request used to ask the database and now reads from the page cache under the
content generation (core/cache.py, core/models.py): which Site answers the host, whether any page has
a view restriction, and which page each step of a path leads to. A change must show on the next
request, as with a query."""

import re

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from modellstadt.core.models import KeptLookupsMixin
from tests import factories


@pytest.fixture
def kept(settings, empty_page_cache):
    """Production's set-up for signed-in visitors: no whole-page cache, page parts kept."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 600
    return Client(HTTP_HOST="localhost")


def _tables(client, url):
    """The response and the tables the request's queries read first (a subquery's tables not)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, {re.match(r'SELECT .*? FROM "(\w+)"', q["sql"]).group(1) for q in queries.captured_queries
                      if q["sql"].startswith("SELECT")}


@pytest.mark.django_db
def test_the_site_and_the_restrictions_are_read_once_per_generation(kept, portal):
    field = factories.field(number=1)
    project = factories.project(field, title="Radweg")
    for url in (field.url, project.url):
        first, tables = _tables(kept, url)
        assert first.status_code == 200 and {"wagtailcore_site", "wagtailcore_pageviewrestriction"} <= tables, url
        again, tables = _tables(kept, url)
        assert again.status_code == 200 and "Radweg" in again.content.decode()
        assert not {"wagtailcore_site", "wagtailcore_pageviewrestriction"} & tables, url
        kept_parts_cleared = factories.field(number=2 if url == field.url else 3)  # a new generation
        assert kept_parts_cleared


@pytest.mark.django_db
def test_a_restriction_added_later_closes_the_page_at_once(kept, portal):
    field = factories.field(number=1)
    project = factories.project(field, title="Radweg")
    assert kept.get(field.url).status_code == 200
    PageViewRestriction.objects.create(page=field, restriction_type=PageViewRestriction.LOGIN)
    response = kept.get(field.url)
    assert response.status_code == 302 and "/konto/" in response["Location"]
    assert kept.get(project.url).status_code == 404
    PageViewRestriction.objects.all().delete()
    assert kept.get(field.url).status_code == 200 and kept.get(project.url).status_code == 200


@pytest.mark.django_db
def test_a_changed_site_answers_at_once(kept, portal):
    assert kept.get("/").status_code == 200
    site = Site.objects.get(is_default_site=True)
    other_root = Page.objects.get(depth=1).add_child(instance=Page(title="Andere Stadt", slug="andere"))
    site.root_page = other_root
    site.save()
    response, tables = _tables(kept, "/")
    assert "wagtailcore_site" in tables
    assert response.status_code == 200 and "Andere Stadt" in response.content.decode()


@pytest.mark.django_db
def test_without_kept_parts_every_request_asks_the_database(settings, portal):
    settings.PAGE_CACHE_SECONDS = settings.FRAGMENT_CACHE_SECONDS = 0
    client = Client(HTTP_HOST="localhost")
    client.get("/")
    _response, tables = _tables(client, "/")
    assert {"wagtailcore_site", "wagtailcore_pageviewrestriction"} <= tables


def test_every_page_type_of_the_portal_reads_the_kept_restrictions():
    pages = [m for m in apps.get_models() if issubclass(m, Page) and m.__module__.startswith("modellstadt.")]
    assert len(pages) >= 10
    assert [m.__name__ for m in pages if not issubclass(m, KeptLookupsMixin)] == []


def _page_reads(client, url):
    response, tables = _tables(client, url)
    return response.status_code, "wagtailcore_page" in tables or "strategy_cooperationfieldpage" in tables


@pytest.mark.django_db
def test_a_path_is_routed_without_queries_and_follows_every_change(kept, portal):
    field = factories.field(number=1, title="Mobilität")
    project = factories.project(field, title="Radweg")
    assert _page_reads(kept, field.url) == (200, True)
    assert _page_reads(kept, field.url)[0] == 200
    route_queries = [q["sql"] for q in _queries(kept, field.url) if '"wagtailcore_page"."slug" =' in q["sql"]]
    assert route_queries == []  # the field found by its slug without asking
    assert kept.get(project.url).status_code == 200 and kept.get("/themenfelder/gibt-es-nicht/").status_code == 404
    assert kept.get("/themenfelder/gibt-es-nicht/").status_code == 404

    old_url = field.url
    field.slug = "mobilitaet-neu"
    field.save_revision().publish()
    assert kept.get(old_url).status_code == 404 and kept.get("/themenfelder/mobilitaet-neu/").status_code == 200
    field.unpublish()
    assert kept.get("/themenfelder/mobilitaet-neu/").status_code == 404
    field.save_revision().publish()
    assert kept.get("/themenfelder/mobilitaet-neu/").status_code == 200


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return queries.captured_queries
