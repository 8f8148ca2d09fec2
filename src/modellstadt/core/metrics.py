"""The process's Prometheus metrics (prometheus_client), counted where things happen.

- ``modellstadt_http_request_duration_seconds`` (histogram; labels ``route``, ``method``, ``status``):
  time from the first middleware to the response, per URL pattern name (``RequestMetricsMiddleware``);
  ``route`` is the pattern's name (``namespace:name``) or, for unnamed patterns, the pattern itself –
  never the raw path, so the number of series stays bounded. Wagtail pages share ``wagtail_serve``.
- ``modellstadt_page_cache_requests_total`` (counter; ``result`` = ``hit`` | ``miss``): the anonymous
  page cache's decisions (core/cache.py); requests it does not consider are not counted.
- ``modellstadt_emails_sent_total`` / ``modellstadt_emails_failed_total`` (counters): every message
  that goes through ``MeteredEmailBackend``, the EMAIL_BACKEND that wraps the configured one.

Task queue depth and age are not counted here: they are read from the database at each scrape
(operations/metrics.py). With several gunicorn worker processes, set PROMETHEUS_MULTIPROC_DIR (see
docs/operator-guide.md): prometheus_client then keeps the values in files there and /metrics adds them
up over all processes of the machine.
"""

import time

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import Resolver404, resolve
from prometheus_client import Counter, Histogram

UNMATCHED = "<unmatched>"

REQUEST_DURATION = Histogram(
    "modellstadt_http_request_duration_seconds",
    "Time to answer an HTTP request, by URL pattern name, method and status class.",
    ["route", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
PAGE_CACHE_REQUESTS = Counter(
    "modellstadt_page_cache_requests",
    "Requests the anonymous page cache looked up, by result (hit or miss).",
    ["result"],
)
EMAILS_SENT = Counter("modellstadt_emails_sent", "E-mails handed to the mail server.")
EMAILS_FAILED = Counter("modellstadt_emails_failed", "E-mails the mail server did not take (error or refusal).")

METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def route_of(request):
    """The URL pattern's name for the metrics label; resolves the path when no view ran (a cached page)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return UNMATCHED
    if match.url_name:
        return match.view_name  # "namespace:name"
    return match.route or UNMATCHED


class RequestMetricsMiddleware:
    """Observes every request's duration (near the top of MIDDLEWARE, so cache hits count too)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed = time.perf_counter() - started
        method = request.method if request.method in METHODS else "other"
        status = f"{response.status_code // 100}xx"
        REQUEST_DURATION.labels(route=route_of(request), method=method, status=status).observe(elapsed)
        return response


def count_page_cache(hit):
    PAGE_CACHE_REQUESTS.labels(result="hit" if hit else "miss").inc()


class MeteredEmailBackend(BaseEmailBackend):
    """Sends through MODELLSTADT_EMAIL_BACKEND (the EMAIL_BACKEND environment variable) and counts.

    A message counts as sent when the wrapped backend reports it sent, as failed when it raised or
    reported fewer messages sent than it was given (a refused connection with ``fail_silently``)."""

    def __init__(self, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently)
        self.inner = get_connection(settings.MODELLSTADT_EMAIL_BACKEND, fail_silently=fail_silently, **kwargs)

    def open(self):
        return self.inner.open()

    def close(self):
        return self.inner.close()

    def send_messages(self, email_messages):
        messages = list(email_messages)
        if not messages:
            return 0
        try:
            sent = self.inner.send_messages(messages) or 0
        except Exception:
            EMAILS_FAILED.inc(len(messages))
            raise
        EMAILS_SENT.inc(sent)
        if sent < len(messages):
            EMAILS_FAILED.inc(len(messages) - sent)
        return sent
