"""/healthz and /readyz for load balancers and monitoring; never cached, no login, no terms redirect."""

from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

from modellstadt.operations.health import readiness


@never_cache
def healthz(request):
    """The process is alive and answers; touches neither the database nor the cache."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


@never_cache
def readyz(request):
    """Database, caches, file storages, migrations (and a worker heartbeat) are usable: 200, else 503
    (the balancer skips us)."""
    checks = readiness()
    ok = all(result == "ok" for result in checks.values())
    return JsonResponse({"status": "ok" if ok else "failed", "checks": checks}, status=200 if ok else 503)
