"""The data API (tables of tabular distributions) and the write API for publishers, on django-ninja.

OpenAPI documentation at ``/api/docs/`` (Swagger UI served from django-ninja's own static files,
the validator badge switched off so the page asks no other host). Every error is JSON
``{"detail": "<German message>"}``: malformed parameters 400, missing/wrong/expired key 401,
a key of another organisation 403, unknown things 404, too many requests 429 with Retry-After.

Keys are sent as ``Authorization: Bearer msd_…`` (or ``X-API-Key``). Without a key, only open data
is readable.
"""

import csv
import datetime
import io
import math

from django.conf import settings
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.files import UploadedFile
from ninja.openapi.docs import Swagger
from ninja.security import HttpBearer

from modellstadt.core import guards
from modellstadt.core.cache_backends import SharedCacheUnavailable
from modellstadt.opendata import datastore, selectors, services, tables
from modellstadt.opendata.models import (
    AccessLevel,
    Dataset,
    DatasetState,
    Distribution,
    DistributionVersion,
    TableState,
)
from modellstadt.opendata.services import OpenDataError


class DataApi(NinjaAPI):
    """Answers that depend on a key or on restricted data are never stored by the page cache or proxies."""

    def create_response(self, request, data, *args, **kwargs):
        response = super().create_response(request, data, *args, **kwargs)
        if getattr(request, "opendata_private", False):
            response["Cache-Control"] = "private, no-store"
        return response


api = DataApi(
    title="Modellstadt – Daten-API",
    version="1",
    description=(
        "Tabellen der offenen Daten abfragen (Filter, Volltext, Sortierung, Feldauswahl, Keyset-Paginierung, "
        "JSON und CSV) und als Datenbereitsteller Datensätze, Versionen und Zeilen schreiben. "
        "Schlüssel: `Authorization: Bearer msd_…`. Die CKAN-kompatible Katalog-API liegt unter `/api/3/action/`."
    ),
    urls_namespace="dataapi",
    docs=Swagger(settings={"validatorUrl": None}),
    docs_url="/docs/",
    openapi_url="/openapi.json",
)


class ApiProblem(Exception):
    def __init__(self, status, message, headers=None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


def _problem_response(status, message, headers=None):
    response = JsonResponse({"detail": message}, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    for k, v in (headers or {}).items():
        response[k] = v
    return response


@api.exception_handler(ApiProblem)
def _api_problem(request, exc):
    return _problem_response(exc.status, exc.message, exc.headers)


@api.exception_handler(NinjaValidationError)
def _validation(request, exc):
    parts = []
    for err in exc.errors[:5]:
        loc = ".".join(str(x) for x in err.get("loc", ()) if x not in ("body", "query", "path", "form"))
        parts.append(f"{loc}: {err.get('msg')}" if loc else str(err.get("msg")))
    return _problem_response(400, _("Ungültige Anfrage: %(p)s") % {"p": "; ".join(parts)})


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return _problem_response(exc.status_code, str(exc))


@api.exception_handler(OpenDataError)
def _domain_error(request, exc):
    status = {"permission": 403, "not_found": 404, "login_required": 401}.get(exc.code, 400)
    return _problem_response(status, str(exc.message))


# --- keys, throttling --------------------------------------------------------------------------------


def _secret(request):
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.headers.get("X-API-Key", "").strip()


def _clock():
    return timezone.now().timestamp()


def _throttle(request, key):
    """A fixed window per key (or client address), counted by the one rate-limit counter
    (``core.guards.hit``); 429 with Retry-After."""
    window = 60
    now = _clock()
    ident = f"k{key.prefix}" if key else f"a{request.META.get('REMOTE_ADDR', '')}"
    try:
        # a limit that cannot be counted refuses (core/guards.py, "When the shared cache is down")
        over = guards.hit(f"opendata:{ident}", settings.OPENDATA_API_RATE, window, now=now)
    except SharedCacheUnavailable:
        raise ApiProblem(503, str(guards.UNAVAILABLE_MESSAGE), {"Retry-After": str(window)}) from None
    if over:
        retry = max(1, math.ceil((int(now // window) + 1) * window - now))
        raise ApiProblem(429, _("Zu viele Anfragen. Bitte versuchen Sie es in %(s)s Sekunden erneut.") % {"s": retry},
                         {"Retry-After": str(retry)})


def current_key(request, *, required=False):
    """The request's API key (or None without one); a wrong or expired key is always 401."""
    secret = _secret(request)
    if secret:
        request.opendata_private = True
    if not secret:
        if required:
            raise ApiProblem(401, _("Für diese Anfrage brauchen Sie einen API-Schlüssel."),
                             {"WWW-Authenticate": "Bearer"})
        _throttle(request, None)
        return None
    key = services.authenticate_key(secret)
    if key is None:
        raise ApiProblem(401, _("Der API-Schlüssel ist ungültig, abgelaufen oder widerrufen."),
                         {"WWW-Authenticate": "Bearer"})
    _throttle(request, key)
    return key


class KeyAuth(HttpBearer):
    """Documents the bearer key in OpenAPI; the check itself (with German 401/403 answers and the
    X-API-Key header) is ``current_key`` inside each operation."""

    def __call__(self, request):
        return _secret(request) or "ohne-schluessel"

    def authenticate(self, request, token):
        return token


def _write_key(request, organisation_id):
    key = current_key(request, required=True)
    if not key.scope_write:
        raise ApiProblem(403, _("Dieser Schlüssel hat keine Schreibrechte."))
    if key.organisation_id != organisation_id:
        raise ApiProblem(403, _("Dieser Schlüssel gehört zu einer anderen Organisation."))
    if not services.represents(key.user, organisation_id):
        raise ApiProblem(403, _("Die Person dieses Schlüssels vertritt die Organisation nicht mehr."))
    return key


def _readable_distribution(request, resource_id):
    dist = selectors.api_distribution(resource_id)
    if dist is None:
        raise ApiProblem(404, _("Diese Ressource gibt es nicht."))
    dataset = dist.dataset
    key = current_key(request)
    user = key.user if key else None
    if dataset.access_level == AccessLevel.OPEN and dataset.state == DatasetState.PUBLISHED:
        return dist, key
    request.opendata_private = True
    if key is None:
        if dataset.state != DatasetState.PUBLISHED:
            raise ApiProblem(404, _("Diese Ressource gibt es nicht."))
        raise ApiProblem(401, _("Diese Daten sind nicht offen. Bitte senden Sie Ihren API-Schlüssel mit."),
                         {"WWW-Authenticate": "Bearer"})
    if not key.scope_read and not key.scope_write:
        raise ApiProblem(403, _("Dieser Schlüssel hat keine Leserechte."))
    if not services.has_access(user, dataset):
        if dataset.state != DatasetState.PUBLISHED:
            raise ApiProblem(404, _("Diese Ressource gibt es nicht."))
        raise ApiProblem(403, _("Sie haben keinen Zugang zu diesen Daten. Beantragen Sie ihn auf der Seite des "
                                "Datensatzes."))
    return dist, key


# --- reading tables ---------------------------------------------------------------------------------


RESERVED = {"q", "sort", "fields", "limit", "cursor", "format"}


def parse_query(params, fields):
    """A TableQuery from query parameters; raises ApiProblem(400) with a German message."""
    by_name = {f["name"]: f for f in fields}
    by_name["_id"] = {"name": "_id", "type": "integer"}
    query = datastore.TableQuery()
    for raw_name in params:
        if raw_name in RESERVED:
            continue
        name, _sep, op = raw_name.partition("__")
        op = op or "eq"
        if name not in by_name:
            raise ApiProblem(400, _("Unbekannte Spalte „%(c)s“.") % {"c": name})
        if op not in datastore.OPS and op not in ("in", "null"):
            raise ApiProblem(400, _("Unbekannter Vergleich „%(op)s“ (erlaubt: eq, ne, gt, gte, lt, lte, in, null).")
                             % {"op": op})
        spec = by_name[name]
        conv = tables.api_converter(spec)
        for value in params.getlist(raw_name):
            try:
                if op == "in":
                    parsed = [conv(v) for v in value.split(",") if v != ""]
                    if not parsed or len(parsed) > 100:
                        raise ValueError(value)
                elif op == "null":
                    parsed = tables.api_converter({"type": "boolean"})(value)
                else:
                    parsed = conv(value)
                    if isinstance(parsed, float) and not math.isfinite(parsed):
                        raise ValueError(value)
            except (ValueError, TypeError, OverflowError):
                raise ApiProblem(400, _("„%(v)s“ ist kein gültiger Wert vom Typ %(t)s für „%(c)s“.")
                                 % {"v": value[:40], "t": tables.type_label(spec), "c": name}) from None
            query.filters.append((name, op, parsed))
    query.text = (params.get("q") or "").strip()[:200]
    sort = params.get("sort") or "_id"
    query.descending = sort.startswith("-")
    query.sort = sort.lstrip("-")
    if query.sort not in by_name:
        raise ApiProblem(400, _("Nach „%(c)s“ kann nicht sortiert werden: diese Spalte gibt es nicht.")
                         % {"c": query.sort})
    if params.get("fields"):
        wanted = [c.strip() for c in params["fields"].split(",") if c.strip()]
        unknown = [c for c in wanted if c not in by_name]
        if unknown:
            raise ApiProblem(400, _("Unbekannte Spalte „%(c)s“.") % {"c": unknown[0]})
        query.columns = wanted
    limit = params.get("limit") or "100"
    if not limit.isdigit() or not 1 <= int(limit) <= datastore.MAX_LIMIT:
        raise ApiProblem(400, _("limit muss eine Zahl von 1 bis %(m)s sein.") % {"m": datastore.MAX_LIMIT})
    query.limit = int(limit)
    if params.get("cursor"):
        try:
            value, row_id = datastore.decode_cursor(params["cursor"])
            if value is not None and query.sort != "_id":
                value = tables.api_converter(by_name[query.sort])(value if isinstance(value, str) else str(value))
            query.after = (value, row_id)
        except (ValueError, TypeError, KeyError):
            raise ApiProblem(400, _("Der Cursor ist ungültig.")) from None
    return query


def _json_value(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def _typed_out(fields):
    """Convert SQLite's stored text/ints back to the schema's types for output."""
    convs = {}
    if datastore.is_postgres():
        return convs
    for f in fields:
        if f["type"] == "boolean":
            convs[f["name"]] = _bool_or_none
    return convs


def _log_read(dist, key, what):
    if dist.dataset.access_level == AccessLevel.RESTRICTED:
        services.log_restricted_read(dist.dataset, key.user if key else None, what, key=key)


class FieldOut(Schema):
    name: str
    title: str | None = None
    type: str


class ResourceOut(Schema):
    id: int
    dataset: str
    title: str
    format: str
    version: int | None
    table_state: str
    row_count: int | None
    fields: list[FieldOut]
    primary_key: list[str]


def _resource_out(dist):
    version = dist.live_version
    schema = version.table_schema if version else {}
    return {
        "id": dist.pk, "dataset": dist.dataset.slug, "title": dist.title, "format": dist.format,
        "version": version.number if version else None,
        "table_state": version.table_state if version else "none",
        "row_count": version.row_count if version else None,
        "fields": [{"name": f["name"], "title": f.get("title"), "type": f["type"]} for f in schema.get("fields", [])],
        "primary_key": schema.get("primaryKey") or [],
    }


@api.get("/v1/resources/{resource_id}", response=ResourceOut, tags=["Daten lesen"], summary="Tabelle beschreiben")
def resource(request, resource_id: int):
    """Schema, Zeilenzahl und aktuelle Version einer tabellarischen Ressource."""
    dist, _key = _readable_distribution(request, resource_id)
    return _resource_out(dist)


@api.get("/v1/resources/{resource_id}/rows", tags=["Daten lesen"], summary="Zeilen abfragen",
         openapi_extra={"parameters": [
             {"name": "<spalte>", "in": "query", "required": False, "schema": {"type": "string"},
              "description": "Filter: `spalte=wert`, `spalte__gte=…`, `__gt`, `__lte`, `__lt`, `__ne`, "
                             "`spalte__in=a,b`, `spalte__null=true`"},
             {"name": "q", "in": "query", "required": False, "schema": {"type": "string"},
              "description": "Volltextsuche in den Textspalten"},
             {"name": "sort", "in": "query", "required": False, "schema": {"type": "string"},
              "description": "Spalte, absteigend mit `-`, z. B. `-datum`"},
             {"name": "fields", "in": "query", "required": False, "schema": {"type": "string"},
              "description": "Spaltenauswahl, kommagetrennt"},
             {"name": "limit", "in": "query", "required": False, "schema": {"type": "integer", "maximum": 1000}},
             {"name": "cursor", "in": "query", "required": False, "schema": {"type": "string"},
              "description": "`next_cursor` der vorigen Seite"},
             {"name": "format", "in": "query", "required": False, "schema": {"enum": ["json", "csv"]}},
         ]})
def rows(request, resource_id: int):
    """Gefilterte, sortierte Zeilen mit Keyset-Paginierung, als JSON oder CSV."""
    dist, key = _readable_distribution(request, resource_id)
    version = services.live_table(dist)
    fields = version.fields
    query = parse_query(request.GET, fields)
    fmt = request.GET.get("format") or "json"
    if fmt not in ("json", "csv"):
        raise ApiProblem(400, _("format muss json oder csv sein."))
    names, found = datastore.select(version.table_name, fields, query, ordered=version.ordered_columns)
    has_more = len(found) > query.limit
    found = found[: query.limit]
    out_columns = query.columns or [f["name"] for f in fields]
    next_cursor = None
    if has_more:
        last = found[-1]
        next_cursor = datastore.encode_cursor(last.get(query.sort) if query.sort != "_id" else None, last["_id"])
    _log_read(dist, key, request.get_full_path())
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(out_columns)
        convs = _typed_out(fields)
        for row in found:
            writer.writerow([_csv_value(convs.get(c, _same)(row.get(c))) for c in out_columns])
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        if getattr(request, "opendata_private", False):
            response["Cache-Control"] = "private, no-store"
        if next_cursor:
            response["X-Next-Cursor"] = next_cursor
        return response
    records = _json_records(found, fields, out_columns)
    next_url = None
    if next_cursor:
        params = request.GET.copy()
        params["cursor"] = next_cursor
        next_url = request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
    return {"resource": dist.pk, "version": version.number, "fields": out_columns, "rows": records,
            "next_cursor": next_cursor, "next": next_url}


def _json_records(found, fields, out_columns):
    """The rows as JSON objects: ``_id`` first, then the chosen columns; dates as ISO 8601 and, on
    SQLite, booleans back from 0/1. Only the columns that need it are converted (up to 1,000 rows ×
    every column per request)."""
    types = {f["name"]: f["type"] for f in fields}
    stored = _typed_out(fields)
    columns = [(c, _json_value if types.get(c) in ("date", "datetime") else stored.get(c))
               for c in out_columns if c != "_id"]
    records = []
    for row in found:
        record = {"_id": row["_id"]}
        for c, conv in columns:
            value = row.get(c)
            record[c] = value if conv is None else conv(value)
        records.append(record)
    return records


def _bool_or_none(value):
    return None if value is None else bool(value)


def _same(value):
    return value


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


class _Echo:
    def write(self, value):
        return value


@api.get("/v1/resources/{resource_id}/download.csv", tags=["Daten lesen"], summary="Ganze Tabelle als CSV")
def download_csv(request, resource_id: int):
    """Die ganze (optional gefilterte) Tabelle als CSV, gestreamt mit gleichbleibendem Speicherbedarf."""
    dist, key = _readable_distribution(request, resource_id)
    version = services.live_table(dist)
    fields = version.fields
    params = request.GET.copy()
    params.pop("cursor", None)
    params.pop("limit", None)
    query = parse_query(params, fields)
    names, sql, sql_params = datastore.select(version.table_name, fields, query, stream=True,
                                              ordered=version.ordered_columns)
    out_columns = query.columns or [f["name"] for f in fields]
    positions = [names.index(c) for c in out_columns]
    bool_positions = {names.index(f["name"]) for f in fields if f["type"] == "boolean" and f["name"] in names}
    _log_read(dist, key, request.get_full_path())
    writer = csv.writer(_Echo())

    def generate():
        yield writer.writerow(out_columns)
        for row in datastore.stream_rows(sql, sql_params):
            yield writer.writerow([
                _csv_value(bool(row[i]) if i in bool_positions and row[i] is not None else row[i]) for i in positions
            ])

    response = StreamingHttpResponse(generate(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{dist.dataset.slug}-{dist.pk}.csv"'
    if getattr(request, "opendata_private", False):
        response["Cache-Control"] = "private, no-store"
    return response


# --- writing ----------------------------------------------------------------------------------------


class DatasetIn(Schema):
    title: str
    description: str
    organisation: str | None = None
    keywords: list[str] = []
    themes: list[str] = []
    licence: str = "dl-by-de/2.0"
    access_level: str = "open"
    terms_of_use: str = ""
    contact_name: str = ""
    contact_email: str = ""
    frequency: str = "UNKNOWN"
    temporal_start: datetime.date | None = None
    temporal_end: datetime.date | None = None
    publish: bool = False
    confirm_no_personal_data: bool = False


class DatasetOut(Schema):
    slug: str
    title: str
    state: str
    url: str
    resources: list[int]


def _dataset_out(request, dataset):
    return {"slug": dataset.slug, "title": dataset.title, "state": dataset.state,
            "url": request.build_absolute_uri(dataset.get_absolute_url()),
            "resources": list(dataset.distributions.values_list("pk", flat=True))}


def _save(request, key, dataset, data):
    values = data.dict()
    publish = values.pop("publish")
    confirm = values.pop("confirm_no_personal_data")
    values.pop("organisation")
    dataset = services.save_dataset(key.user, dataset, publisher=key.organisation, **values)
    if publish:
        services.publish_dataset(key.user, dataset, confirm_no_personal_data=confirm)
        dataset.refresh_from_db()
    return dataset


@api.post("/v1/datasets", response={201: DatasetOut}, auth=KeyAuth(), tags=["Schreiben"],
          summary="Datensatz anlegen")
def create_dataset(request, data: DatasetIn):
    """Legt einen Datensatz der Organisation des Schlüssels an (Schlüssel mit Schreibrecht)."""
    key = current_key(request, required=True)
    if key.organisation is None:
        raise ApiProblem(403, _("Dieser Schlüssel gehört zu keiner Organisation."))
    if data.organisation and data.organisation != key.organisation.slug:
        raise ApiProblem(403, _("Dieser Schlüssel gehört zu einer anderen Organisation."))
    _write_key(request, key.organisation_id)
    return 201, _dataset_out(request, _save(request, key, None, data))


@api.put("/v1/datasets/{slug}", response=DatasetOut, auth=KeyAuth(), tags=["Schreiben"],
         summary="Datensatz ändern")
def update_dataset(request, slug: str, data: DatasetIn):
    dataset = get_object_or_404(Dataset.objects.select_related("publisher"), slug=slug)
    key = _write_key(request, dataset.publisher_id)
    return _dataset_out(request, _save(request, key, dataset, data))


class ResourceIn(Schema):
    title: str
    format: str
    kind: str = "file"
    url: str = ""
    description: str = ""


@api.post("/v1/datasets/{slug}/resources", response={201: ResourceOut}, auth=KeyAuth(), tags=["Schreiben"],
          summary="Ressource anlegen")
def create_resource(request, slug: str, data: ResourceIn):
    dataset = get_object_or_404(Dataset, slug=slug)
    key = _write_key(request, dataset.publisher_id)
    dist = services.add_distribution(key.user, dataset, title=data.title, format=data.format, kind=data.kind,
                                     external_url=data.url, description=data.description)
    return 201, _resource_out(dist)


class VersionOut(Schema):
    id: int
    resource: int
    number: int
    sha256: str
    byte_size: int
    table_state: str
    rows_loaded: int
    row_count: int | None
    report: list
    live: bool


def _version_out(version):
    return {"id": version.pk, "resource": version.distribution_id, "number": version.number,
            "sha256": version.sha256, "byte_size": version.byte_size, "table_state": version.table_state,
            "rows_loaded": version.rows_loaded, "row_count": version.row_count, "report": version.report,
            "live": version.distribution.live_version_id == version.pk}


@api.post("/v1/resources/{resource_id}/versions", response={202: VersionOut}, auth=KeyAuth(), tags=["Schreiben"],
          summary="Neue Version hochladen")
def upload(request, resource_id: int, file: File[UploadedFile], primary_key: Form[str] = ""):
    """Lädt eine neue Datei hoch. Tabellen werden im Hintergrund geprüft und geladen; den Fortschritt
    zeigt `GET /api/v1/versions/{id}`. Bis dahin bleibt die vorige Version gültig."""
    dist = get_object_or_404(Distribution.objects.select_related("dataset"), pk=resource_id)
    key = _write_key(request, dist.dataset.publisher_id)
    pk = [c.strip() for c in primary_key.split(",") if c.strip()]
    version = services.upload_version(key.user, dist, upload=file, primary_key=pk)
    version.refresh_from_db()
    version.distribution.refresh_from_db()
    return 202, _version_out(version)


@api.get("/v1/versions/{version_id}", response=VersionOut, auth=KeyAuth(), tags=["Schreiben"],
         summary="Stand einer hochgeladenen Version")
def version_status(request, version_id: int):
    version = get_object_or_404(DistributionVersion.objects.select_related("distribution__dataset"), pk=version_id)
    _write_key(request, version.distribution.dataset.publisher_id)
    return _version_out(version)


class RowsIn(Schema):
    rows: list[dict]


@api.post("/v1/resources/{resource_id}/rows", auth=KeyAuth(), tags=["Schreiben"],
          summary="Zeilen einfügen oder aktualisieren")
def write_rows(request, resource_id: int, data: RowsIn):
    """Fügt Zeilen ein; hat die Tabelle einen Primärschlüssel, werden Zeilen mit gleichem Schlüssel ersetzt."""
    dist = get_object_or_404(Distribution.objects.select_related("dataset", "live_version"), pk=resource_id)
    key = _write_key(request, dist.dataset.publisher_id)
    if len(data.rows) > 10_000:
        raise ApiProblem(400, _("Höchstens 10.000 Zeilen je Anfrage."))
    if not dist.live_version or dist.live_version.table_state != TableState.LOADED:
        raise ApiProblem(409, _("Diese Ressource hat noch keine geladene Tabelle."))
    count = services.upsert_rows(None, dist, data.rows, key=key)
    return {"written": count}
