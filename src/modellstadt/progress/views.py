"""Public progress pages, the map and its data, and the base map file (byte ranges)."""

import csv
import hashlib
import json
import os
import re
import zlib

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from modellstadt.core.paging import paginate
from modellstadt.progress import charts, selectors
from modellstadt.progress.forms import MapFilterForm, MapViewForm
from modellstadt.progress.models import Assessment


def indicator_chart(indicator, *, values=None, targets=None, small=False):
    """The indicator's chart: from its stored short series (small) or from all values (detail page)."""
    if values is None:
        points = [(d, v) for d, v in indicator.series]
    else:
        points = [(v.date, v.value) for v in values]
    target_points = [(indicator.target_date, indicator.target_value)] if targets is None and indicator.target_date \
        else [(t.date, t.value) for t in (targets or [])]
    baseline = (indicator.baseline_date, indicator.baseline_value) if indicator.baseline_date else None
    return charts.indicator_chart(
        name=indicator.name, unit=indicator.unit, decimals=indicator.decimals, values=points,
        targets=target_points, baseline=baseline, latest_value=indicator.latest_value,
        sentence=indicator.status_sentence, small=small,
    )


def indicator_cards(indicators):
    """{pk: card HTML} for many indicators (name, status, small chart, sentence), from the cache where possible.

    One ``get_many``; the cards not in the cache are rendered after one query for their series (always
    run, so a page costs the same queries warm or cold) and stored with one ``set_many``. The key holds
    everything a card shows (latest value and date, target, status, names, language), so a new value or
    target gives a new key and nothing has to be deleted."""
    from modellstadt.progress.models import Indicator

    language = get_language()
    keys = {
        i.pk: (f"progress-card:{i.pk}:{i.latest_date}:{i.latest_value}:{i.target_date}:{i.target_value}:"
               f"{i.expected_value}:{i.status}:{i.decimals}:{i.values_are_invented}:"
               f"{zlib.crc32(f'{i.name}|{i.slug}|{i.unit}'.encode())}:{language}")
        for i in indicators
    }
    found = cache.get_many(list(keys.values()))
    missing = [i for i in indicators if keys[i.pk] not in found]
    if any("series" in i.get_deferred_fields() for i in indicators):
        series = dict(Indicator.objects.filter(pk__in=[i.pk for i in missing] or [0]).values_list("pk", "series"))
        for i in missing:
            i.series = series.get(i.pk, [])
    rendered = {}
    for i in missing:
        rendered[keys[i.pk]] = render_to_string("progress/_indicator_card.html", {
            "indicator": i, "chart": indicator_chart(i, small=True)})
    if rendered:
        cache.set_many(rendered, timeout=24 * 3600)
    found.update(rendered)
    return {pk: mark_safe(found[key]) for pk, key in keys.items()}


def overview_indicators_part():
    """The overview's indicators by field (status counts, the fields' sections with every card), kept
    under a digest of the rows they are drawn from (``selectors.indicator_list_version``: two queries
    compiled once). Only on a miss are the fields and indicators read as objects and the cards come
    from ``indicator_cards``."""

    def render():
        groups = selectors.indicators_by_field(selectors.indicator_rows())
        indicators = [i for _field, items in groups for i in items]
        cards = indicator_cards(indicators)
        return render_to_string("progress/_overview_indicators.html", {
            "groups": [(field, [cards[i.pk] for i in items]) for field, items in groups],
            "indicator_status": selectors.status_counts(indicators), "indicator_count": len(indicators),
        })

    return _kept_part("progress-overview", selectors.indicator_list_version(), render)


# The parts this process used last, by key: a key names its content (a digest of the data), so a copy
# here is never stale, and a hit saves reading a large part (the overview's is about 400 kB) from the
# shared cache.
_RECENT_PARTS: dict[str, str] = {}
RECENT_PARTS_KEPT = 32


def _kept_part(kind, shown, render):
    """HTML kept in the cache under a digest of everything it shows (and the language): new data gives a
    new key, so nothing is deleted and nothing stale is shown. ``render()`` makes it on a miss."""
    key = f"{kind}:{hashlib.sha256(repr((shown, get_language())).encode()).hexdigest()[:32]}"
    html = _RECENT_PARTS.get(key)
    if html is None:
        html = cache.get(key)
        if html is None:
            html = render()
            cache.set(key, html, timeout=24 * 3600)
        if len(_RECENT_PARTS) >= RECENT_PARTS_KEPT:
            _RECENT_PARTS.clear()
        _RECENT_PARTS[key] = html
    return mark_safe(html)


def overview_figures_part():
    """The programme in figures (projects, milestones, the status history as chart and table,
    participation), the link to the latest self-assessment and the published council reports, kept
    under a digest of those figures (kept a minute themselves, ``selectors.programme_figures``) and of
    the rows the rest is drawn from (``selectors.figures_version``)."""

    figures = selectors.programme_figures()

    def render():
        data = {"history": selectors.status_history(), **figures}  # the figures of the digest below
        projects, history = data["projects"], data["history"]
        status_keys = [key for key, _label, _n in projects["by_status"]]
        status_names = [str(label) for _key, label, _n in projects["by_status"]]
        history_chart = None
        if history:
            history_chart = charts.bar_chart(
                title=_("Projekte nach Status im Zeitverlauf"),
                description=_("Anzahl der Projekte je Status an %(n)d Stichtagen; dieselben Zahlen stehen in der "
                              "Tabelle darunter.") % {"n": len(history)},
                categories=status_names,
                rows=[(day.strftime("%m/%Y"), [counts.get(k, 0) for k in status_keys]) for day, counts in history],
            )
        return render_to_string("progress/_overview_figures.html", {
            **data, "history_chart": history_chart,
            "history_rows": [(day, [counts.get(k, 0) for k in status_keys]) for day, counts in history],
            "assessment": selectors.latest_assessment(), "reports": selectors.published_reports(),
        })

    projects = figures["projects"]
    shown = (
        [(key, n) for key, _label, n in projects["by_status"]], projects["total"], projects["milestones"],
        figures["participation"], selectors.figures_version(),
    )
    return _kept_part("progress-figures", shown, render)


@require_GET
def overview(request):
    return render(request, "progress/overview.html", {
        "indicators_part": overview_indicators_part(), "figures_part": overview_figures_part(),
    })


REPORT_FILES = {
    "pdf": ("pdf_file", "application/pdf"),
    "docx": ("docx_file", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}


def report_file_response(report, kind, *, as_attachment):
    """The stored file of a frozen report from private storage (404 if it has none of that kind)."""
    from django.http import FileResponse

    attribute, content_type = REPORT_FILES[kind]
    file = getattr(report, attribute)
    if not file:
        raise Http404
    try:
        handle = file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(handle, as_attachment=as_attachment, content_type=content_type,
                        filename=file.name.rsplit("/", 1)[-1])


@require_GET
def report_file(request, pk, kind):
    """A council report's PDF or DOCX: for everyone once the office has published it, before that only for
    the office (others get 404, so an unpublished report's existence is not revealed)."""
    from modellstadt.progress.models import CouncilReport
    from modellstadt.progress.services import report_is_public

    report = get_object_or_404(CouncilReport, pk=pk)
    if not report_is_public(report) and not request.user.has_perm("progress.change_councilreport"):
        raise Http404
    response = report_file_response(report, kind, as_attachment=kind == "docx")
    if not report_is_public(report):
        response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def indicator_detail(request, slug):
    data = selectors.indicator_detail(slug)
    if data is None:
        raise Http404
    return render(request, "progress/indicator.html", {
        **data, "values_part": indicator_values_part(data["indicator"], data["values"], data["targets"]),
    })


def indicator_values_part(indicator, values, targets):
    """The chart and the table of all values and targets (the indicator page's costly part), from the
    cache under a key made of everything they show: a new, changed or deleted value or target, a new
    name, unit or status gives a new key, so nothing has to be deleted and nothing stale is shown."""
    shown = (
        indicator.pk, indicator.slug, indicator.name, indicator.unit, indicator.decimals, indicator.baseline_date,
        indicator.baseline_value, indicator.latest_value, indicator.status_sentence,
        [(v.date, v.value, v.provisional, v.origin, v.source_note) for v in values],
        [(t.date, t.value, t.note) for t in targets],
    )
    return _kept_part(f"progress-values:{indicator.pk}", shown, lambda: render_to_string(
        "progress/_indicator_values.html", {
            "indicator": indicator, "values": values, "targets": targets,
            "chart": indicator_chart(indicator, values=values, targets=targets),
        }))


def _rows(data):
    indicator = data["indicator"]
    for v in data["values"]:
        yield {"datum": v.date.isoformat(), "wert": str(v.value.normalize() if indicator.decimals else int(v.value)),
               "art": "Messwert", "vorlaeufig": v.provisional, "herkunft": v.origin, "quelle": v.source_note}
    for t in data["targets"]:
        yield {"datum": t.date.isoformat(), "wert": str(t.value.normalize() if indicator.decimals else int(t.value)),
               "art": "Zielwert", "vorlaeufig": False, "herkunft": "", "quelle": t.note}


@require_GET
def indicator_csv(request, slug):
    data = selectors.indicator_detail(slug)
    if data is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}.csv"'
    response.write("\ufeff")  # spreadsheet programs read UTF-8 with a byte order mark
    writer = csv.DictWriter(response, fieldnames=["datum", "wert", "art", "vorlaeufig", "herkunft", "quelle"],
                            delimiter=";")
    writer.writeheader()
    for row in _rows(data):
        writer.writerow({**row, "vorlaeufig": "ja" if row["vorlaeufig"] else "nein"})
    return response


@require_GET
def indicator_json(request, slug):
    data = selectors.indicator_detail(slug)
    if data is None:
        raise Http404
    i = data["indicator"]
    payload = {
        "name": i.name, "slug": i.slug, "field": i.field.title, "project": i.project.title if i.project else None,
        "unit": i.unit, "direction": i.direction, "definition": i.definition, "method": i.method, "source": i.source,
        "frequency": i.frequency, "values_are_invented": i.values_are_invented,
        "responsible_organisation": i.responsible_organisation.name if i.responsible_organisation else None,
        "baseline": {"date": i.baseline_date.isoformat(), "value": str(i.baseline_value)} if i.baseline_date else None,
        "status": i.status, "status_sentence": i.status_sentence,
        "values": [{"date": v.date.isoformat(), "value": str(v.value), "provisional": v.provisional,
                    "origin": v.origin, "source": v.source_note} for v in data["values"]],
        "targets": [{"date": t.date.isoformat(), "value": str(t.value), "note": t.note} for t in data["targets"]],
    }
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'inline; filename="{slug}.json"'
    return response


# --- self-assessment ------------------------------------------------------------------------------------


def _radar(series_pairs, areas):
    return charts.radar_chart(
        title=_("Selbstbewertung nach Bereichen"),
        description=_("Punktwerte von 0 bis 100 je Bereich; dieselben Zahlen stehen in der Tabelle."),
        axes=[a.name for a in areas], series=series_pairs,
    )


@require_GET
def assessments(request):
    items = selectors.public_assessments()
    first = second = None
    if items:
        first = items[0]
        ids = {str(a.pk): a for a in items}
        first = ids.get(request.GET.get("bewertung", ""), first)
        second = ids.get(request.GET.get("vergleich", ""))
    context = {"assessments": items, "first": first, "second": second}
    if first is not None:
        if second is not None and second != first:
            comparison = selectors.compare_assessments(first, second)
            areas = [row[0] for row in comparison["rows"]]
            context.update(comparison=comparison, chart=_radar(
                [(str(first), [row[1] for row in comparison["rows"]]),
                 (str(second), [row[2] for row in comparison["rows"]])], areas))
        else:
            scores = selectors.assessment_scores(first)
            areas = [a for a, _s, _r in scores["areas"]]
            context.update(scores=scores, chart=_radar([(str(first), [s for _a, s, _r in scores["areas"]])], areas))
    return render(request, "progress/assessments.html", context)


@require_GET
def assessment_detail(request, pk):
    assessment = get_object_or_404(Assessment, pk=pk, is_public=True)
    scores = selectors.assessment_scores(assessment)
    areas = [a for a, _s, _r in scores["areas"]]
    return render(request, "progress/assessment.html", {
        "assessment": assessment, "scores": scores,
        "chart": _radar([(str(assessment), [s for _a, s, _r in scores["areas"]])], areas),
    })


# --- map ------------------------------------------------------------------------------------------------


def base_map_path():
    path = getattr(settings, "MODELLSTADT_BASEMAP_PMTILES", "")
    return path if path and os.path.isfile(path) else ""


@require_GET
def map_page(request):
    districts = selectors.districts()
    form = MapFilterForm(request.GET or None, districts=districts)
    flt = form.map_filter()
    results = selectors.MapResults(flt)
    page = paginate(request, results, per_page=25)
    bounds = selectors.map_bounds(flt)
    # The district index: each district narrows the list (and the map) as zooming in would, the other
    # filters kept; "ohne" is the address without any area, to go back to the whole city.
    others = request.GET.copy()
    for name in ("stadtteil", "ausschnitt", "seite"):
        others.pop(name, None)
    base = others.urlencode()
    district_links = [(d, f"?{base}&stadtteil={d.slug}" if base else f"?stadtteil={d.slug}", flt.area is not None
                       and flt.area.key in (f"d{d.pk}", f"c{d.pk}")) for d in districts
                      if d.outline or d.latitude is not None]
    # The districts' outlines for the map (the chosen one stands out); nothing more to read from the database.
    shapes = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": d.outline, "properties": {"name": d.name, "current": current}}
        for d, _url, current in district_links if d.outline]}
    return render(request, "progress/map.html", {
        "form": form, "page": page, "total": results.count(), "counts": results.counts,
        "district_shapes": json.dumps(shapes, ensure_ascii=False) if shapes["features"] else "",
        "querystring": request.GET.urlencode(), "area": flt.area, "whole_city": f"?{base}" if base else "?",
        "bounds": json.dumps(bounds), "has_base_map": bool(base_map_path()), "query": request.GET.urlencode(),
        "districts": district_links,
    })


@require_GET
def map_data(request):
    view = MapViewForm(request.GET)
    if not view.is_valid():
        return JsonResponse({"errors": {k: [str(m) for m in v] for k, v in view.errors.items()}}, status=400)
    flt = MapFilterForm(request.GET).map_filter()
    data = selectors.map_data(flt, bbox=view.cleaned_data["bbox"], zoom=view.cleaned_data["zoom"])
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "separators": (",", ":")})
    response["Cache-Control"] = "public, max-age=60"
    return response


RANGE_RE = re.compile(r"^bytes=(\d*)-(\d*)$")


def base_map(request):
    """The operator's PMTiles file, with HTTP byte ranges (what the PMTiles reader asks for)."""
    path = base_map_path()
    if not path or request.method not in ("GET", "HEAD"):
        raise Http404
    size = os.path.getsize(path)
    header = request.headers.get("Range", "")
    match = RANGE_RE.match(header.strip()) if header else None
    if header and not match:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    if match:
        first, last = match.groups()
        if first == "":
            start, end = max(size - int(last or 0), 0), size - 1
        else:
            start = int(first)
            end = min(int(last), size - 1) if last else size - 1
        if start >= size or end < start:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        with open(path, "rb") as handle:
            handle.seek(start)
            body = handle.read(end - start + 1) if request.method == "GET" else b""
        response = HttpResponse(body, status=206, content_type="application/octet-stream")
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    else:
        with open(path, "rb") as handle:
            body = handle.read() if request.method == "GET" else b""
        response = HttpResponse(body, content_type="application/octet-stream")
        response["Content-Length"] = str(size)
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "public, max-age=86400"
    stat = os.stat(path)
    response["ETag"] = f'"{stat.st_size:x}-{int(stat.st_mtime):x}"'
    return response
