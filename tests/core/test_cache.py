"""The anonymous page cache serves repeat visits and never serves stale or personal content."""

import pytest
from django.test import Client

from tests import factories


@pytest.fixture
def cached(settings):
    from django.core.cache import caches

    settings.PAGE_CACHE_SECONDS = 60
    caches["pages"].clear()
    return Client(HTTP_HOST="localhost")


@pytest.mark.django_db
def test_second_anonymous_visit_is_served_from_cache(cached, portal, django_assert_num_queries):
    cached.get("/projekte/")
    with django_assert_num_queries(0):
        response = cached.get("/projekte/")
    assert response["X-Cache"] == "hit"
    assert "max-age=60" in response["Cache-Control"]


@pytest.mark.django_db
def test_publishing_retires_cached_pages(cached, portal):
    field = factories.field(number=1)
    cached.get("/projekte/")
    project = factories.project(field, title="Neues Projekt")
    assert "Neues Projekt" in cached.get("/projekte/").content.decode()
    project.unpublish()
    assert "Neues Projekt" not in cached.get("/projekte/").content.decode()


@pytest.mark.django_db
def test_snippet_changes_retire_cached_pages(cached, portal):
    org = factories.organisation(name="Alte Firma")
    cached.get("/partner/")
    org.name = "Neue Firma"
    org.save()
    assert "Neue Firma" in cached.get("/partner/").content.decode()


@pytest.mark.django_db
def test_languages_are_cached_separately(cached, portal):
    cached.get("/")
    cached.cookies["modellstadt_language"] = "en"
    assert '<html lang="en">' in cached.get("/").content.decode()


@pytest.mark.django_db
def test_signed_in_visitors_and_the_back_office_bypass_the_cache(cached, portal, django_user_model):
    user = django_user_model.objects.create_user("redaktion", password="x")
    cached.force_login(user)
    cached.get("/")
    assert "X-Cache" not in cached.get("/")
    assert "X-Cache" not in cached.get("/verwaltung/login/")
