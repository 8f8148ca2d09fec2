"""While the database cannot be reached, every page answers 503 with a static maintenance page (German,
English for visitors who chose it) and Retry-After; /healthz stays 200, /readyz says 503."""

import json

import pytest
from django.db import OperationalError, connection
from django.test import Client

from modellstadt.ideas import selectors as idea_selectors


def _outage(*args, **kwargs):
    raise OperationalError('connection to server at "db.internal" (10.0.0.7), port 5432 failed: Connection refused')


def _is_maintenance_page(response, language="de"):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Language"] == language
    assert "Content-Security-Policy" in response  # the security middleware above still adds its headers
    body = response.content.decode()
    assert f'<html lang="{language}">' in body
    assert "db.internal" not in body and "10.0.0.7" not in body
    return body


@pytest.mark.django_db
def test_a_database_error_in_a_view_answers_503_with_the_maintenance_page(client, monkeypatch):
    monkeypatch.setattr(idea_selectors, "idea_list", _outage)
    body = _is_maintenance_page(client.get("/ideen/"))
    assert "<h1>Wartung</h1>" in body and "Die Seite ist gleich wieder da." in body
    assert "Sie" in body


@pytest.mark.django_db
def test_the_maintenance_page_speaks_english_to_who_chose_english(client, monkeypatch, settings):
    monkeypatch.setattr(idea_selectors, "idea_list", _outage)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = _is_maintenance_page(client.get("/ideen/"), language="en")
    assert "Maintenance" in body and "back in a moment" in body


@pytest.mark.django_db
def test_a_database_error_in_a_middleware_answers_503_too(monkeypatch):
    from django.contrib.messages.middleware import MessageMiddleware

    monkeypatch.setattr(MessageMiddleware, "process_request", lambda self, request: _outage())
    _is_maintenance_page(Client(raise_request_exception=False).get("/ideen/"))


@pytest.mark.django_db
def test_other_errors_stay_500(monkeypatch):
    monkeypatch.setattr(idea_selectors, "idea_list", lambda *a, **k: 1 / 0)
    response = Client(raise_request_exception=False).get("/ideen/")
    assert response.status_code == 500 and "Retry-After" not in response


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_unreachable_database_answers_503_and_the_site_recovers_by_itself(settings, tmp_path):
    settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT = tmp_path / "media", tmp_path / "private"
    client = Client(raise_request_exception=False)
    assert client.get("/ideen/").status_code == 200
    original = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "postgresql":
        connection.settings_dict.update(HOST="127.0.0.1", PORT=1)  # nothing listens there
    else:
        connection.settings_dict["NAME"] = str(tmp_path / "no-such-folder" / "db.sqlite3")
    try:
        _is_maintenance_page(client.get("/ideen/"))
        _is_maintenance_page(client.get("/"))
        _is_maintenance_page(client.post("/beteiligung/verkehr/idee-einreichen/", {"title": "Eine Idee"}))
        assert client.get("/healthz").status_code == 200
        readyz = client.get("/readyz")
        assert readyz.status_code == 503 and json.loads(readyz.content)["checks"]["database"] == "failed"
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)
    assert client.get("/ideen/").status_code == 200  # nothing restarted
    assert client.get("/readyz").status_code == 200
