"""/healthz answers without the database; /readyz checks database, caches, storages and migrations and says
503 when one of them fails, without revealing why (the reason goes to the log)."""

import json

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

CHECKS = {"database", "cache", "storage", "migrations"}


@pytest.fixture
def files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return tmp_path


def _not_cacheable(response):
    assert "no-store" in response["Cache-Control"]
    assert "X-Cache" not in response


def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    _not_cacheable(response)


def test_readyz_reports_every_check(client, files):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body == {"status": "ok", "checks": {name: "ok" for name in CHECKS}}
    _not_cacheable(response)
    assert not list((files / "private").rglob("*.txt"))  # the probe files are removed again


def test_readyz_fails_when_the_cache_is_unreachable(client, files, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                    "LOCATION": "redis://:geheim@127.0.0.1:1/0"},
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "failed"
    assert body["checks"] == {"database": "ok", "cache": "failed", "storage": "ok", "migrations": "ok"}
    assert b"geheim" not in response.content and b"127.0.0.1" not in response.content
    _not_cacheable(response)


def test_readyz_fails_when_private_storage_is_not_writable(client, files, settings):
    blocker = files / "not-a-folder"
    blocker.write_text("a file where the private folder should be")
    settings.PRIVATE_MEDIA_ROOT = blocker
    response = client.get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["storage"] == "failed"


def test_readyz_fails_while_a_migration_is_not_applied(client, files):
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM django_migrations WHERE app = 'dossier' ORDER BY id DESC")
        last = cursor.fetchone()[0]
        cursor.execute("DELETE FROM django_migrations WHERE id = %s", [last])
    response = client.get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"] == {
        "database": "ok", "cache": "ok", "storage": "ok", "migrations": "failed"}


def test_readyz_fails_when_the_database_is_unreachable(client, files, monkeypatch):
    from django.db import OperationalError
    from django.db.backends.base.base import BaseDatabaseWrapper

    def refuse(self):
        raise OperationalError("connection refused by db.internal")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["checks"]["database"] == "failed" and body["checks"]["migrations"] == "failed"
    assert b"db.internal" not in response.content


def test_health_checks_skip_the_terms_and_https_redirects(client, files, settings, django_user_model):
    from modellstadt.accounts.models import TermsAcceptance
    from modellstadt.accounts.services import publish_terms_version

    publish_terms_version(document=TermsAcceptance.Document.TERMS, version="2099-01")
    settings.SECURE_SSL_REDIRECT = True
    user = django_user_model.objects.create_user("person", email="p@example.org", password="x" * 12)
    TermsAcceptance.objects.create(user=user, document=TermsAcceptance.Document.TERMS, version="2000-01")
    client.force_login(user)
    assert client.get("/healthz", secure=True).status_code == 200
    assert client.get("/readyz", secure=True).status_code == 200
    assert client.get("/ideen/", secure=True).status_code == 302  # a new version of the terms to accept
    client.logout()
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/ideen/").status_code == 301  # other addresses go to HTTPS


def test_readyz_needs_a_recent_worker_heartbeat_where_a_worker_is_expected(client, files, settings):
    import datetime

    from django.utils import timezone

    from modellstadt.operations.heartbeat import record_heartbeat
    from modellstadt.operations.models import WorkerHeartbeat

    settings.MODELLSTADT_EXPECT_WORKER = True
    settings.MODELLSTADT_WORKER_HEARTBEAT_MAX_AGE = 120
    response = client.get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"] == {name: "ok" for name in CHECKS} | {"worker": "failed"}

    record_heartbeat("worker-on-host-a")
    response = client.get("/readyz")
    assert response.status_code == 200
    assert json.loads(response.content)["checks"]["worker"] == "ok"
    assert b"worker-on-host-a" not in response.content

    WorkerHeartbeat.objects.update(seen_at=timezone.now() - datetime.timedelta(minutes=3))
    assert client.get("/readyz").status_code == 503

    settings.MODELLSTADT_EXPECT_WORKER = False
    response = client.get("/readyz")
    assert response.status_code == 200 and "worker" not in json.loads(response.content)["checks"]
