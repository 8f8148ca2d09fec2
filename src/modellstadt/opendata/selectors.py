"""Read queries of the open data platform for pages, feeds, the CKAN API and other apps.

Every list costs a fixed number of queries whatever the data size (pinned in tests).
Other apps call: ``search_datasets`` (site search), ``datasets_for_field`` / ``datasets_for_project``
(field and project pages, through the template tag), ``dataset_row_count`` and ``latest_table_values``
(progress indicators).
"""

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypedDict, cast

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, F, Prefetch, Q, QuerySet

from modellstadt.accounts.models import User
from modellstadt.core.cache import kept_while_unchanged
from modellstadt.opendata import datastore
from modellstadt.opendata.models import (
    AccessLevel,
    Dataset,
    DatasetState,
    Distribution,
    DistributionVersion,
    Keyword,
    TableState,
    Theme,
)
from modellstadt.opendata.vocabularies import LICENCES

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise  # a lazy translation; only the type checker needs the name

SORTS: dict[str, tuple[str, str]] = {
    "neu": ("-modified", "-id"),
    "titel": ("title", "id"),
    "veroeffentlicht": ("-issued", "-id"),
}


# One facet entry: (value for the query string, label shown, number of datasets).
Facet = tuple[Any, "str | StrPromise", int]  # Any: a slug, a code or a choice value straight from .values()


class Facets(TypedDict):
    organisation: list[Facet]
    thema: list[Facet]
    format: list[Facet]
    lizenz: list[Facet]
    feld: list[Facet]
    zugang: list[Facet]


# The catalogue's query parameters: request.GET (a QueryDict) or a plain dict of strings or lists.
CatalogueParams = Mapping[str, Any]

# Whoever looks: request.user on a page, or no one (feeds, API).
Viewer = User | AnonymousUser | None


def published() -> QuerySet[Dataset]:
    return Dataset.objects.filter(state=DatasetState.PUBLISHED)


def _with_list_relations(qs: QuerySet[Dataset]) -> QuerySet[Dataset]:
    return qs.select_related("publisher").prefetch_related(
        Prefetch("keywords", queryset=Keyword.objects.order_by("name")),
        Prefetch("themes", queryset=Theme.objects.order_by("code")),
    )


def text_filter(qs: QuerySet[Dataset], text: str | None) -> QuerySet[Dataset]:
    for word in (text or "").split()[:8]:
        qs = qs.filter(
            Q(title__icontains=word) | Q(description__icontains=word) | Q(keywords__name__iexact=word)
            | Q(publisher__name__icontains=word)
        )
    return qs.distinct() if text and text.split() else qs


def filter_catalogue(params: CatalogueParams) -> QuerySet[Dataset]:
    """Published datasets filtered by the catalogue's parameters (a dict of lists or strings)."""

    def values(name: str) -> list[str]:
        raw = params.getlist(name) if hasattr(params, "getlist") else params.get(name) or []
        return [v for v in ([raw] if isinstance(raw, str) else raw) if v]

    qs = published()
    qs = text_filter(qs, params.get("q", ""))
    if values("organisation"):
        qs = qs.filter(publisher__slug__in=values("organisation"))
    for theme in values("thema"):
        qs = qs.filter(themes__code=theme)
    for fmt in values("format"):
        qs = qs.filter(distributions__format=fmt.upper())
    if values("lizenz"):
        qs = qs.filter(licence__in=values("lizenz"))
    if values("feld"):
        qs = qs.filter(fields__slug__in=values("feld"))
    if values("zugang"):
        qs = qs.filter(access_level__in=values("zugang"))
    return qs.distinct()


def catalogue(
    params: CatalogueParams, *, page: int | str = 1, per_page: int | None = None
) -> tuple[Page[Dataset], Facets, str]:
    """The catalogue page: (page of datasets, facets, sort key)."""
    per_page = per_page or settings.MODELLSTADT_PAGE_SIZE
    sort = params.get("sortierung") or "neu"
    if sort not in SORTS:
        sort = "neu"
    qs = filter_catalogue(params)
    ids = qs.values("pk")
    paginator = Paginator(_with_list_relations(Dataset.objects.filter(pk__in=ids)).order_by(*SORTS[sort]), per_page)
    page_obj = paginator.get_page(page)
    return page_obj, facets(ids), sort


def facets(ids: QuerySet[Dataset, Any]) -> Facets:  # Any: any row type, ids is only used as a subquery
    """Counts per publisher, theme, format, licence, field and access level (six queries)."""
    base = Dataset.objects.filter(pk__in=ids)
    pubs = base.values("publisher__slug", "publisher__name").annotate(n=Count("id")).order_by("-n", "publisher__name")
    themes = (
        Theme.objects.filter(datasets__in=ids).annotate(n=Count("datasets", distinct=True)).order_by("-n", "code")
    )
    formats = (
        Distribution.objects.filter(dataset__in=ids).values("format").annotate(n=Count("dataset", distinct=True))
        .order_by("-n", "format")
    )
    licences = base.values("licence").annotate(n=Count("id")).order_by("-n", "licence")
    fields = (
        base.filter(fields__isnull=False).values("fields__slug", "fields__title").annotate(n=Count("id"))
        .order_by("fields__title")
    )
    access = base.values("access_level").annotate(n=Count("id")).order_by("access_level")
    access_labels = dict(AccessLevel.choices)
    return {
        "organisation": [(p["publisher__slug"], p["publisher__name"], p["n"]) for p in pubs],
        "thema": [(t.code, t.get_code_display(), t.n) for t in themes],
        "format": [(f["format"], f["format"], f["n"]) for f in formats],
        "lizenz": [(lic["licence"], LICENCES[lic["licence"]].title if lic["licence"] in LICENCES else lic["licence"],
                    lic["n"]) for lic in licences],
        "feld": [(f["fields__slug"], f["fields__title"], f["n"]) for f in fields],
        "zugang": [(a["access_level"], access_labels.get(a["access_level"], a["access_level"]), a["n"])
                   for a in access],
    }


def dataset_detail(slug: str, user: Viewer = None) -> Dataset | None:
    """One dataset with publisher, keywords, themes, fields, projects and distributions with versions."""
    from modellstadt.opendata.services import can_manage

    qs = Dataset.objects.select_related("publisher").prefetch_related(
        "keywords", "themes", "fields", "projects",
        Prefetch(
            "distributions",
            queryset=Distribution.objects.select_related("live_version").prefetch_related(
                Prefetch("versions", queryset=DistributionVersion.objects.order_by("-number"))
            ),
        ),
    )
    dataset = qs.filter(slug=slug).first()
    if dataset is None:
        return None
    if not dataset.is_published and not (user and can_manage(user, dataset.publisher_id)):
        return None
    return dataset


def search_datasets(query: str | None, user: Viewer = None, *, limit: int = 20) -> list[Dataset]:
    """Published datasets matching ``query`` for the site search (one query)."""
    if not (query or "").strip():
        return []
    return list(text_filter(published().select_related("publisher"), query).order_by("-modified", "-id")[:limit])


def datasets_for_field(field_id: int) -> list[Dataset]:
    return _kept_datasets("fields", field_id)


def datasets_for_project(project_id: int) -> list[Dataset]:
    return _kept_datasets("projects", project_id)


def _kept_datasets(relation: str, page_id: int) -> list[Dataset]:
    """The published datasets of a field or project page, kept under the content generation (every
    write of the services moves it, ``services._public_output_changed``; publishers are organisations,
    whose saves move it too)."""
    datasets: list[Dataset] = kept_while_unchanged(
        f"{relation}-datasets:{page_id}",
        lambda: list(
            published().filter(**{f"{relation}__id": page_id}).select_related("publisher").order_by("title")
        ),
    )
    return datasets


def _live_tabular(slug: str) -> DistributionVersion | None:
    return (
        DistributionVersion.objects.filter(
            distribution__dataset__slug=slug, distribution__dataset__state=DatasetState.PUBLISHED,
            table_state=TableState.LOADED, distribution__live_version__id=F("pk"),
        )
        .select_related("distribution")
        .order_by("distribution__position", "distribution__id")
        .first()
    )


def dataset_row_count(slug: str) -> int | None:
    """Rows of the first live data table of a published dataset, or None (for progress indicators)."""
    version = _live_tabular(slug)
    return version.row_count if version else None


# Any: a cell of a data table, typed by the table's own schema (string, number, date, bool).
def latest_table_values(slug: str, column: str, *, sort: str = "_id", limit: int = 1) -> list[Any]:
    """The last ``limit`` values of ``column`` in a published dataset's live table (newest by ``sort``)."""
    version = _live_tabular(slug)
    if not version or column not in {f["name"] for f in version.fields}:
        return []
    query = datastore.TableQuery(sort=sort, descending=True, columns=[column], limit=limit)
    rows: list[dict[str, Any]]
    _names, rows = datastore.select(version.table_name, version.fields, query)
    return [r[column] for r in rows[:limit]]


def preview_rows(version: DistributionVersion | None, limit: int = 10) -> list[dict[str, Any]] | None:
    """First rows of a loaded table, for the dataset page."""
    if version is None or version.table_state != TableState.LOADED:
        return None
    query = datastore.TableQuery(limit=limit)
    rows: list[dict[str, Any]]
    _names, rows = datastore.select(version.table_name, version.fields, query)
    return rows[:limit]


def organisation_datasets(organisation_id: int) -> list[Dataset]:
    return list(
        Dataset.objects.filter(publisher_id=organisation_id)
        .prefetch_related(Prefetch("distributions", queryset=Distribution.objects.select_related("live_version")))
        .order_by("title")
    )


# --- the data API's lookup ----------------------------------------------------------------------------


# What the data API reads of a distribution, its dataset and its live version, per model.
_API_COLUMNS: tuple[tuple[type[Any], tuple[str, ...]], ...] = (  # Any: three model classes
    (Distribution, ("id", "title", "format", "dataset_id", "live_version_id")),
    (Dataset, ("id", "slug", "access_level", "state", "publisher_id")),
    (DistributionVersion, ("id", "number", "table_state", "table_schema", "row_count", "ordered_columns")),
)


@functools.cache
def _api_lookup(vendor: str) -> tuple[str, list[tuple[type[Any], list[str], list[tuple[Any, list[Any]]]]]]:
    """The lookup's SQL (built once from the models' metadata) and, per model, its column names in the
    model's field order (what ``Model.from_db`` expects) with each column's converters from the database
    value (e.g. the table schema's JSON)."""
    quote = connection.ops.quote_name
    columns, models = [], []
    for model, wanted in _API_COLUMNS:
        names = [f.attname for f in model._meta.concrete_fields if f.attname in wanted]
        converters = []
        for name in names:
            field = model._meta.get_field(name)
            col = field.get_col(model._meta.db_table)
            converters.append((col, connection.ops.get_db_converters(col) + col.get_db_converters(connection)))
            columns.append(f"{quote(model._meta.db_table)}.{quote(field.column)}")
        models.append((model, names, converters))
    dist, dataset, version = (model._meta for model, _names in _API_COLUMNS)
    sql = (
        f"SELECT {', '.join(columns)} FROM {quote(dist.db_table)} "
        f"INNER JOIN {quote(dataset.db_table)} ON {quote(dist.db_table)}.{quote(dist.get_field('dataset').column)}"
        f" = {quote(dataset.db_table)}.{quote(dataset.pk.column)} "
        f"LEFT OUTER JOIN {quote(version.db_table)} ON {quote(dist.db_table)}."
        f"{quote(dist.get_field('live_version').column)} = {quote(version.db_table)}.{quote(version.pk.column)} "
        f"WHERE {quote(dist.db_table)}.{quote(dist.pk.column)} = %s"
    )
    return sql, models


def api_distribution(pk: int) -> Distribution | None:
    """The distribution with its dataset and live version (only what the data API reads; other fields
    load on access), or None. It runs on every data API request: its SQL is compiled once, because
    compiling the same three-table query through the ORM took more CPU than the table query itself."""
    sql, models = _api_lookup(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    instances: list[Any] = []  # Any: a Distribution, Dataset or DistributionVersion
    start = 0
    for model, names, converters in models:
        values = list(row[start:start + len(names)])
        start += len(names)
        if values[0] is None:  # no live version yet
            instances.append(None)
            continue
        for i, (col, column_converters) in enumerate(converters):
            for convert in column_converters:
                values[i] = convert(values[i], col, connection)
        instances.append(model.from_db(connection.alias, names, values))
    dist, dataset, version = instances
    dist.dataset = dataset
    dist.live_version = version
    return cast(Distribution, dist)
