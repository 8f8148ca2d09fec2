"""The office's "Betrieb" page in the back office (/verwaltung/betrieb/).

It shows the task queue (counts per status, since when the oldest task waits), the latest failed
tasks with their error and a button to run each once more, the last backup and the readiness checks
of this app server (``operations.health.readiness``). Programme office and administrators only.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from modellstadt.operations import health, selectors, services
from modellstadt.operations.permissions import can_operate

CHECK_LABELS = {
    "database": gettext_lazy("Datenbank"),
    "cache": gettext_lazy("Zwischenspeicher (Cache)"),
    "storage": gettext_lazy("Dateiablage"),
    "migrations": gettext_lazy("Datenbankschema aktuell"),
}


def _require_office(request):
    if not can_operate(request.user):
        raise PermissionDenied


def overview(request):
    _require_office(request)
    checks = [(CHECK_LABELS.get(name, name), state == "ok") for name, state in health.readiness().items()]
    return TemplateResponse(request, "operations/admin/overview.html", {
        "page_title": _("Betrieb"), "header_icon": "cogs",
        "queue": selectors.queue_state(),
        "failed": selectors.failed_tasks(),
        "backup": selectors.last_backup(),
        "checks": checks,
        "all_ready": all(ok for _label, ok in checks),
    })


@require_POST
def retry(request, result_id):
    _require_office(request)
    try:
        result = services.retry_task(user=request.user, result_id=result_id)
    except services.OperationsError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Die Aufgabe wurde erneut eingereiht (neue Kennung %(id)s).") % {"id": result.id})
    return redirect("operations_admin:overview")


urlpatterns = [
    path("", overview, name="overview"),
    path("aufgaben/<uuid:result_id>/erneut/", retry, name="retry"),
]
