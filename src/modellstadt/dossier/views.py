"""Back-office pages for dossiers (under /verwaltung/dossiers/, registered in wagtail_hooks).

Thin: parse input, call a service, render. Only the programme office (permission
``dossier.change_dossier``) reaches them; files are served from private storage with FileResponse.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from modellstadt.dossier import selectors, services, versions
from modellstadt.dossier.forms import (
    AssessmentForm,
    DossierCreateForm,
    DossierForm,
    SectionForm,
    ThemeMappingForm,
    ThemeTextForm,
)
from modellstadt.dossier.models import (
    Call,
    CallRequirement,
    CallTheme,
    Dossier,
    DossierExport,
    DossierThemeText,
    DossierVersion,
    ThemeMapping,
)
from modellstadt.dossier.permissions import can_edit_dossiers, can_view_versions


def forbidden(request):
    """A real 403 (Wagtail's admin would turn a raised PermissionDenied into a redirect)."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    response = TemplateResponse(request, "dossier/admin/forbidden.html", {
        "page_title": _("Kein Zugriff"), "header_title": _("Kein Zugriff"), "header_icon": "lock",
    }, status=403)
    return response


def office_required(view):
    def wrapped(request, *args, **kwargs):
        if not can_edit_dossiers(request.user):
            return forbidden(request)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _render(request, template, context, title, subtitle=""):
    context.update({"page_title": title, "page_subtitle": subtitle, "header_title": title, "header_icon": "doc-full"})
    return TemplateResponse(request, template, context)


def _dossier(pk):
    return get_object_or_404(Dossier.objects.select_related("call"), pk=pk)


@office_required
def dossier_index(request):
    dossiers = Dossier.objects.select_related("call").order_by("-updated_at")
    calls = Call.objects.order_by("-created_at")
    form = DossierCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = services.create_dossier(form.cleaned_data["call"], title=form.cleaned_data["title"],
                                              user=request.user)
        except services.DossierError as error:
            form.add_error(error.field, error)
        else:
            messages.success(request, _("Bewerbung „%(title)s“ angelegt.") % {"title": dossier.title})
            return redirect("dossier_admin:detail", dossier.pk)
    return _render(request, "dossier/admin/index.html", {"dossiers": dossiers, "calls": calls, "form": form},
                   _("Bewerbungen"))


@office_required
def dossier_detail(request, pk):
    dossier = _dossier(pk)
    home = selectors.initiative()
    content = selectors.build_dossier_content(dossier)
    gaps = selectors.completeness(dossier, content=content, home=home)
    context = {
        "dossier": dossier,
        "call": dossier.call,
        "content": content,
        "gaps": gaps,
        "eligibility": selectors.check_eligibility(dossier.call, home),
        "assessment": selectors.self_assessment(dossier),
        "free_text": content["free_text"],
        "themes": content["themes"],
        "versions": dossier.versions.select_related("created_by").order_by("-number"),
        "exports": dossier.exports.order_by("-created_at")[:5],
        "support": content["support"],
    }
    return _render(request, "dossier/admin/detail.html", context, dossier.title, dossier.call.title)


@office_required
def dossier_edit(request, pk):
    dossier = _dossier(pk)
    form = DossierForm(request.POST or None, instance=dossier)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_dossier(dossier, **{name: form.cleaned_data[name] for name in form.Meta.fields})
        except services.DossierError as error:
            form.add_error(error.field, error)
        else:
            messages.success(request, _("Bewerbung gespeichert."))
            return redirect("dossier_admin:detail", dossier.pk)
    return _render(request, "dossier/admin/form.html", {"dossier": dossier, "form": form},
                   _("Bewerbung bearbeiten"), dossier.title)


@office_required
def theme_text(request, pk, theme_id):
    dossier = _dossier(pk)
    theme = get_object_or_404(CallTheme, pk=theme_id, call=dossier.call)
    override = DossierThemeText.objects.filter(dossier=dossier, theme=theme).first()
    initial = {"status_text": override.status_text, "vision_text": override.vision_text} if override else {}
    form = ThemeTextForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.save_theme_text(dossier, theme, **form.cleaned_data)
        messages.success(request, _("Text für „%(title)s“ gespeichert.") % {"title": theme.title})
        return redirect("dossier_admin:detail", dossier.pk)
    source = next((t for t in selectors.theme_content(dossier, [theme])), None)
    mapping = ThemeMapping.objects.filter(theme=theme).prefetch_related("fields").first()
    context = {
        "dossier": dossier, "theme": theme, "form": form, "source": source,
        "fields": list(mapping.fields.all()) if mapping else [],
    }
    return _render(request, "dossier/admin/theme_text.html", context, theme.title, dossier.title)


@office_required
def section(request, pk, requirement_id):
    dossier = _dossier(pk)
    requirement = get_object_or_404(CallRequirement, pk=requirement_id, call=dossier.call,
                                    kind=CallRequirement.Kind.FREE_TEXT)
    current = dossier.sections.filter(requirement=requirement).first()
    form = SectionForm(request.POST or None, initial={"text": current.text if current else ""})
    if request.method == "POST" and form.is_valid():
        services.save_section(dossier, requirement, form.cleaned_data["text"])
        messages.success(request, _("Abschnitt „%(title)s“ gespeichert.") % {"title": requirement.title})
        return redirect("dossier_admin:detail", dossier.pk)
    return _render(request, "dossier/admin/section.html",
                   {"dossier": dossier, "requirement": requirement, "form": form}, requirement.title, dossier.title)


@office_required
def assessment(request, pk):
    dossier = _dossier(pk)
    summary = selectors.self_assessment(dossier)
    form = AssessmentForm(request.POST or None, rows=summary["rows"])
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                for criterion, _a in summary["rows"]:
                    points = form.cleaned_data.get(f"points_{criterion.pk}")
                    services.set_assessment(
                        dossier, criterion, points or 0, form.cleaned_data.get(f"justification_{criterion.pk}", "")
                    )
        except services.DossierError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Selbsteinschätzung gespeichert."))
            return redirect("dossier_admin:detail", dossier.pk)
    return _render(request, "dossier/admin/assessment.html",
                   {"dossier": dossier, "form": form, "summary": summary}, _("Selbsteinschätzung"), dossier.title)


@office_required
def mapping(request, call_id):
    from modellstadt.projects.models import ProjectPage
    from modellstadt.strategy.models import CooperationFieldPage

    call = get_object_or_404(Call, pk=call_id)
    themes = list(call.themes.order_by("number").prefetch_related("mapping__fields", "mapping__projects"))
    field_qs = CooperationFieldPage.objects.order_by("number")
    project_qs = ProjectPage.objects.select_related("field").order_by("field__number", "title")
    forms_by_theme = []
    for theme in themes:
        existing = ThemeMapping.objects.filter(theme=theme).first()
        initial = (
            {"fields": list(existing.fields.all()), "projects": list(existing.projects.all())} if existing else {}
        )
        forms_by_theme.append((theme, ThemeMappingForm(
            request.POST or None, prefix=f"thema-{theme.pk}", initial=initial,
            field_queryset=field_qs, project_queryset=project_qs,
        )))
    if request.method == "POST" and all(form.is_valid() for _t, form in forms_by_theme):
        with transaction.atomic():
            for theme, form in forms_by_theme:
                services.set_theme_mapping(theme, fields=form.cleaned_data["fields"],
                                           projects=form.cleaned_data["projects"])
        messages.success(request, _("Zuordnung gespeichert."))
        back = request.POST.get("dossier")
        if back and back.isdigit() and Dossier.objects.filter(pk=back, call=call).exists():
            return redirect("dossier_admin:detail", int(back))
        return redirect("dossier_admin:mapping", call.pk)
    context = {"call": call, "forms": forms_by_theme, "dossier_id": request.GET.get("dossier", "")}
    return _render(request, "dossier/admin/mapping.html", context, _("Zuordnung der Themenfelder"), call.title)


@office_required
@require_POST
def export(request, pk):
    dossier = _dossier(pk)
    background = request.POST.get("background") == "1" or None
    try:
        run = services.request_export(dossier, request.user, background=background)
    except Exception:
        messages.error(request, _("Der Export ist fehlgeschlagen; Einzelheiten stehen auf der Exportseite."))
        run = dossier.exports.order_by("-created_at").first()
        if run is None:
            return redirect("dossier_admin:detail", dossier.pk)
    return redirect("dossier_admin:export", run.pk)


@office_required
def export_status(request, export_id):
    run = get_object_or_404(DossierExport.objects.select_related("dossier__call"), pk=export_id)
    pending = run.state in (DossierExport.State.QUEUED, DossierExport.State.RUNNING)
    return _render(request, "dossier/admin/export.html", {"export": run, "dossier": run.dossier, "pending": pending},
                   _("Export"), run.dossier.title)


def _serve(file, filename, content_type):
    if not file:
        raise Http404
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@office_required
def export_download(request, export_id, kind):
    run = get_object_or_404(DossierExport, pk=export_id, state=DossierExport.State.DONE)
    file = run.pdf if kind == "pdf" else run.docx
    return _serve(file, file.name.rsplit("/", 1)[-1], CONTENT_TYPES[kind])


@office_required
def freeze(request, pk):
    dossier = _dossier(pk)
    gaps = selectors.completeness(dossier)
    if request.method == "POST":
        if request.POST.get("confirm") != "1":
            messages.error(request, _("Bitte bestätigen Sie das Einfrieren."))
        else:
            try:
                version = services.freeze(dossier, request.user)
            except services.DossierError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Version %(number)s eingefroren.") % {"number": version.number})
                return redirect("dossier_admin:version", version.pk)
    return _render(request, "dossier/admin/freeze.html", {"dossier": dossier, "gaps": gaps},
                   _("Einreichen und einfrieren"), dossier.title)


def version_access(view):
    def wrapped(request, *args, **kwargs):
        if not can_view_versions(request.user):
            return forbidden(request)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return wrapped


@version_access
def version_detail(request, version_id):
    version = get_object_or_404(DossierVersion.objects.select_related("dossier__call", "created_by"), pk=version_id)
    others = version.dossier.versions.exclude(pk=version.pk).order_by("-number")
    return _render(request, "dossier/admin/version.html", {
        "version": version, "dossier": version.dossier, "others": others,
        "problems": versions.check_version(version),
        "pdf_url": reverse("dossier_admin:version_pdf", args=[version.pk]),
    }, _("Version %(number)s") % {"number": version.number}, version.dossier.title)


@version_access
def version_file(request, version_id, kind):
    version = get_object_or_404(DossierVersion, pk=version_id)
    file = version.pdf if kind == "pdf" else version.docx
    return _serve(file, file.name.rsplit("/", 1)[-1], CONTENT_TYPES[kind])


@version_access
def compare(request, pk):
    dossier = _dossier(pk)
    frozen = list(dossier.versions.order_by("number"))
    try:
        a = next(v for v in frozen if str(v.pk) == request.GET.get("a"))
        b = next(v for v in frozen if str(v.pk) == request.GET.get("b"))
    except StopIteration:
        if len(frozen) < 2:
            a = b = None
        else:
            a, b = frozen[-2], frozen[-1]
    diffs = versions.compare_versions(a, b) if a and b else []
    return _render(request, "dossier/admin/compare.html", {
        "dossier": dossier, "versions": frozen, "a": a, "b": b, "diffs": diffs,
        "changed": [d for d in diffs if d.changed],
    }, _("Versionen vergleichen"), dossier.title)
