"""Read queries of the open data platform for pages, feeds, the CKAN API and other apps.

Every list costs a fixed number of queries whatever the data size (pinned in tests).
Other apps call: ``search_datasets`` (site search), ``datasets_for_field`` / ``datasets_for_project``
(field and project pages, through the template tag), ``dataset_row_count`` and ``latest_table_values``
(progress indicators).
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, Q

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

SORTS = {
    "neu": ("-modified", "-id"),
    "titel": ("title", "id"),
    "veroeffentlicht": ("-issued", "-id"),
}


def published():
    return Dataset.objects.filter(state=DatasetState.PUBLISHED)


def _with_list_relations(qs):
    return qs.select_related("publisher").prefetch_related(
        Prefetch("keywords", queryset=Keyword.objects.order_by("name")),
        Prefetch("themes", queryset=Theme.objects.order_by("code")),
    )


def text_filter(qs, text):
    for word in (text or "").split()[:8]:
        qs = qs.filter(
            Q(title__icontains=word) | Q(description__icontains=word) | Q(keywords__name__iexact=word)
            | Q(publisher__name__icontains=word)
        )
    return qs.distinct() if text and text.split() else qs


def filter_catalogue(params):
    """Published datasets filtered by the catalogue's parameters (a dict of lists or strings)."""

    def values(name):
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


def catalogue(params, *, page=1, per_page=None):
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


def facets(ids):
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


def dataset_detail(slug, user=None):
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


def search_datasets(query, user=None, *, limit=20):
    """Published datasets matching ``query`` for the site search (one query)."""
    if not (query or "").strip():
        return []
    return list(text_filter(published().select_related("publisher"), query).order_by("-modified", "-id")[:limit])


def datasets_for_field(field_id):
    return list(published().filter(fields__id=field_id).select_related("publisher").order_by("title"))


def datasets_for_project(project_id):
    return list(published().filter(projects__id=project_id).select_related("publisher").order_by("title"))


def _live_tabular(slug):
    return (
        DistributionVersion.objects.filter(
            distribution__dataset__slug=slug, distribution__dataset__state=DatasetState.PUBLISHED,
            table_state=TableState.LOADED, distribution__live_version__id=F("pk"),
        )
        .select_related("distribution")
        .order_by("distribution__position", "distribution__id")
        .first()
    )


def dataset_row_count(slug):
    """Rows of the first live data table of a published dataset, or None (for progress indicators)."""
    version = _live_tabular(slug)
    return version.row_count if version else None


def latest_table_values(slug, column, *, sort="_id", limit=1):
    """The last ``limit`` values of ``column`` in a published dataset's live table (newest by ``sort``)."""
    version = _live_tabular(slug)
    if not version or column not in {f["name"] for f in version.fields}:
        return []
    query = datastore.TableQuery(sort=sort, descending=True, columns=[column], limit=limit)
    _names, rows = datastore.select(version.table_name, version.fields, query)
    return [r[column] for r in rows[:limit]]


def preview_rows(version, limit=10):
    """First rows of a loaded table, for the dataset page."""
    if version is None or version.table_state != TableState.LOADED:
        return None
    query = datastore.TableQuery(limit=limit)
    _names, rows = datastore.select(version.table_name, version.fields, query)
    return rows[:limit]


def organisation_datasets(organisation_id):
    return list(
        Dataset.objects.filter(publisher_id=organisation_id)
        .prefetch_related(Prefetch("distributions", queryset=Distribution.objects.select_related("live_version")))
        .order_by("title")
    )
