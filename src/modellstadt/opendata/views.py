"""Public pages of the catalogue, DCAT-AP.de feeds, downloads, access requests and the API-key page."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from modellstadt.core import fragments
from modellstadt.opendata import dcat, selectors, services
from modellstadt.opendata.forms import AccessRequestForm, ApiKeyForm
from modellstadt.opendata.models import (
    AccessLevel,
    AccessRequest,
    ApiKey,
    Distribution,
    DistributionVersion,
    TableState,
)
from modellstadt.opendata.vocabularies import FREQUENCIES

GEOJSON_PREVIEW_MAX_BYTES = 5 * 1024 * 1024


def apply_error(form, error):
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, str(error.message))


def no_store(response):
    response["Cache-Control"] = "private, no-store"
    return response


def catalogue(request):
    # The list and its facets are the same for everyone with the same query: from the fragment cache when
    # it can (every change to a dataset retires it, see services._public_output_changed).
    fragment = fragments.lookup(request, "opendata-catalogue", sorted(request.GET.lists()))
    context = {"fragment": fragment}
    if not fragments.is_hit(fragment):
        page_obj, facets, sort = selectors.catalogue(request.GET, page=request.GET.get("seite") or 1)
        context.update({
            "page_obj": page_obj, "facets": facets, "sort": sort,
            "active": {name: request.GET.getlist(name) for name in facets},
            "q": request.GET.get("q", ""), "querystring": request.GET.urlencode(),
            "facet_labels": {
                "organisation": _("Bereitstellende Organisation"), "thema": _("Thema"), "format": _("Format"),
                "lizenz": _("Lizenz"), "feld": _("Kooperationsfeld"), "zugang": _("Zugang"),
            },
        })
    return render(request, "opendata/catalogue.html", context)


def _base(request):
    return request.build_absolute_uri("/").rstrip("/")


def _geojson_preview(version, limit=10):
    if version is None or version.byte_size > GEOJSON_PREVIEW_MAX_BYTES:
        return None
    try:
        with version.file.open("rb") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return None
    features = data.get("features", [data] if data.get("type") == "Feature" else [])
    columns = []
    for feature in features[:limit]:
        for key in (feature.get("properties") or {}):
            if key not in columns:
                columns.append(key)
    rows = []
    for feature in features[:limit]:
        props = feature.get("properties") or {}
        geometry = feature.get("geometry") or {}
        coords = geometry.get("coordinates")
        point = geometry.get("type") == "Point" and coords
        where = ", ".join(str(c) for c in coords) if point else geometry.get("type", "")
        rows.append({"values": [props.get(c, "") for c in columns], "geometry": where})
    return {"columns": columns, "rows": rows, "total": len(features)}


def dataset(request, slug):
    ds = selectors.dataset_detail(slug, request.user)
    if ds is None:
        raise Http404
    can_read = services.has_access(request.user, ds)
    distributions = list(ds.distributions.all())
    previews = []
    shown = set()  # one table and one GeoJSON preview: the page costs the same whatever the distributions
    for dist in distributions:
        version = dist.live_version
        if not can_read or version is None:
            continue
        if version.table_state == TableState.LOADED and "table" not in shown:
            shown.add("table")
            previews.append({"dist": dist, "kind": "table", "fields": version.fields,
                             "rows": selectors.preview_rows(version)})
        elif dist.format == "GEOJSON" and "geojson" not in shown:
            shown.add("geojson")
            preview = _geojson_preview(version)
            if preview:
                previews.append({"dist": dist, "kind": "geojson", **preview})
    if can_read and ds.access_level == AccessLevel.RESTRICTED and previews:
        services.log_restricted_read(ds, request.user, request.path + " (Vorschau)")
    my_request = None
    if request.user.is_authenticated and ds.access_level == AccessLevel.RESTRICTED:
        my_request = AccessRequest.objects.filter(dataset=ds, user=request.user).order_by("-requested_at").first()
    api_dist = next((p["dist"] for p in previews if p["kind"] == "table"), None)
    response = render(request, "opendata/dataset.html", {
        "dataset": ds, "distributions": distributions, "previews": previews, "can_read": can_read,
        "can_manage": services.can_manage(request.user, ds.publisher_id), "my_request": my_request,
        "api_dist": api_dist, "base_url": _base(request), "frequency": FREQUENCIES.get(ds.frequency, ""),
        "licence": ds.licence_info,
    })
    return no_store(response) if ds.access_level != AccessLevel.OPEN or not ds.is_published else response


def _serve_version(request, ds, version, dist):
    if not services.has_access(request.user, ds):
        if ds.access_level == AccessLevel.RESTRICTED:
            messages.info(request, _("Für diese Daten brauchen Sie Zugang. Bitte stellen Sie einen Antrag."))
            return redirect("opendata:dataset", slug=ds.slug)
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        raise Http404
    services.log_restricted_read(ds, request.user, request.path)
    response = FileResponse(version.file.open("rb"), as_attachment=True,
                            filename=f"{ds.slug}-{dist.pk}-v{version.number}.{version.original_name.rsplit('.', 1)[-1]}"
                            if "." in version.original_name else version.original_name,
                            content_type=dist.media_type or "application/octet-stream")
    response["Digest"] = f"sha-256={version.sha256}"
    return no_store(response) if ds.access_level != AccessLevel.OPEN else response


def download(request, slug, dist_id):
    dist = get_object_or_404(Distribution.objects.select_related("dataset", "live_version"),
                             pk=dist_id, dataset__slug=slug)
    ds = dist.dataset
    if not (ds.is_published or services.can_manage(request.user, ds.publisher_id)) or dist.live_version is None:
        raise Http404
    return _serve_version(request, ds, dist.live_version, dist)


def version_download(request, slug, version_id):
    version = get_object_or_404(DistributionVersion.objects.select_related("distribution__dataset"),
                                pk=version_id, distribution__dataset__slug=slug)
    dist = version.distribution
    ds = dist.dataset
    if not (ds.is_published or services.can_manage(request.user, ds.publisher_id)):
        raise Http404
    return _serve_version(request, ds, version, dist)


def catalogue_rdf(request, ext):
    base, page = _base(request), request.GET.get("page") or 1

    def serialized():
        graph, _page = dcat.catalogue_page(base, ext, page)
        return dcat.serialize(graph, ext)

    try:  # the same for every reader: kept per content version (core/fragments.py)
        body = fragments.remembered("dcat-catalogue", base, ext, str(page), compute=serialized)
    except (EmptyPage, PageNotAnInteger):
        raise Http404 from None
    return HttpResponse(body, content_type=f"{dcat.CONTENT_TYPES[ext]}; charset=utf-8")


def dataset_rdf(request, slug, ext):
    ds = dcat.one_dataset(slug)
    if ds is None:
        raise Http404
    graph = dcat.dataset_graph(_base(request), ds)
    return HttpResponse(dcat.serialize(graph, ext), content_type=f"{dcat.CONTENT_TYPES[ext]}; charset=utf-8")


@login_required
def access_request(request, slug):
    ds = selectors.dataset_detail(slug, request.user)
    if ds is None or ds.access_level != AccessLevel.RESTRICTED or not ds.is_published:
        raise Http404
    if request.method == "POST":
        form = AccessRequestForm(request.POST)
        if form.is_valid():
            try:
                services.request_access(request.user, ds, **form.cleaned_data)
            except services.OpenDataError as error:
                apply_error(form, error)
            else:
                messages.success(
                    request, _("Ihr Antrag ist eingegangen. Sie erhalten eine E-Mail, sobald entschieden ist.")
                )
                return redirect("opendata:dataset", slug=ds.slug)
    else:
        form = AccessRequestForm()
    return no_store(render(request, "opendata/access_request.html", {"dataset": ds, "form": form},
                           status=400 if form.errors else 200))


# --- API keys (account) ------------------------------------------------------------------------------


def _represented(user):
    from modellstadt.partners.models import Organisation

    return list(Organisation.objects.filter(memberships__user=user, memberships__state="approved").order_by("name"))


@login_required
def api_keys(request):
    organisations = _represented(request.user)
    new_secret = None
    if request.method == "POST":
        form = ApiKeyForm(request.POST, organisations=organisations)
        if form.is_valid():
            data = form.cleaned_data
            org = next((o for o in organisations if o.slug == data["organisation"]), None)
            try:
                key, new_secret = services.create_api_key(
                    request.user, name=data["name"], expires=data["expires"], organisation=org,
                    read=True, write=data["write"],
                )
            except services.OpenDataError as error:
                apply_error(form, error)
            else:
                form = ApiKeyForm(organisations=organisations)
    else:
        form = ApiKeyForm(organisations=organisations)
    keys = ApiKey.objects.filter(user=request.user).select_related("organisation").order_by("-created")
    grants = AccessRequest.objects.filter(user=request.user).select_related("dataset").order_by("-requested_at")
    return no_store(render(request, "opendata/api_keys.html", {
        "form": form, "keys": keys, "new_secret": new_secret, "grants": grants,
    }, status=400 if form.errors else 200))


@login_required
@require_POST
def api_key_revoke(request, pk):
    key = get_object_or_404(ApiKey, pk=pk, user=request.user)
    services.revoke_api_key(request.user, key)
    messages.success(request, _("Der Schlüssel „%(name)s“ wurde widerrufen.") % {"name": key.name})
    return redirect("opendata:api_keys")
