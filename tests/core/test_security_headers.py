"""Content-Security-Policy and Permissions-Policy on every response (core/security.py, settings)."""

import re

import pytest
from django.test import Client

from modellstadt.strategy.models import CooperationFieldPage


def directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part}


@pytest.fixture
def client():
    return Client(HTTP_HOST="localhost")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/konto/login/", "/konto/signup/", "/suche/?q=Glasfaser", "/gibt-es-nicht/"])
def test_portal_pages_carry_a_strict_policy(client, portal, path):
    policy = directives(client.get(path))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"] and policy["frame-ancestors"] == ["'self'"]
    assert not any("unsafe" in source for sources in policy.values() for source in sources)


@pytest.mark.django_db
def test_permissions_policy_denies_camera_microphone_and_location(client, portal):
    header = client.get("/")["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in header


@pytest.mark.django_db
def test_back_office_gets_exactly_what_wagtail_needs_and_no_more(portal, django_user_model):
    admin = django_user_model.objects.create_superuser("chefin", "chefin@example.org", "x")
    client = Client(HTTP_HOST="localhost")
    client.force_login(admin)
    response = client.get("/verwaltung/")
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["img-src"] == ["'self'", "data:", "blob:"]
    assert policy["object-src"] == ["'none'"] and policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"] and policy["default-src"] == ["'self'"]


@pytest.mark.django_db
def test_portal_templates_have_no_inline_script_or_style(client, portal):
    from tests import factories

    field = factories.field(number=1, title="Glasfaser")
    project = factories.project(field, title="Ladepark")
    paths = ["/", "/themenfelder/", field.url, project.url, "/konto/login/", "/konto/signup/"]
    for path in paths:
        html = client.get(path).content.decode()
        assert " style=" not in html, path
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>", html), path


def test_every_field_colour_has_its_css_class():
    from django.contrib.staticfiles import finders

    css = open(finders.find("modellstadt/portal.css"), encoding="utf-8").read()
    for value, _label in CooperationFieldPage.COLOURS:
        assert f".accent-{value[1:]} {{ --accent: {value}; }}" in css
