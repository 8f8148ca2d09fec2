"""Publishing in the partner area: an organisation's representatives (and the programme office)
create datasets, add distributions, upload versions, see the check report, publish, decide on
access requests and read the log of reads of restricted data."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from modellstadt.opendata import selectors, services
from modellstadt.opendata.forms import (
    DatasetForm,
    DecisionForm,
    DistributionForm,
    PersonalColumnsForm,
    PublishForm,
    UploadForm,
)
from modellstadt.opendata.models import AccessRequest, AccessState, Dataset, Distribution, DistributionVersion
from modellstadt.opendata.views import apply_error, no_store


def _organisations(user):
    from modellstadt.partners.models import Organisation

    if services.is_office(user):
        return Organisation.objects.order_by("name")
    return Organisation.objects.filter(memberships__user=user, memberships__state="approved").order_by("name")


def _managed_dataset(request, slug):
    ds = get_object_or_404(Dataset.objects.select_related("publisher"), slug=slug)
    if not services.can_manage(request.user, ds.publisher_id):
        raise Http404
    return ds


@login_required
def index(request):
    organisations = list(_organisations(request.user))
    datasets = list(
        Dataset.objects.filter(publisher__in=organisations).select_related("publisher")
        .order_by("publisher__name", "title")
    )
    pending = list(
        AccessRequest.objects.filter(dataset__in=datasets, state=AccessState.PENDING).select_related("dataset", "user")
    )
    return no_store(render(request, "opendata/area/index.html", {
        "organisations": organisations, "datasets": datasets, "pending": pending,
    }))


def _dataset_values(form):
    data = dict(form.cleaned_data)
    return data


@login_required
def dataset_create(request, org_slug):
    org = get_object_or_404(_organisations(request.user), slug=org_slug)
    if request.method == "POST":
        form = DatasetForm(request.POST)
        if form.is_valid():
            try:
                ds = services.save_dataset(request.user, None, publisher=org, **_dataset_values(form))
            except services.OpenDataError as error:
                apply_error(form, error)
            else:
                messages.success(request, _("Der Datensatz wurde als Entwurf angelegt. Fügen Sie jetzt Daten hinzu."))
                return redirect("opendata_area:manage", slug=ds.slug)
    else:
        form = DatasetForm(initial={"contact_name": org.contact_person or org.name, "contact_email": org.contact_email})
    return no_store(render(request, "opendata/area/dataset_form.html", {"organisation": org, "form": form},
                           status=400 if form.errors else 200))


def _initial(ds):
    return {
        "title": ds.title, "description": ds.description, "keywords": ", ".join(k.name for k in ds.keywords.all()),
        "themes": [t.code for t in ds.themes.all()], "licence": ds.licence, "access_level": ds.access_level,
        "terms_of_use": ds.terms_of_use, "contact_name": ds.contact_name, "contact_email": ds.contact_email,
        "frequency": ds.frequency, "temporal_start": ds.temporal_start, "temporal_end": ds.temporal_end,
    }


@login_required
def manage(request, slug):
    ds = _managed_dataset(request, slug)
    form = DatasetForm(initial=_initial(ds))
    status = 200
    if request.method == "POST":
        form = DatasetForm(request.POST)
        if form.is_valid():
            try:
                services.save_dataset(request.user, ds, publisher=ds.publisher, **_dataset_values(form))
            except services.OpenDataError as error:
                apply_error(form, error)
            else:
                messages.success(request, _("Die Angaben wurden gespeichert."))
                return redirect("opendata_area:manage", slug=ds.slug)
        status = 400
    return _manage_page(request, ds, form=form, status=status)


def _manage_page(request, ds, *, form=None, dist_form=None, upload_forms=None, publish_form=None, status=200):
    distributions = list(
        Distribution.objects.filter(dataset=ds).select_related("live_version")
        .prefetch_related("versions").order_by("position", "id")
    )
    upload_forms = upload_forms or {}
    for dist in distributions:
        dist.upload_form = upload_forms.get(dist.pk) or UploadForm(prefix=f"d{dist.pk}")
        dist.version_list = sorted(dist.versions.all(), key=lambda v: -v.number)
        live = dist.live_version
        dist.personal_form = PersonalColumnsForm(version=live, prefix=f"p{live.pk}") if live and live.fields else None
    requests = list(AccessRequest.objects.filter(dataset=ds).select_related("user", "decided_by"))
    reads = list(ds.restricted_reads.select_related("user")[:100])
    return no_store(render(request, "opendata/area/manage.html", {
        "dataset": ds, "organisation": ds.publisher, "form": form or DatasetForm(initial=_initial(ds)),
        "dist_form": dist_form or DistributionForm(), "distributions": distributions,
        "publish_form": publish_form or PublishForm(), "requests": requests, "reads": reads,
        "decision_form": DecisionForm(), "review_required": services.review_required(),
        "is_office": services.is_office(request.user),
    }, status=status))


@login_required
@require_POST
def distribution_add(request, slug):
    ds = _managed_dataset(request, slug)
    form = DistributionForm(request.POST)
    if form.is_valid():
        try:
            services.add_distribution(request.user, ds, **form.cleaned_data)
        except services.OpenDataError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("Die Distribution wurde angelegt."))
            return redirect("opendata_area:manage", slug=ds.slug)
    return _manage_page(request, ds, dist_form=form, status=400)


@login_required
@require_POST
def version_upload(request, slug, dist_id):
    ds = _managed_dataset(request, slug)
    dist = get_object_or_404(Distribution, pk=dist_id, dataset=ds)
    form = UploadForm(request.POST, request.FILES, prefix=f"d{dist.pk}")
    if form.is_valid():
        pk = [c.strip() for c in form.cleaned_data["primary_key"].split(",") if c.strip()]
        try:
            version = services.upload_version(request.user, dist, upload=form.cleaned_data["file"], primary_key=pk)
        except services.OpenDataError as error:
            apply_error(form, error)
        else:
            version.refresh_from_db()
            if version.table_state == "failed":
                messages.error(request, _("Die Datei wurde abgelehnt. Der Prüfbericht unten nennt die Probleme; "
                                          "die bisherige Version bleibt gültig."))
            elif version.table_state in ("pending", "loading"):
                messages.info(request, _("Die Datei wird geprüft und geladen. Laden Sie die Seite neu, um den "
                                         "Fortschritt zu sehen."))
            else:
                messages.success(request, _("Version %(n)s ist jetzt gültig.") % {"n": version.number})
            return redirect("opendata_area:manage", slug=ds.slug)
    return _manage_page(request, ds, upload_forms={dist.pk: form}, status=400)


@login_required
@require_POST
def personal_columns(request, slug, version_id):
    ds = _managed_dataset(request, slug)
    version = get_object_or_404(DistributionVersion, pk=version_id, distribution__dataset=ds)
    form = PersonalColumnsForm(request.POST, version=version, prefix=f"p{version.pk}")
    if form.is_valid():
        services.mark_personal_columns(request.user, version, set(form.cleaned_data["personal"]))
        messages.success(request, _("Die Markierung der Spalten wurde gespeichert."))
    return redirect("opendata_area:manage", slug=ds.slug)


@login_required
@require_POST
def publish(request, slug):
    ds = _managed_dataset(request, slug)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            ds = services.publish_dataset(request.user, ds, **form.cleaned_data)
        except services.OpenDataError as error:
            apply_error(form, error)
        else:
            if ds.state == "review":
                messages.success(request, _("Der Datensatz liegt jetzt dem Programmbüro zur Prüfung vor."))
            else:
                messages.success(request, _("Der Datensatz ist veröffentlicht."))
            return redirect("opendata_area:manage", slug=ds.slug)
    return _manage_page(request, ds, publish_form=form, status=400)


@login_required
@require_POST
def unpublish(request, slug):
    ds = _managed_dataset(request, slug)
    services.unpublish_dataset(request.user, ds)
    messages.success(request, _("Der Datensatz ist wieder ein Entwurf und nicht mehr öffentlich."))
    return redirect("opendata_area:manage", slug=ds.slug)


@login_required
@require_POST
def decide(request, slug, request_id):
    ds = _managed_dataset(request, slug)
    access = get_object_or_404(AccessRequest, pk=request_id, dataset=ds)
    form = DecisionForm(request.POST)
    action = request.POST.get("action")
    if form.is_valid():
        try:
            if action == "revoke":
                services.revoke_access(request.user, access, reason=form.cleaned_data["reason"])
            else:
                services.decide_access(request.user, access, approve=action == "approve",
                                       reason=form.cleaned_data["reason"], days=form.cleaned_data["days"])
        except services.OpenDataError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Die Entscheidung wurde gespeichert."))
    else:
        messages.error(request, _("Bitte prüfen Sie die Angaben zur Entscheidung."))
    return redirect("opendata_area:manage", slug=ds.slug)


__all__ = ["selectors"]
