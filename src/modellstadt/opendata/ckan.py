"""A read subset of the CKAN Action API under ``/api/3/action/``, so CKAN clients (ckanapi, harvesters,
portals' federation tools) can read the catalogue as they read any CKAN site.

Responses use CKAN's envelope ``{"help", "success", "result"}``; errors use CKAN's shapes and status
codes (``Not Found Error`` 404, ``Validation Error`` 409, unknown action 400). Actions accept GET
parameters and POST bodies in JSON, as CKAN does.
"""

import json
import re

from django.conf import settings
from django.db.models import Count, Prefetch
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from modellstadt.core import fragments
from modellstadt.opendata.models import AccessLevel, Dataset, Distribution, Keyword, TableState, Theme
from modellstadt.opendata.selectors import published, text_filter
from modellstadt.opendata.vocabularies import LICENCES

CKAN_VERSION = "2.10.4"
MAX_ROWS = 1000
FQ_TERM = re.compile(r'([+-]?)([A-Za-z_]+):("([^"]*)"|(\S+))')
FQ_FIELDS = {
    "organization": "publisher__slug",
    "owner_org": "publisher__slug",
    "tags": "keywords__name",
    "res_format": "distributions__format",
    "license_id": "licence",
    "groups": "themes__code",
    "name": "slug",
}
SORT_FIELDS = {
    "metadata_modified": "modified", "metadata_created": "created", "title_string": "title", "title": "title",
    "name": "slug", "score": "modified",
}


class ActionError(Exception):
    def __init__(self, status, kind, message=None, fields=None):
        super().__init__(message)
        self.status, self.kind, self.message, self.fields = status, kind, message, fields


def _help(request, action):
    return request.build_absolute_uri(f"/api/3/action/help_show?name={action}")


def _base(request):
    return request.build_absolute_uri("/").rstrip("/")


def _params(request):
    if request.method == "POST" and request.body:
        try:
            data = json.loads(request.body)
        except ValueError:
            raise ActionError(400, "Bad request", "Der Anfragekörper ist kein gültiges JSON.") from None
        if not isinstance(data, dict):
            raise ActionError(400, "Bad request", "Der Anfragekörper muss ein JSON-Objekt sein.")
        return data
    return {k: request.GET.get(k) for k in request.GET}


def _int(params, name, default, *, minimum=0, maximum=None):
    value = params.get(name, default)
    if value in (None, ""):
        return default
    try:
        value = int(value)
    except (TypeError, ValueError):
        raise ActionError(409, "Validation Error", fields={name: ["Invalid integer"]}) from None
    if value < minimum:
        raise ActionError(409, "Validation Error", fields={name: [f"Must be at least {minimum}"]})
    return min(value, maximum) if maximum else value


def _bool(params, name):
    return str(params.get(name, "")).lower() in ("true", "1", "yes", "on")


def organization_dict(request, org, *, count=None):
    return {
        "id": org.slug, "name": org.slug, "title": org.name, "display_name": org.name,
        "description": org.description, "type": "organization", "is_organization": True, "state": "active",
        "approval_status": "approved", "image_url": "", "created": None,
        "package_count": count if count is not None else getattr(org, "package_count", None),
        "url": request.build_absolute_uri(f"/partner/{org.slug}/"),
    }


def resource_dict(request, dataset, dist, position):
    version = dist.live_version
    base = _base(request)
    open_file = dist.kind == "file" and dataset.access_level == AccessLevel.OPEN and version
    if dist.kind != "file":
        url = dist.external_url
    elif open_file:
        url = f"{base}/daten/{dataset.slug}/download/{dist.pk}/"
    else:
        url = f"{base}/daten/{dataset.slug}/"
    return {
        "id": str(dist.pk), "package_id": dataset.slug, "name": dist.title, "description": dist.description,
        "format": dist.format, "mimetype": dist.media_type, "url": url,
        "url_type": "upload" if dist.kind == "file" else None,
        "size": version.byte_size if version else None,
        "hash": f"sha256:{version.sha256}" if version else "",
        "created": dist.created.isoformat(), "last_modified": version.created.isoformat() if version else None,
        "datastore_active": bool(version and version.table_state == TableState.LOADED),
        "position": position, "state": "active",
    }


def package_dict(request, dataset):
    licence = LICENCES.get(dataset.licence)
    tags = list(dataset.keywords.all())
    themes = list(dataset.themes.all())
    distributions = list(dataset.distributions.all())
    base = _base(request)
    return {
        "id": dataset.slug, "name": dataset.slug, "title": dataset.title, "notes": dataset.description,
        "type": "dataset", "state": "active", "private": False,
        "license_id": dataset.licence, "license_title": licence.title if licence else dataset.licence,
        "license_url": licence.uri if licence else "", "isopen": bool(licence and licence.open
                                                                       and dataset.access_level == AccessLevel.OPEN),
        "owner_org": dataset.publisher.slug, "organization": organization_dict(request, dataset.publisher),
        "author": dataset.publisher.name, "maintainer": dataset.contact_name, "maintainer_email": dataset.contact_email,
        "url": f"{base}/daten/{dataset.slug}/",
        "metadata_created": dataset.created.isoformat(), "metadata_modified": dataset.modified.isoformat(),
        "tags": [{"id": str(t.pk), "name": t.name, "display_name": t.name, "state": "active"} for t in tags],
        "num_tags": len(tags),
        "groups": [{"id": t.code, "name": t.code.lower(), "title": str(t.get_code_display())} for t in themes],
        "resources": [resource_dict(request, dataset, d, i) for i, d in enumerate(distributions)],
        "num_resources": len(distributions),
        "extras": [
            {"key": "access_level", "value": dataset.access_level},
            {"key": "frequency", "value": dataset.frequency},
            {"key": "politicalGeocodingURI",
             "value": f"http://dcat-ap.de/def/politicalGeocoding/municipalityKey/{dataset.geocoding_key}"},
            {"key": "temporal_start", "value": dataset.temporal_start.isoformat() if dataset.temporal_start else ""},
            {"key": "temporal_end", "value": dataset.temporal_end.isoformat() if dataset.temporal_end else ""},
        ],
    }


def _packages():
    return published().select_related("publisher").prefetch_related(
        "keywords", "themes",
        Prefetch("distributions",
                 queryset=Distribution.objects.select_related("live_version").order_by("position", "id")),
    )


# --- actions -----------------------------------------------------------------------------------------


def status_show(request, params):
    return {
        "site_title": settings.WAGTAIL_SITE_NAME, "site_url": _base(request), "site_description": "",
        "ckan_version": CKAN_VERSION, "error_emails_to": None, "locale_default": "de", "extensions": [],
    }


def package_list(request, params):
    limit = _int(params, "limit", None, maximum=MAX_ROWS)
    offset = _int(params, "offset", 0)
    qs = published().order_by("slug").values_list("slug", flat=True)
    return list(qs[offset:offset + limit] if limit is not None else qs[offset:])


def _parse_fq(text):
    filters = []
    rest = FQ_TERM.sub(lambda m: filters.append((m.group(1), m.group(2), m.group(4) if m.group(4) is not None
                                                 else m.group(5))) or " ", text or "")
    leftover = [w for w in rest.split() if w.upper() not in ("AND", "+")]
    return filters, " ".join(leftover)


def _apply_terms(qs, terms):
    for sign, name, value in terms:
        if name not in FQ_FIELDS:
            raise ActionError(409, "Search Query Error",
                              f"Suchanfrage ungültig: unbekanntes Feld „{name}“.")
        lookup = FQ_FIELDS[name]
        value = value.upper() if name == "res_format" else value
        if name == "groups":
            value = value.upper()
        ids = Dataset.objects.filter(**{lookup: value}).values("pk")
        qs = qs.exclude(pk__in=ids) if sign == "-" else qs.filter(pk__in=ids)
    return qs


def _sort(params):
    raw = params.get("sort") or "score desc, metadata_modified desc"
    order = []
    for part in str(raw).split(","):
        bits = part.split()
        if not bits:
            continue
        field = SORT_FIELDS.get(bits[0])
        direction = bits[1].lower() if len(bits) > 1 else "asc"
        if field is None or direction not in ("asc", "desc") or len(bits) > 2:
            raise ActionError(409, "Search Query Error", f"Sortierung ungültig: „{part.strip()}“.")
        order.append(("-" if direction == "desc" else "") + field)
    return [*dict.fromkeys(order), "-id"]


def package_search(request, params):
    rows = _int(params, "rows", 10, maximum=MAX_ROWS)
    start = _int(params, "start", 0)
    q_terms, q_text = _parse_fq(str(params.get("q") or ""))
    fq_terms, fq_text = _parse_fq(str(params.get("fq") or ""))
    if q_text.strip() == "*:*":
        q_text = ""
    qs = published()
    qs = _apply_terms(qs, q_terms + fq_terms)
    qs = text_filter(qs, " ".join(w for w in (q_text + " " + fq_text).split() if w != "*:*"))
    order = _sort(params)
    ids = qs.values("pk")
    total = Dataset.objects.filter(pk__in=ids).count()
    page = list(_packages().filter(pk__in=ids).order_by(*order)[start:start + rows]) if rows else []
    facet_fields = params.get("facet.field") or []
    if isinstance(facet_fields, str):
        try:
            facet_fields = json.loads(facet_fields)
        except ValueError:
            raise ActionError(409, "Validation Error", fields={"facet.field": ["Invalid JSON list"]}) from None
    search_facets = {}
    for name in facet_fields:
        if name == "organization":
            items = Dataset.objects.filter(pk__in=ids).values("publisher__slug", "publisher__name").annotate(
                n=Count("id"))
            search_facets[name] = [(i["publisher__slug"], i["publisher__name"], i["n"]) for i in items]
        elif name == "tags":
            items = Keyword.objects.filter(datasets__in=ids).annotate(n=Count("datasets", distinct=True))
            search_facets[name] = [(k.name, k.name, k.n) for k in items]
        elif name == "res_format":
            items = Distribution.objects.filter(dataset__in=ids).values("format").annotate(
                n=Count("dataset", distinct=True))
            search_facets[name] = [(i["format"], i["format"], i["n"]) for i in items]
        elif name == "license_id":
            items = Dataset.objects.filter(pk__in=ids).values("licence").annotate(n=Count("id"))
            search_facets[name] = [(i["licence"], i["licence"], i["n"]) for i in items]
        elif name == "groups":
            items = Theme.objects.filter(datasets__in=ids).annotate(n=Count("datasets", distinct=True))
            search_facets[name] = [(t.code.lower(), str(t.get_code_display()), t.n) for t in items]
        else:
            raise ActionError(409, "Validation Error", fields={"facet.field": [f"Unknown facet {name}"]})
    return {
        "count": total,
        "results": [package_dict(request, d) for d in page],
        "sort": params.get("sort") or "score desc, metadata_modified desc",
        "facets": {k: {v[0]: v[2] for v in items} for k, items in search_facets.items()},
        "search_facets": {
            k: {"title": k, "items": [{"name": a, "display_name": b, "count": c} for a, b, c in items]}
            for k, items in search_facets.items()
        },
    }


def _required(params, name):
    value = params.get(name)
    if value in (None, ""):
        raise ActionError(409, "Validation Error", fields={name: ["Missing value"]})
    return str(value)


def package_show(request, params):
    ident = _required(params, "id")
    dataset = _packages().filter(slug=ident).first()
    if dataset is None:
        raise ActionError(404, "Not Found Error", "Not found")
    return package_dict(request, dataset)


def resource_show(request, params):
    ident = _required(params, "id")
    if not ident.isdigit():
        raise ActionError(404, "Not Found Error", "Not found")
    dist = Distribution.objects.select_related("live_version", "dataset").filter(
        pk=int(ident), dataset__in=published()
    ).first()
    if dist is None:
        raise ActionError(404, "Not Found Error", "Not found")
    position = list(dist.dataset.distributions.order_by("position", "id").values_list("pk", flat=True)).index(dist.pk)
    return resource_dict(request, dist.dataset, dist, position)


def _organisations():
    from modellstadt.partners.models import Organisation

    return Organisation.objects.annotate(package_count=Count("datasets", filter=_published_q())).filter(
        package_count__gt=0
    )


def _published_q():
    from django.db.models import Q

    return Q(datasets__state="published")


def organization_list(request, params):
    limit = _int(params, "limit", MAX_ROWS, maximum=MAX_ROWS)
    offset = _int(params, "offset", 0)
    sort = str(params.get("sort") or "name asc")
    order = {"name asc": "slug", "name desc": "-slug", "title asc": "name", "title desc": "-name",
             "package_count desc": "-package_count", "package_count asc": "package_count"}.get(sort)
    if order is None:
        raise ActionError(409, "Validation Error", fields={"sort": ["Invalid sort"]})
    orgs = list(_organisations().order_by(order, "id")[offset:offset + limit])
    if _bool(params, "all_fields"):
        return [organization_dict(request, o) for o in orgs]
    return [o.slug for o in orgs]


def organization_show(request, params):
    ident = _required(params, "id")
    org = _organisations().filter(slug=ident).first()
    if org is None:
        raise ActionError(404, "Not Found Error", "Not found")
    result = organization_dict(request, org)
    if _bool(params, "include_datasets"):
        packages = _packages().filter(publisher=org).order_by("slug")[:MAX_ROWS]
        result["packages"] = [package_dict(request, d) for d in packages]
    return result


def tag_list(request, params):
    qs = Keyword.objects.filter(datasets__state="published").distinct().order_by("name")
    if params.get("query"):
        qs = qs.filter(name__icontains=str(params["query"]))
    if _bool(params, "all_fields"):
        return [{"id": str(k.pk), "name": k.name, "display_name": k.name} for k in qs]
    return list(qs.values_list("name", flat=True))


ACTIONS = {
    f.__name__: f for f in (status_show, package_list, package_search, package_show, organization_list,
                            organization_show, tag_list, resource_show)
}


@csrf_exempt
def action(request, name):
    if request.method not in ("GET", "POST"):
        return _error(request, name, ActionError(405, "Bad request", "Nur GET und POST sind erlaubt."))
    func = ACTIONS.get(name)
    if func is None:
        return _error(request, name, ActionError(400, "Bad request", f"Bad request - Action name not known: {name}"))
    try:
        params = _params(request)
        # Every action reads published data only: an answer is the same for everyone who asks the same
        # question on the same host, so it is kept per content version (core/fragments.py).
        body = fragments.remembered("ckan", request.get_host(), request.is_secure(), name, sorted(params.items()),
                                    compute=lambda: _answer(request, name, func, params))
    except ActionError as exc:
        return _error(request, name, exc)
    return HttpResponse(body, content_type="application/json")


def _answer(request, name, func, params):
    result = func(request, params)
    return JsonResponse({"help": _help(request, name), "success": True, "result": result},
                        json_dumps_params={"ensure_ascii": False}).content


def _error(request, name, exc):
    error = {"__type": exc.kind}
    if exc.message:
        error["message"] = exc.message
    if exc.fields:
        error.update(exc.fields)
    body = {"help": _help(request, name), "success": False, "error": error}
    return JsonResponse(body, status=exc.status, json_dumps_params={"ensure_ascii": False})
