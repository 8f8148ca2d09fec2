"""Back-office views under /verwaltung/fortschritt/: an indicator's values (record, correct, delete)
and the CSV import. Thin: parse the form, call a service, render. Permission: ``progress.change_indicator``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from modellstadt.progress import services
from modellstadt.progress.forms import ImportForm, ValueForm
from modellstadt.progress.models import Indicator, IndicatorValue


def office_required(view):
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm("progress.change_indicator"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return wrapped


@office_required
def values(request, pk):
    indicator = get_object_or_404(Indicator.objects.select_related("field"), pk=pk)
    form = ValueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_value(indicator=indicator, user=request.user, **form.cleaned_data)
        except services.ProgressError as error:
            form.add_error(error.field, error.messages[0])
        else:
            log(indicator, "modellstadt.progress_value", user=request.user,
                data={"date": form.cleaned_data["date"].isoformat(), "value": str(form.cleaned_data["value"])})
            messages.success(request, _("Der Wert wurde gespeichert; der Status ist aktualisiert: %(s)s")
                             % {"s": indicator.status_sentence})
            return redirect("progress_admin:values", pk=indicator.pk)
    rows = IndicatorValue.objects.filter(indicator=indicator).select_related("recorded_by").order_by("-date")
    return TemplateResponse(request, "progress/admin/values.html", {
        "indicator": indicator, "form": form, "rows": rows, "page_title": _("Werte: %(name)s") % {"name": indicator},
        "import_form": ImportForm(),
        "edit_url": reverse("wagtailsnippets_progress_indicator:edit", args=[indicator.pk]),
    })


@office_required
def delete_value(request, pk, value_id):
    value = get_object_or_404(IndicatorValue, pk=value_id, indicator_id=pk)
    if request.method == "POST":
        services.delete_value(value=value)
        messages.success(request, _("Der Wert vom %(date)s wurde gelöscht.")
                         % {"date": value.date.strftime("%d.%m.%Y")})
    return redirect("progress_admin:values", pk=pk)


@office_required
def import_values(request, pk=None):
    indicator = get_object_or_404(Indicator, pk=pk) if pk else None
    form = ImportForm(request.POST or None, request.FILES or None)
    row_errors = []
    if request.method == "POST" and form.is_valid():
        try:
            result = services.import_values_csv(data=form.cleaned_data["file"].read(), user=request.user,
                                                indicator=indicator)
        except services.ImportFailed as error:
            row_errors = error.row_errors
            form.add_error("file", error.messages[0])
        except services.ProgressError as error:
            form.add_error("file", error.messages[0])
        else:
            for target in result.indicators:
                log(target, "modellstadt.progress_import", user=request.user,
                    data={"created": result.created, "updated": result.updated})
            messages.success(request, _("%(c)d Werte neu, %(u)d Werte geändert bei %(i)d Indikatoren.")
                             % {"c": result.created, "u": result.updated, "i": len(result.indicators)})
            return redirect("progress_admin:values", pk=indicator.pk) if indicator else redirect(
                "progress_admin:import")
    return TemplateResponse(request, "progress/admin/import.html", {
        "form": form, "row_errors": row_errors, "indicator": indicator, "page_title": _("Werte importieren"),
    })


def report_access(view):
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm("progress.change_councilreport"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return wrapped


@report_access
def report_detail(request, pk):
    from modellstadt.progress.models import CouncilReport
    from modellstadt.progress.report import build_report_content

    report = get_object_or_404(CouncilReport, pk=pk)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "freeze" and report.state == CouncilReport.State.DRAFT:
            from modellstadt.progress import tasks

            tasks.freeze_report.enqueue(report.pk, request.user.pk)
            report.refresh_from_db()
            if report.state == CouncilReport.State.FROZEN:
                log(report, "modellstadt.progress_report_freeze", user=request.user, data={"sha256": report.checksum})
                messages.success(request, _("Der Bericht ist festgeschrieben."))
            else:
                messages.info(request, _("Der Bericht wird im Hintergrund erstellt. Laden Sie die Seite gleich neu."))
        elif action == "publish" and report.state == CouncilReport.State.FROZEN:
            document = services.publish_report(report=report, user=request.user)
            messages.success(request, _("Als Dokument veröffentlicht: %(url)s – verlinken Sie es im Infokasten einer "
                                        "Nachricht.") % {"url": document.url})
        return redirect("progress_admin:report", pk=report.pk)
    content = report.content if report.state == CouncilReport.State.FROZEN else build_report_content(report)
    return TemplateResponse(request, "progress/admin/report.html", {
        "report": report, "content": content, "page_title": str(report),
        "verified": services.verify_report(report) if report.state == CouncilReport.State.FROZEN else None,
    })


@report_access
def report_file(request, pk, kind="docx"):
    from modellstadt.progress.models import CouncilReport
    from modellstadt.progress.views import report_file_response

    report = get_object_or_404(CouncilReport, pk=pk)
    response = report_file_response(report, kind, as_attachment=True)
    response["Cache-Control"] = "private, no-store"
    return response


def dossier_access(view):
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm("dossier.change_dossier"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return wrapped


@dossier_access
def dossier_transfer(request):
    from django.apps import apps

    Dossier = apps.get_model("dossier", "Dossier")
    if request.method == "POST":
        dossier = get_object_or_404(Dossier.objects.select_related("call"), pk=request.POST.get("dossier"))
        written = services.take_progress_into_dossier(dossier=dossier)
        messages.success(request, _("%(n)d Themenfelder der Bewerbung „%(title)s“ haben jetzt den Ist-Zustand mit "
                                    "Indikatoren und Selbstbewertung.") % {"n": written, "title": dossier.title})
        return redirect("progress_admin:dossier")
    return TemplateResponse(request, "progress/admin/dossier.html", {
        "dossiers": Dossier.objects.select_related("call").order_by("-updated_at"),
        "page_title": _("Fortschritt in Bewerbung übernehmen"),
    })


urlpatterns = [
    path("bewerbung/", dossier_transfer, name="dossier"),
    path("bericht/<int:pk>/", report_detail, name="report"),
    path("bericht/<int:pk>/datei.docx", report_file, name="report_file"),
    path("bericht/<int:pk>/datei.pdf", report_file, {"kind": "pdf"}, name="report_pdf"),
    path("import/", import_values, name="import"),
    path("indikator/<int:pk>/werte/", values, name="values"),
    path("indikator/<int:pk>/werte/import/", import_values, name="import_for"),
    path("indikator/<int:pk>/werte/<int:value_id>/loeschen/", delete_value, name="delete_value"),
]
