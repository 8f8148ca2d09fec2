"""Read queries of the progress pages, each a fixed number of queries whatever the data size."""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar, cast, overload

from django.db.models import Avg, Count, F, FloatField, Model, Q, QuerySet, Sum
from django.db.models.functions import Cast, Floor
from django.utils import timezone

from modellstadt.core.cache import kept_while_unchanged
from modellstadt.core.selectors import public_pages, raw_rows
from modellstadt.progress.geo import cell_size, contains, outline_bounds
from modellstadt.progress.models import (
    Assessment,
    AssessmentCriterion,
    CriterionRating,
    District,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Place,
    ProgrammeSnapshot,
    SmartCityArea,
    Status,
)

if TYPE_CHECKING:  # imported inside the functions at run time (import order of the apps)
    from django_stubs_ext import StrPromise

    from modellstadt.ideas.models import Idea, Support
    from modellstadt.progress.models import CouncilReport
    from modellstadt.projects.models import ProjectPage
    from modellstadt.strategy.models import CooperationFieldPage

# --- the apps this one reads (kept together so a move of models is one edit here) -------------------


def _idea_model() -> type[Idea]:
    from modellstadt.ideas.models import Idea

    return Idea


def _listed_ideas() -> QuerySet[Idea]:
    from modellstadt.ideas.models import LISTED_IDEAS

    return _idea_model().objects.filter(LISTED_IDEAS)


def _support_model() -> type[Support]:
    from modellstadt.ideas.models import Support

    return Support


def _idea_url(pk: int) -> str:
    return f"/ideen/{pk}/"


def _project_model() -> type[ProjectPage]:
    from modellstadt.projects.models import ProjectPage

    return ProjectPage


def _field_model() -> type[CooperationFieldPage]:
    from modellstadt.strategy.models import CooperationFieldPage

    return CooperationFieldPage


def public_fields() -> QuerySet[CooperationFieldPage]:
    return public_pages(_field_model().objects.live()).order_by("number")


def public_projects() -> QuerySet[ProjectPage]:
    return public_pages(_project_model().objects.live())


# --- indicators -----------------------------------------------------------------------------------------


INDICATOR_LIST_FIELDS = (
    "id", "name", "slug", "unit", "decimals", "direction", "field_id", "project_id", "latest_value", "latest_date",
    "status", "expected_value", "target_value", "target_date", "values_are_invented", "baseline_value",
    "baseline_date", "order",
)


# The list columns in the model's column order: ``Model.from_db`` expects the values in that order.
_LIST_COLUMNS = [f.attname for f in Indicator._meta.concrete_fields if f.attname in INDICATOR_LIST_FIELDS]


class IndicatorRows(TypedDict):
    fields: list[CooperationFieldPage]
    rows: list[tuple[Any, ...]]  # Any: one indicator's list columns (_LIST_COLUMNS), as the database gives them


def indicator_rows() -> IndicatorRows:
    """The public fields and the list columns of their indicators (two queries), from which
    ``indicators_by_field`` builds the overview's indicator part when it has to be drawn."""
    fields = list(public_fields().only("id", "title", "slug", "number", "colour", "url_path", "is_assumption"))
    rows = list(Indicator.objects.filter(field__in=[f.pk for f in fields]).order_by("field", "order", "name")
                .values_list(*_LIST_COLUMNS))
    return {"fields": fields, "rows": rows}


def indicator_list_version() -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:  # Any: raw column values
    """What the overview's indicator part is drawn from, as raw rows for its digest: the public fields'
    names and addresses and their indicators' list columns (``refresh_indicator`` updates these with
    every value). Two queries compiled once (``core.selectors.raw_rows``)."""
    fields = raw_rows("progress-overview-fields", lambda: public_fields().values_list(
        "id", "title", "slug", "number", "colour", "url_path"))
    rows = raw_rows("progress-overview-indicators", lambda: Indicator.objects.filter(
        field__in=public_fields().values("pk")).order_by("field", "order", "name").values_list(*_LIST_COLUMNS))
    return fields, rows


def indicators_by_field(data: IndicatorRows) -> list[tuple[CooperationFieldPage, list[Indicator]]]:
    """[(field, [indicator, ...])] for the public overview, built from ``indicator_rows`` (no query)."""
    grouped: defaultdict[int | None, list[Indicator]] = defaultdict(list)
    for row in data["rows"]:
        indicator = Indicator.from_db(Indicator.objects.db, _LIST_COLUMNS, row)
        grouped[indicator.field_id].append(indicator)
    return [(field, grouped.get(field.pk, [])) for field in data["fields"]]


def status_counts(indicators: Iterable[Indicator]) -> list[tuple[str, str | StrPromise, int]]:
    counts = {key: 0 for key, _label in Status.choices}
    for indicator in indicators:
        counts[indicator.status] += 1
    return [(key, label, counts[key]) for key, label in Status.choices if counts[key]]


def field_indicators(field: CooperationFieldPage) -> list[Indicator]:
    return _kept_indicators("field", field.pk)


def project_indicators(project: ProjectPage) -> list[Indicator]:
    return _kept_indicators("project", project.pk)


def _kept_indicators(relation: str, page_id: int) -> list[Indicator]:
    """A field's or project's indicators, kept under the content generation: every indicator, target or
    value written moves it (``progress.signals``, ``services.refresh_indicator``)."""
    indicators: list[Indicator] = kept_while_unchanged(
        f"{relation}-indicators:{page_id}",
        lambda: list(Indicator.objects.filter(**{f"{relation}_id": page_id}).only(*INDICATOR_LIST_FIELDS, "series")),
    )
    return indicators


class IndicatorDetail(TypedDict):
    indicator: Indicator
    values: list[IndicatorValue]
    targets: list[IndicatorTarget]


def indicator_detail(slug: str) -> IndicatorDetail | None:
    """The indicator with field, project and organisation, its values and targets: three queries."""
    indicator = (
        Indicator.objects.select_related("field", "project", "responsible_organisation")
        .filter(slug=slug, field__live=True).first()
    )
    if indicator is None:
        return None
    values = list(IndicatorValue.objects.filter(indicator=indicator).order_by("date")
                  .only("date", "value", "origin", "source_note", "provisional"))
    targets = list(indicator.targets.order_by("date"))
    return {"indicator": indicator, "values": values, "targets": targets}


# --- the programme in figures ------------------------------------------------------------------------


class ProjectFigures(TypedDict):
    by_status: list[tuple[str, str | StrPromise, int]]  # (status, label, number of projects)
    total: int
    milestones: dict[str, int]  # total, done, overdue, open


def project_figures() -> ProjectFigures:
    """Projects by status now, by field and status (one query), and milestones (one query)."""
    from modellstadt.projects.models import Milestone, ProjectStatus

    rows = public_projects().values("field_id", "status").annotate(n=Count("id")).order_by()
    by_status = {key: 0 for key, _label in ProjectStatus.choices}
    for row in rows:
        by_status[row["status"]] = by_status.get(row["status"], 0) + row["n"]
    today = timezone.localdate()
    counts = Milestone.objects.filter(project__live=True).aggregate(
        n_total=Count("id"), n_done=Count("id", filter=Q(done=True)),
        n_overdue=Count("id", filter=Q(done=False, due__lt=today)),
        n_open=Count("id", filter=Q(done=False) & (Q(due__gte=today) | Q(due__isnull=True))),
    )
    milestones = {key[2:]: value for key, value in counts.items()}
    return {
        "by_status": [(key, label, by_status[key]) for key, label in ProjectStatus.choices],
        "total": sum(by_status.values()),
        "milestones": milestones,
    }


# Any: ProgrammeSnapshot.by_status is a JSON field, {status: number of projects}.
def status_history(limit: int = 8) -> list[tuple[datetime.date, Any]]:
    """The last ``limit`` programme snapshots (one query): [(date, {status: n})]."""
    snapshots = list(ProgrammeSnapshot.objects.order_by("-date")[:limit])
    return [(s.date, s.by_status) for s in reversed(snapshots)]


def median_days_to_answer(ideas: QuerySet[Idea]) -> float | None:
    """Median days between submission and official answer, computed in the database (two queries)."""
    answered = ideas.filter(answered_at__isnull=False).annotate(wait=F("answered_at") - F("created"))
    n = answered.count()
    if not n:
        return None
    waits = list(answered.order_by("wait").values_list("wait", flat=True)[(n - 1) // 2: n // 2 + 1])
    seconds: float = sum(w.total_seconds() for w in waits) / len(waits)
    return round(seconds / 86400, 1)


class ParticipationFigures(TypedDict):
    ideas: int
    supports: int
    answered: int
    answered_share: int | None  # per cent
    median_days: float | None


def participation_figures(
    since: datetime.date | None = None, until: datetime.date | None = None
) -> ParticipationFigures:
    ideas = _listed_ideas()
    if since:
        ideas = ideas.filter(created__date__gte=since)
    if until:
        ideas = ideas.filter(created__date__lte=until)
    totals = ideas.aggregate(ideas=Count("id"), answered=Count("id", filter=Q(answered_at__isnull=False)),
                             supports=Sum("support_count"))
    ideas_n = totals["ideas"] or 0
    return {
        "ideas": ideas_n,
        "supports": totals["supports"] or 0,
        "answered": totals["answered"] or 0,
        "answered_share": round(100 * totals["answered"] / ideas_n) if ideas_n else None,
        "median_days": median_days_to_answer(ideas),
    }


FIGURES_SECONDS = 60


class ProgrammeFigures(TypedDict):
    projects: ProjectFigures
    participation: ParticipationFigures


def programme_figures() -> ProgrammeFigures:
    """Projects, milestones and participation in figures. Counting 20,000 ideas and taking a median costs
    more than the rest of the page, so the figures are kept for a minute in the shared cache."""
    from django.core.cache import cache

    def compute() -> ProgrammeFigures:
        return {"projects": project_figures(), "participation": participation_figures()}

    key = f"progress-figures:{timezone.localdate()}"
    return cast(ProgrammeFigures, cache.get_or_set(key, compute, FIGURES_SECONDS))


# --- map ------------------------------------------------------------------------------------------------


AREA_AROUND_CENTRE_M = 1000  # a district without an outline: the places within about this of its centre


@dataclass(frozen=True)
class MapArea:
    """A part of the city the map's list is narrowed to – what zooming in is for someone without the map.

    ``kind``: "district" (a district with an outline: exactly the places inside it), "centre" (a district
    without an outline: the places in a square of about ``AREA_AROUND_CENTRE_M`` around its centre) or
    "view" (a rectangle, e.g. the map's current view). ``bbox``: (west, south, east, north)."""

    kind: str
    bbox: tuple[float, float, float, float]
    label: str = ""
    outline: dict[str, Any] | None = None  # Any: a GeoJSON geometry
    key: str = ""  # tells areas apart in cache keys

    @classmethod
    def for_district(cls, district: District) -> MapArea | None:
        if district.outline:
            return cls("district", outline_bounds(district.outline), district.name, district.outline,
                       f"d{district.pk}")
        if district.latitude is None:
            return None
        lat, lon = float(district.latitude), float(cast(Decimal, district.longitude))  # both or neither (check)
        dlat = AREA_AROUND_CENTRE_M / 111_320
        dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
        return cls("centre", (lon - dlon, lat - dlat, lon + dlon, lat + dlat), district.name, None, f"c{district.pk}")

    @classmethod
    def for_view(cls, bbox: Sequence[float]) -> MapArea:
        west, south, east, north = bbox
        return cls("view", (west, south, east, north), key="v" + ",".join(f"{v:.5f}" for v in bbox))


@dataclass(frozen=True)
class MapFilter:
    field: CooperationFieldPage | None = None
    status: str = ""
    kind: str = ""  # "" (both), "projekt", "idee"
    area: MapArea | None = None


PointModel = TypeVar("PointModel", bound=Model)  # a model with latitude and longitude: projects, ideas


def _in_area(qs: QuerySet[PointModel], area: MapArea | None) -> QuerySet[PointModel]:
    """``qs`` narrowed to the places of ``area``: the rectangle in the database; for a district outline the
    rectangle's candidates are tested against the outline here (one query of ids and positions)."""
    if area is None:
        return qs
    west, south, east, north = area.bbox
    qs = qs.filter(latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east)
    if area.outline:
        inside = [pk for pk, lat, lon in qs.values_list("pk", "latitude", "longitude")
                  if contains(area.outline, float(lat), float(lon))]
        qs = qs.filter(pk__in=inside)
    return qs


def _project_points(flt: MapFilter) -> QuerySet[ProjectPage]:
    projects = public_projects().filter(latitude__isnull=False, longitude__isnull=False)
    if flt.field is not None:
        projects = projects.filter(field_id=flt.field.pk)
    if flt.status:
        projects = projects.filter(status=flt.status)
    return _in_area(projects, flt.area)


def _idea_points(flt: MapFilter) -> QuerySet[Idea]:
    ideas = _listed_ideas().filter(latitude__isnull=False, longitude__isnull=False)
    if flt.field is not None:
        ideas = ideas.filter(field_id=flt.field.pk)
    if flt.status:
        ideas = ideas.filter(state=flt.status)
    return _in_area(ideas, flt.area)


def _wants(flt: MapFilter, kind: str) -> bool:
    return not flt.kind or flt.kind == kind


class MapItem(TypedDict):
    kind: str  # "projekt" or "idee"
    title: str
    url: str
    status: str | StrPromise
    place: str


class MapResults:
    """The map's results as a list (the accessible alternative to the map), projects first, then ideas,
    for Django's Paginator: ``count()`` is one count per kind, a slice reads only the rows of its page."""

    def __init__(self, flt: MapFilter) -> None:
        self.flt = flt
        self.projects = _project_points(flt) if _wants(flt, "projekt") else None
        self.ideas = _idea_points(flt) if _wants(flt, "idee") else None
        self._counts: dict[str, int] | None = None

    @property
    def counts(self) -> dict[str, int]:
        if self._counts is None:
            self._counts = {"projekt": self.projects.count() if self.projects is not None else 0,
                            "idee": self.ideas.count() if self.ideas is not None else 0}
        return self._counts

    def count(self) -> int:
        return sum(self.counts.values())

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, index: int) -> MapItem: ...

    @overload
    def __getitem__(self, index: slice) -> list[MapItem]: ...

    def __getitem__(self, index: int | slice) -> MapItem | list[MapItem]:
        if not isinstance(index, slice):
            return self[index:index + 1][0]
        from modellstadt.ideas.models import IdeaState
        from modellstadt.projects.models import STATUS_LABELS

        start, stop = index.start or 0, index.stop if index.stop is not None else self.count()
        items: list[MapItem] = []
        n_projects = self.counts["projekt"]
        if start < n_projects and self.projects is not None:
            for p in self.projects.order_by("title", "id").only(
                    "id", "title", "slug", "status", "location_label", "latitude", "longitude")[start:min(stop,
                                                                                                    n_projects)]:
                items.append({"kind": "projekt", "title": p.title, "url": p.public_url,
                              "status": STATUS_LABELS.get(p.status, p.status), "place": p.location_label})
        if stop > n_projects and self.ideas is not None:
            labels = dict(IdeaState.choices)
            for i in self.ideas.order_by("-created", "-id").only(
                    "id", "title", "state", "location_label")[max(start - n_projects, 0):stop - n_projects]:
                items.append({"kind": "idee", "title": i.title, "url": _idea_url(i.pk),
                              "status": labels.get(i.state, i.state), "place": i.location_label})
        return items


MAX_SINGLE_POINTS = 400


# A grid cell: (cell x, cell y, count, mean latitude, mean longitude, {kind: count}).
Cell = tuple[int, int, int, float, float, dict[str, int]]


def _cells(flt: MapFilter, zoom: int) -> list[Cell]:
    """All places of the filter grouped into grid cells of about 60 screen pixels at ``zoom``:
    [(cell x, cell y, count, mean latitude, mean longitude, {kind: count})], one GROUP BY query per kind.

    Kept in the shared cache for ``MODELLSTADT_MAP_CELL_SECONDS`` (60) under the page cache's generation,
    so every view of the map at this zoom is served from one computation."""
    from django.conf import settings
    from django.core.cache import cache

    from modellstadt.core.cache import generation

    def compute() -> list[Cell]:
        size = cell_size(zoom)
        cells: dict[tuple[int, int], tuple[int, float, float, dict[str, int]]] = {}
        for kind, qs in ((k, q) for k, q in (("projekt", _project_points(flt) if _wants(flt, "projekt") else None),
                                              ("idee", _idea_points(flt) if _wants(flt, "idee") else None))
                         if q is not None):
            rows = (
                qs.annotate(cx=Floor(Cast("longitude", FloatField()) / size),
                            cy=Floor(Cast("latitude", FloatField()) / size))
                .values("cx", "cy").annotate(n=Count("id"), lat=Avg(Cast("latitude", FloatField())),
                                             lon=Avg(Cast("longitude", FloatField()))).order_by()
            )
            for row in rows:
                key = (int(row["cx"]), int(row["cy"]))
                n0, lat0, lon0, kinds = cells.get(key, (0, 0.0, 0.0, {}))
                n = n0 + row["n"]
                cells[key] = (n, (lat0 * n0 + row["lat"] * row["n"]) / n, (lon0 * n0 + row["lon"] * row["n"]) / n,
                              {**kinds, kind: row["n"]})
        return [(x, y, n, lat, lon, kinds) for (x, y), (n, lat, lon, kinds) in cells.items()]

    seconds = getattr(settings, "MODELLSTADT_MAP_CELL_SECONDS", 60)
    if not seconds:
        return compute()
    key = (f"progress-cells:{generation()}:{zoom}:{flt.field.pk if flt.field else ''}:{flt.status}:{flt.kind}:"
           f"{flt.area.key if flt.area else ''}")
    return cast(list[Cell], cache.get_or_set(key, compute, seconds))


# A marker of the map as JSON for the browser (type, title, url, status, place, lat, lon).
Feature = dict[str, Any]  # Any: the JSON values of a marker


def _degrees(value: Decimal | None) -> float:
    """A coordinate of a place on the map (the points' querysets keep only places that have both)."""
    return float(cast(Decimal, value))


def _features(flt: MapFilter, box: Q, limit: int = MAX_SINGLE_POINTS) -> list[Feature]:
    """The places of the view with title, kind, status and link: at most ``limit`` of each kind."""
    from modellstadt.ideas.models import IdeaState
    from modellstadt.projects.models import STATUS_LABELS

    features: list[Feature] = []
    if _wants(flt, "projekt"):
        for p in _project_points(flt).filter(box).only("id", "title", "slug", "status", "location_label", "latitude",
                                                       "longitude")[:limit]:
            features.append({"type": "projekt", "title": p.title, "url": p.public_url,
                             "status": str(STATUS_LABELS.get(p.status, p.status)), "place": p.location_label,
                             "lat": _degrees(p.latitude), "lon": _degrees(p.longitude)})
    if _wants(flt, "idee"):
        labels = dict(IdeaState.choices)
        for i in _idea_points(flt).filter(box).only("id", "title", "state", "location_label", "latitude",
                                                    "longitude")[:limit]:
            features.append({"type": "idee", "title": i.title, "url": _idea_url(i.pk),
                             "status": str(labels.get(i.state, i.state)), "place": i.location_label,
                             "lat": _degrees(i.latitude), "lon": _degrees(i.longitude)})
    return features


CACHED_CELL_MAX_ZOOM = 14  # up to here the whole city has at most a few thousand cells


def _cells_in_view(flt: MapFilter, bbox: Sequence[float], zoom: int) -> list[Cell]:
    """Clusters of the view computed in the database (views zoomed in closer than the cached cells)."""
    west, south, east, north = bbox
    box = Q(latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east)
    size = cell_size(zoom)
    cells: dict[tuple[int, int], tuple[int, float, float, dict[str, int]]] = {}
    qs: QuerySet[Any] | None  # Any: projects or ideas
    for kind, qs in (("projekt", _project_points(flt).filter(box) if _wants(flt, "projekt") else None),
                     ("idee", _idea_points(flt).filter(box) if _wants(flt, "idee") else None)):
        if qs is None:
            continue
        rows = (qs.annotate(cx=Floor(Cast("longitude", FloatField()) / size),
                            cy=Floor(Cast("latitude", FloatField()) / size))
                .values("cx", "cy").annotate(n=Count("id"), lat=Avg(Cast("latitude", FloatField())),
                                             lon=Avg(Cast("longitude", FloatField()))).order_by())
        for row in rows:
            key = (int(row["cx"]), int(row["cy"]))
            n0, lat0, lon0, kinds = cells.get(key, (0, 0.0, 0.0, {}))
            n = n0 + row["n"]
            cells[key] = (n, (lat0 * n0 + row["lat"] * row["n"]) / n, (lon0 * n0 + row["lon"] * row["n"]) / n,
                          {**kinds, kind: row["n"]})
    return [(x, y, n, lat, lon, kinds) for (x, y), (n, lat, lon, kinds) in cells.items()]


class MapData(TypedDict):
    total: int
    counts: dict[str, int]
    clustered: bool
    features: list[Feature]


def map_data(flt: MapFilter, *, bbox: Sequence[float], zoom: int) -> MapData:
    """Markers for a view: ``bbox`` = (west, south, east, north), ``zoom`` 0–22.

    Up to zoom 14 the grid cells of the whole city at this zoom (``_cells``, cached) tell how many places
    the view holds; closer in, the view's places are read at once (one query per kind, one place more than
    ``MAX_SINGLE_POINTS``): if they are no more than that, they are the answer, and only a fuller view is
    grouped in the database. Above ``MAX_SINGLE_POINTS`` the view gets the cells as clusters (count and
    mean position); otherwise every place in the view with title, kind, status and link."""
    west, south, east, north = bbox
    zoom = min(zoom, 18)
    box = Q(latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east)
    if zoom > CACHED_CELL_MAX_ZOOM:  # a close view mostly holds few places: read them, count them
        features = _features(flt, box, limit=MAX_SINGLE_POINTS + 1)
        if len(features) <= MAX_SINGLE_POINTS:
            counts = {"projekt": 0, "idee": 0}
            for feature in features:
                counts[feature["type"]] += 1
            return {"total": len(features), "counts": counts, "clustered": False, "features": features}
    if zoom <= CACHED_CELL_MAX_ZOOM:
        size = cell_size(zoom)
        x0, x1 = math.floor(west / size), math.floor(east / size)
        y0, y1 = math.floor(south / size), math.floor(north / size)
        cells = [c for c in _cells(flt, zoom) if x0 <= c[0] <= x1 and y0 <= c[1] <= y1]
    else:
        cells = _cells_in_view(flt, bbox, zoom)
    counts = {"projekt": 0, "idee": 0}
    for cell in cells:
        for kind, n in cell[5].items():
            counts[kind] += n
    total = sum(counts.values())
    clustered = total > MAX_SINGLE_POINTS and zoom < 18
    if clustered:
        features = [{"type": "cluster", "count": n, "lat": round(lat, 6), "lon": round(lon, 6), "kinds": kinds}
                    for _x, _y, n, lat, lon, kinds in cells]
    else:
        features = _features(flt, box)
    return {"total": total, "counts": counts, "clustered": clustered, "features": features}


def map_bounds(flt: MapFilter) -> tuple[float, ...] | None:
    """The area all public places of the filter cover (for the first view), from districts if none; the
    chosen area itself when the filter has one."""
    from django.db.models import Max, Min

    if flt.area is not None:
        return tuple(float(v) for v in flt.area.bbox)
    boxes = []
    if _wants(flt, "projekt"):
        boxes.append(_project_points(flt).aggregate(w=Min("longitude"), s=Min("latitude"), e=Max("longitude"),
                                                    n=Max("latitude")))
    boxes.append(District.objects.filter(latitude__isnull=False).aggregate(
        w=Min("longitude"), s=Min("latitude"), e=Max("longitude"), n=Max("latitude")))
    boxes = [b for b in boxes if b["w"] is not None]
    if not boxes:
        return None
    return (float(min(b["w"] for b in boxes)), float(min(b["s"] for b in boxes)),
            float(max(b["e"] for b in boxes)), float(max(b["n"] for b in boxes)))


def districts() -> list[District]:
    return list(District.objects.all())


def gazetteer() -> list[tuple[str, float, float, int | None]]:
    """District and place names with their positions (for the place picker): two queries."""
    entries: list[tuple[str, float, float, int | None]]
    entries = [(d.name, float(cast(Decimal, d.latitude)), float(cast(Decimal, d.longitude)), d.pk)
               for d in District.objects.filter(latitude__isnull=False)]
    entries += [(p.name, float(p.latitude), float(p.longitude), p.district_id)
                for p in Place.objects.all()]
    return entries


# --- self-assessment --------------------------------------------------------------------------------------


def areas_with_criteria() -> list[SmartCityArea]:
    return list(SmartCityArea.objects.prefetch_related("criteria", "fields").order_by("order"))


# An area of the self-assessment: (area, score or None, [(criterion, rating or None)]).
AreaScore = tuple[SmartCityArea, int | None, list[tuple[AssessmentCriterion, CriterionRating | None]]]


class AssessmentScores(TypedDict):
    areas: list[AreaScore]
    total: int | None


def assessment_scores(assessment: Assessment) -> AssessmentScores:
    """{"areas": [(area, score or None, [(criterion, rating)])], "total": mean of the areas} in three queries."""
    areas = areas_with_criteria()
    ratings = {
        r.criterion_id: r
        for r in CriterionRating.objects.filter(assessment=assessment).prefetch_related("projects", "indicators")
    }
    result: list[AreaScore] = []
    for area in areas:
        rows = [(c, ratings.get(c.pk)) for c in area.criteria.all() if c.active or c.pk in ratings]
        result.append((area, _mean([r.score for _c, r in rows if r is not None]), rows))
    return {"areas": result, "total": _mean([s for _a, s, _r in result if s is not None])}


def _mean(scores: Sequence[int]) -> int | None:
    return round(sum(scores) / len(scores)) if scores else None


def area_scores(
    areas: Iterable[SmartCityArea], scores: dict[int, int]
) -> tuple[list[tuple[SmartCityArea, int | None]], int | None]:
    """[(area, score or None)] and the total for ``scores`` = {criterion id: score}, by the rule of
    ``assessment_scores``: an area's score is the mean of its rated criteria, the total the mean of the areas."""
    result = [(area, _mean([scores[c.pk] for c in area.criteria.all() if c.pk in scores])) for area in areas]
    return result, _mean([s for _a, s in result if s is not None])


def public_assessments() -> list[Assessment]:
    return list(Assessment.objects.filter(is_public=True).order_by("-date", "-id"))


def published_reports(limit: int = 10) -> list[CouncilReport]:
    """The latest council reports the office has published, newest period first (one query)."""
    from modellstadt.progress.models import CouncilReport

    return list(CouncilReport.objects.filter(state=CouncilReport.State.FROZEN, published_at__isnull=False)
                .order_by("-period_end", "-id")
                .only("id", "title", "period_start", "period_end", "pdf_file", "docx_file")[:limit])


def figures_version() -> tuple[list[tuple[Any, ...]], ...]:  # Any: raw column values
    """What the overview's figures part shows besides the figures themselves, as raw rows for its digest:
    the snapshots of ``status_history``, the latest public assessment's name and the published reports
    of ``published_reports`` (three queries compiled once, ``core.selectors.raw_rows``)."""
    from modellstadt.progress.models import CouncilReport

    return (
        raw_rows("progress-figures-history", lambda: ProgrammeSnapshot.objects.order_by("-date")
                 .values_list("date", "by_status")[:8]),
        raw_rows("progress-figures-assessment", lambda: Assessment.objects.filter(is_public=True)
                 .order_by("-date", "-id").values_list("id", "title")[:1]),
        raw_rows("progress-figures-reports", lambda: CouncilReport.objects.filter(
            state=CouncilReport.State.FROZEN, published_at__isnull=False).order_by("-period_end", "-id")
            .values_list("id", "title", "period_start", "period_end", "pdf_file", "docx_file")[:10]),
    )


def latest_assessment() -> Assessment | None:
    return Assessment.objects.filter(is_public=True).order_by("-date", "-id").first()


def compare_assessments(first: Assessment, second: Assessment) -> dict[str, Any]:  # Any: template context
    a, b = assessment_scores(first), assessment_scores(second)
    rows = []
    for (area, score_a, crit_a), (_area, score_b, crit_b) in zip(a["areas"], b["areas"], strict=True):
        by_b = {c.pk: r for c, r in crit_b}
        criteria = [(c, r.score if r else None, rating_b.score if (rating_b := by_b.get(c.pk)) else None)
                    for c, r in crit_a]
        rows.append((area, score_a, score_b, criteria))
    return {"rows": rows, "total_a": a["total"], "total_b": b["total"]}


def today() -> datetime.date:
    return datetime.date.today()


# --- for dossiers (applications) ------------------------------------------------------------------------


def progress_status_text(field_ids: Sequence[int]) -> str:
    """Markdown: the fields' indicators with their status sentence and the latest public self-assessment's
    scores of the areas mapped to these fields. Three queries."""
    from django.utils.translation import gettext as _

    lines: list[str] = []
    indicators = list(Indicator.objects.filter(field_id__in=field_ids).only(*INDICATOR_LIST_FIELDS)
                      .order_by("field_id", "order", "name"))
    if indicators:
        lines.append("**" + _("Messbarer Fortschritt") + "**")
        lines += [f"- {i.name}: {i.status_sentence} ({i.status_label})" for i in indicators]
    latest = latest_assessment()
    if latest is not None:
        scores = assessment_scores(latest)
        areas = [(a, s) for a, s, _rows in scores["areas"]
                 if s is not None and any(f.pk in field_ids for f in a.fields.all())]
        if areas:
            lines.append("")
            lines.append("**" + _("Smart-City-Selbstbewertung vom %(date)s") % {
                "date": latest.date.strftime("%d.%m.%Y")} + "**")
            lines += [_("- %(area)s: %(score)s von 100 Punkten") % {"area": a.name, "score": s} for a, s in areas]
    return "\n".join(lines)
