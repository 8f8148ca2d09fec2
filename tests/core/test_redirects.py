"""Every redirect to a target named by the request goes through core/redirects.py."""

import pytest
from django.test import Client, RequestFactory

from modellstadt.core.redirects import safe_next_url


@pytest.mark.parametrize("target, expected", [
    ("/ideen/3/?seite=2#kommentare", "/ideen/3/?seite=2#kommentare"),
    ("http://localhost/ideen/3/", "/fallback/"),  # absolute URLs are not needed and not taken
    ("abc", "/fallback/"), ("ideen/3/", "/fallback/"), ("//evil.example/", "/fallback/"),
    ("/\\evil.example/", "/fallback/"), ("https://evil.example/", "/fallback/"), ("javascript:alert(1)", "/fallback/"),
    ("/a\r\nSet-Cookie: x=1", "/fallback/"), ("", "/fallback/"),
])
def test_only_paths_on_this_site_are_accepted(target, expected):
    request = RequestFactory().post("/", {"next": target}, HTTP_HOST="localhost")
    assert safe_next_url(request, "/fallback/") == expected


@pytest.mark.django_db
@pytest.mark.parametrize("next_value", ["abc", "//evil.example/", "https://evil.example/x"])
def test_following_with_a_bad_next_goes_back_to_the_followed_page(portal, django_user_model, next_value):
    from tests import factories

    field = factories.field(number=1, title="Mobilität")
    user = django_user_model.objects.create_user("clara", email="clara@example.org")
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    response = client.post("/konto/folgen/", {
        "target": "strategy.cooperationfieldpage", "id": field.pk, "action": "follow", "next": next_value,
    })
    assert response.status_code == 302 and response["Location"] == field.url


@pytest.mark.django_db
def test_language_switch_and_login_ignore_a_foreign_or_bare_next(portal, django_user_model):
    client = Client(HTTP_HOST="localhost")
    assert client.get("/sprache/en/?next=abc")["Location"] == "/"
    assert client.get("/sprache/de/?next=//evil.example/")["Location"] == "/"
    assert client.get("/sprache/de/?next=/projekte/")["Location"] == "/projekte/"
    user = django_user_model.objects.create_user("dora", email="dora@example.org", password="Sehr-sicher-123")
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = client.post("/konto/login/", {"login": "dora@example.org", "password": "Sehr-sicher-123",
                                             "next": "abc"})
    assert response.status_code == 302 and response["Location"] == "/konto/"
