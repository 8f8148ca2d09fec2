"""/metrics: only from loopback or with the bearer token, never cached; request latency per route, the task
queue read at scrape, e-mails sent and failed, page-cache hits and misses, summed over processes."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client
from django.utils import timezone
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def scrape(client=None, **extra):
    return (client or Client()).get("/metrics", REMOTE_ADDR="127.0.0.1", **extra)


def samples(response):
    assert response.status_code == 200, response.content
    text = response.content.decode()
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def value(name, **labels):
    return REGISTRY.get_sample_value(name, labels) or 0.0


# --- access ----------------------------------------------------------------------------------------------


def test_loopback_may_read_other_addresses_and_proxied_requests_may_not(settings):
    settings.MODELLSTADT_METRICS_TOKEN = ""
    assert scrape().status_code == 200
    assert Client().get("/metrics", REMOTE_ADDR="::1").status_code == 200
    assert Client().get("/metrics", REMOTE_ADDR="10.0.0.7").status_code == 403
    # through nginx on the same machine the address is loopback, but the visitor is not
    assert scrape(HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 403
    settings.MODELLSTADT_METRICS_LOOPBACK = False
    assert scrape().status_code == 403


def test_the_bearer_token_opens_it_from_anywhere(settings):
    settings.MODELLSTADT_METRICS_TOKEN = "s3cret-token-for-prometheus"
    remote = {"REMOTE_ADDR": "10.0.0.7", "HTTP_X_FORWARDED_FOR": "10.0.0.8"}
    ok = Client().get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token-for-prometheus", **remote)
    assert ok.status_code == 200 and ok["Content-Type"].startswith("text/plain; version=")
    assert b"s3cret" not in ok.content
    for wrong in ("Bearer wrong", "Basic s3cret-token-for-prometheus", "Bearer", ""):
        assert Client().get("/metrics", HTTP_AUTHORIZATION=wrong, **remote).status_code == 403


def test_metrics_are_never_cached(settings):
    from django.core.cache import caches

    settings.PAGE_CACHE_SECONDS = 60
    caches["pages"].clear()
    first, second = scrape(), scrape()
    assert "no-cache" in first["Cache-Control"] and "max-age=0" in first["Cache-Control"]
    assert "X-Cache" not in first and "X-Cache" not in second
    assert first.content != second.content  # the second scrape counts the first


# --- request latency per route --------------------------------------------------------------------------


def test_request_latency_is_observed_per_url_pattern_name(portal):
    name = "modellstadt_http_request_duration_seconds_count"
    before = value(name, route="healthz", method="GET", status="2xx")
    before_page = value(name, route="wagtail_serve", method="GET", status="2xx")
    before_missing = value(name, route="wagtail_serve", method="GET", status="4xx")
    Client().get("/healthz")
    Client().get("/healthz")
    Client().get("/projekte/")
    Client().get("/projekte/gibt-es-nicht-8213/")
    assert value(name, route="healthz", method="GET", status="2xx") == before + 2
    assert value(name, route="wagtail_serve", method="GET", status="2xx") == before_page + 1
    assert value(name, route="wagtail_serve", method="GET", status="4xx") == before_missing + 1
    labels = {
        dict(s.labels).get("route")
        for family in REGISTRY.collect()
        if family.name == "modellstadt_http_request_duration_seconds"
        for s in family.samples
    }
    assert not any("gibt-es-nicht" in (label or "") for label in labels)  # never the raw path


# --- page cache --------------------------------------------------------------------------------------------


def test_page_cache_hits_and_misses_are_counted_and_hits_keep_their_route(settings, portal):
    from django.core.cache import caches

    settings.PAGE_CACHE_SECONDS = 60
    caches["pages"].clear()
    hits, misses = (
        value("modellstadt_page_cache_requests_total", result="hit"),
        value("modellstadt_page_cache_requests_total", result="miss"),
    )
    served = value("modellstadt_http_request_duration_seconds_count", route="wagtail_serve", method="GET", status="2xx")
    client = Client(HTTP_HOST="localhost")
    assert client.get("/projekte/")["X-Cache"] == "miss"
    assert client.get("/projekte/")["X-Cache"] == "hit"
    assert client.get("/projekte/")["X-Cache"] == "hit"
    client.get("/healthz")  # not looked up in the page cache: not counted
    assert value("modellstadt_page_cache_requests_total", result="hit") == hits + 2
    assert value("modellstadt_page_cache_requests_total", result="miss") == misses + 1
    assert (
        value("modellstadt_http_request_duration_seconds_count", route="wagtail_serve", method="GET", status="2xx")
        == served + 3
    )


# --- task queue --------------------------------------------------------------------------------------------


def test_queue_depth_and_the_age_of_the_oldest_waiting_task_are_read_at_scrape(settings):
    from django_tasks_db.models import DBTaskResult

    from tests.operations import worker_tasks

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    empty = samples(scrape())
    assert empty[("modellstadt_tasks", (("state", "waiting"),))] == 0
    assert empty[("modellstadt_task_oldest_waiting_seconds", ())] == 0
    assert empty[("modellstadt_task_queue_up", ())] == 1

    old = worker_tasks.echo.enqueue("old")
    worker_tasks.echo.enqueue("new")
    worker_tasks.echo.using(run_after=timezone.now() + timedelta(hours=1)).enqueue("later")
    DBTaskResult.objects.filter(pk=old.id).update(enqueued_at=timezone.now() - timedelta(minutes=10))
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="x.y",
        backend_name="default",
        run_after=timezone.now(),
        status="FAILED",
    )
    figures = samples(scrape())
    assert figures[("modellstadt_tasks", (("state", "waiting"),))] == 2
    assert figures[("modellstadt_tasks", (("state", "scheduled"),))] == 1
    assert figures[("modellstadt_tasks", (("state", "failed"),))] == 1
    assert 600 <= figures[("modellstadt_task_oldest_waiting_seconds", ())] < 700


def test_an_unreadable_queue_is_reported_not_raised(monkeypatch):
    from django.db import OperationalError

    from modellstadt.operations import metrics

    monkeypatch.setattr(metrics, "queue_state", lambda: (_ for _ in ()).throw(OperationalError("down")))
    figures = samples(scrape())
    assert figures[("modellstadt_task_queue_up", ())] == 0
    assert ("modellstadt_tasks", (("state", "waiting"),)) not in figures


# --- e-mails ------------------------------------------------------------------------------------------------


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise SMTPException("550 mailbox unavailable")


@pytest.fixture
def metered(settings):
    settings.EMAIL_BACKEND = "modellstadt.core.metrics.MeteredEmailBackend"
    settings.MODELLSTADT_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings


def test_emails_sent_by_a_task_are_counted(metered):
    from modellstadt.partners.tasks import send_partner_email

    sent, failed = value("modellstadt_emails_sent_total"), value("modellstadt_emails_failed_total")
    send_partner_email.enqueue(["a@example.org"], "Einladung", "Guten Tag")
    assert len(mail.outbox) == 1  # still delivered by the wrapped backend
    assert value("modellstadt_emails_sent_total") == sent + 1
    assert value("modellstadt_emails_failed_total") == failed


def test_emails_the_server_refuses_are_counted_as_failed_and_the_error_is_raised(metered):
    from django.core.mail import send_mail

    metered.MODELLSTADT_EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    sent, failed = value("modellstadt_emails_sent_total"), value("modellstadt_emails_failed_total")
    with pytest.raises(SMTPException):
        send_mail("Betreff", "Text", None, ["a@example.org"])
    assert value("modellstadt_emails_failed_total") == failed + 1
    assert value("modellstadt_emails_sent_total") == sent


# --- several processes -----------------------------------------------------------------------------------


def test_counters_of_several_processes_are_added_up(settings, tmp_path):
    """Like gunicorn's worker processes: each writes to PROMETHEUS_MULTIPROC_DIR, /metrics sums them."""
    code = "from modellstadt.core.metrics import EMAILS_SENT; EMAILS_SENT.inc(3)"
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path), "PYTHONPATH": str(ROOT / "src")}
    for _process in range(2):
        subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
    settings.PROMETHEUS_MULTIPROC_DIR = str(tmp_path)
    figures = samples(scrape())
    assert figures[("modellstadt_emails_sent_total", ())] == 6
    assert figures[("modellstadt_task_queue_up", ())] == 1  # the queue is read at scrape in this mode too


# --- a worker on a machine of its own ----------------------------------------------------------------------


def test_a_worker_serves_its_own_email_counters_without_the_queue(metered):
    """`modellstadt worker --metrics-port`: what it sent is readable from the worker itself."""
    from urllib.request import urlopen

    from django.core.mail import send_mail

    from modellstadt.operations.metrics import serve_worker_metrics

    server = serve_worker_metrics("127.0.0.1", 0)
    try:
        port = server.server_address[1]
        before = value("modellstadt_emails_sent_total")
        send_mail("Betreff", "Text", None, ["a@example.org", "b@example.org"])
        with urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as response:
            text = response.read().decode()
    finally:
        server.shutdown()
        server.server_close()
    figures = {s.name: s.value for family in text_string_to_metric_families(text) for s in family.samples}
    assert figures["modellstadt_emails_sent_total"] == before + 1  # one send_mail, one message
    assert "modellstadt_task_queue_up" not in figures  # the app servers report the queue


def test_the_worker_command_refuses_a_metrics_port_in_use(settings):
    import socket

    from django.core.management import CommandError, call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(CommandError, match="--metrics-port"):
            call_command("worker", "--batch", "--no-startup-delay", "--no-reload",
                         "--metrics-port", str(taken.getsockname()[1]))
