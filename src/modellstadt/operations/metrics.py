"""/metrics for Prometheus: the counters of core/metrics.py plus the task queue, read at each scrape.

Who may read it: a scraper on the same machine (a loopback address and no proxy header – a request
that came through nginx on the same host carries X-Forwarded-For and is not "local") or anyone who
sends ``Authorization: Bearer <MODELLSTADT_METRICS_TOKEN>``. Everyone else gets 403. The answer is
never cached and holds no secrets (no host names, no addresses, no task arguments).

Several gunicorn worker processes: with PROMETHEUS_MULTIPROC_DIR set, prometheus_client's
MultiProcessCollector adds up the values every process of this machine wrote there (the task worker's
e-mail counters too, when it runs on the same machine with the same folder). A worker on a machine of
its own serves its counters itself: ``modellstadt worker --metrics-port`` (serve_worker_metrics).
"""

import hmac
import ipaddress
import logging

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST, start_wsgi_server
from prometheus_client.multiprocess import MultiProcessCollector

from modellstadt.operations.heartbeat import latest_heartbeat
from modellstadt.operations.selectors import queue_state

logger = logging.getLogger(__name__)

PROXY_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED")


def is_loopback(address):
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def may_read_metrics(request):
    token = settings.MODELLSTADT_METRICS_TOKEN
    if token:
        scheme, _sep, offered = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(offered.strip().encode(), token.encode()):
            return True
    if not settings.MODELLSTADT_METRICS_LOOPBACK:
        return False
    proxied = any(request.META.get(header) for header in PROXY_HEADERS)
    return not proxied and is_loopback(request.META.get("REMOTE_ADDR", ""))


class TaskQueueCollector:
    """The queue of django-tasks-db and the workers' heartbeats, from the database at scrape time
    (two queries); when the database cannot be read, ``modellstadt_task_queue_up`` is 0."""

    def collect(self):
        up = GaugeMetricFamily("modellstadt_task_queue_up", "1 if the task queue could be read at this scrape.")
        try:
            state = queue_state()
            heartbeat = latest_heartbeat()
        except DatabaseError:
            logger.warning("Task queue metrics not read", exc_info=True)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        tasks = GaugeMetricFamily("modellstadt_tasks", "Background tasks by state.", labels=["state"])
        for label in ("waiting", "scheduled", "running", "failed", "successful"):
            tasks.add_metric([label], getattr(state, label))
        yield tasks
        age = state.oldest_waiting_seconds
        yield GaugeMetricFamily(
            "modellstadt_task_oldest_waiting_seconds",
            "Seconds the longest-waiting task that could run has waited (0 when none waits).",
            value=age or 0,
        )
        if heartbeat is not None:
            yield GaugeMetricFamily(
                "modellstadt_worker_heartbeat_age_seconds",
                "Seconds since any task worker last recorded its heartbeat.",
                value=max(0.0, (timezone.now() - heartbeat).total_seconds()),
            )


class _ThisProcess:
    """The default registry's metrics (this process only), for a set-up without PROMETHEUS_MULTIPROC_DIR."""

    def collect(self):
        yield from REGISTRY.collect()


def process_registry():
    """The counters of this machine's processes (PROMETHEUS_MULTIPROC_DIR) or of this process alone."""
    registry = CollectorRegistry(auto_describe=False)
    if settings.PROMETHEUS_MULTIPROC_DIR:
        MultiProcessCollector(registry, path=settings.PROMETHEUS_MULTIPROC_DIR)
    else:
        registry.register(_ThisProcess())
    return registry


def metrics_registry():
    registry = process_registry()
    registry.register(TaskQueueCollector())
    return registry


def serve_worker_metrics(address, port):
    """A small HTTP server in a thread of the task worker that answers every path with the worker's
    counters (e-mails sent and failed), for a worker on a machine without an app server. The task
    queue is left out: every app server's /metrics reports it. No token: bind it to an address that
    only the Prometheus server reaches (default loopback). Returns the server (``server_address``
    holds the port when 0 was asked for)."""
    server, _thread = start_wsgi_server(port, addr=address, registry=process_registry())
    return server


@never_cache
def metrics(request):
    if not may_read_metrics(request):
        return HttpResponse("Forbidden\n", status=403, content_type="text/plain; charset=utf-8")
    return HttpResponse(generate_latest(metrics_registry()), content_type=CONTENT_TYPE_LATEST)
