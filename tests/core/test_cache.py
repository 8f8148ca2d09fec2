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


@pytest.mark.django_db
def test_a_csrf_cookie_alone_does_not_bypass_the_cache(cached, portal, django_assert_num_queries):
    cached.get("/projekte/")
    cached.cookies["csrftoken"] = "a" * 32  # e.g. left by one look at the login page
    with django_assert_num_queries(0):
        response = cached.get("/projekte/")
    assert response["X-Cache"] == "hit"
    assert "csrftoken" not in response.cookies


@pytest.mark.django_db
def test_visitors_differing_only_in_their_csrf_cookie_share_one_cached_page(cached, portal):
    cached.cookies["csrftoken"] = "a" * 32
    assert cached.get("/partner/")["X-Cache"] == "miss"
    other = type(cached)(HTTP_HOST="localhost")
    other.cookies["csrftoken"] = "b" * 32
    assert other.get("/partner/")["X-Cache"] == "hit"


@pytest.mark.django_db
def test_a_page_carrying_a_csrf_token_is_never_stored(cached, portal):
    from django.http import HttpResponse
    from django.middleware.csrf import get_token
    from django.test import RequestFactory

    from modellstadt.core.cache import AnonymousPageCacheMiddleware

    def with_form(request):
        return HttpResponse(f'<form method="post"><input name="csrfmiddlewaretoken" value="{get_token(request)}">')

    middleware = AnonymousPageCacheMiddleware(with_form)
    factory = RequestFactory(HTTP_HOST="localhost")
    request = factory.get("/formular/")
    request.COOKIES["csrftoken"] = "a" * 32
    assert "X-Cache" not in middleware(request)
    assert "X-Cache" not in middleware(factory.get("/formular/"))

    def token_in_body_only(request):  # e.g. a token copied from a cached fragment
        return HttpResponse('<input type="hidden" name="csrfmiddlewaretoken" value="x">')

    assert "X-Cache" not in AnonymousPageCacheMiddleware(token_in_body_only)(factory.get("/formular/"))
