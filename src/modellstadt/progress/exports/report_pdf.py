"""The council progress report as an accessible PDF (PDF/UA-1) through ``core.documents``.

The frozen content (``report.build_report_content``) is rendered by ``progress/report_document.html``:
a title page, a table of contents with page references, an overview table per field, then one
chapter (``h1``, so one bookmark and the running header) per cooperation field with its projects by
status, milestones, indicators against their targets and the decisions of the period, and a chapter
on participation and one on the latest self-assessment. Every number stands in a table (tagged, with
header cells). Next to each indicator's table row the report shows the indicator's chart – the same
server-rendered SVG the indicator's page shows (``charts.indicator_chart``), drawn from the values and
targets frozen in the content – and the self-assessment its radar chart (both drawn once for PDF and DOCX
by ``report_charts``); WeasyPrint tags each inline SVG
as a ``Figure`` whose alternative text is the chart's title and description. WeasyPrint adds title,
language ``de``, tags, German hyphenation and "Seite n von N".
"""

import copy
import datetime
from collections import Counter

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from modellstadt.core.documents import Document
from modellstadt.core.documents import render_pdf as render_document
from modellstadt.core.formatting import format_date, format_number
from modellstadt.progress.exports.report_charts import indicator_chart as _indicator_chart  # noqa: F401
from modellstadt.progress.exports.report_charts import report_charts
from modellstadt.progress.report import period_label

LANGUAGE = "de"
# Row headers (the field, the indicator) read as the first column, not as a second header row.
STYLESHEET = """
tbody th { background: none; color: #1a1a1a; font-weight: bold; }
tbody tr:nth-child(even) th { background: #f1f4f9; }
caption { text-align: left; caption-side: top; margin-bottom: 2pt; }
th.figure { text-align: right; }
.unit { display: block; font-weight: normal; font-size: 8pt; color: #444; }
figure.chart-figure { margin: 8pt 0 10pt; break-inside: avoid; }
figure.chart-figure svg { display: block; width: 15cm; height: auto; }
figure.chart-figure svg.chart-radar { width: 11cm; }
figure.chart-figure figcaption { font-size: 8.5pt; color: #333; margin-top: 2pt; }
.legend-swatch { display: inline-block; width: 1.4em; height: 2pt; vertical-align: middle; margin-right: 3pt; }
.legend-value { background: #0b5cab; }
.legend-target { border-top: 2pt dashed #8a3b00; height: 0; }
"""


def _figure(value, decimals):
    if value is None:
        return "–"
    return format_number(value, decimal_pos=decimals or 0, language=LANGUAGE)


def _short_date(iso):
    with translation.override(LANGUAGE):
        return date_format(datetime.date.fromisoformat(iso), "SHORT_DATE_FORMAT")


def _assessment_view(assessment, chart):
    """The self-assessment chapter: dates in German and the radar chart (with the earlier assessment as a
    second series when there is one)."""
    if not assessment:
        return None
    view = dict(assessment)
    view["date_text"] = format_date(assessment["date"], language=LANGUAGE)
    previous = assessment.get("previous")
    if previous:
        view["previous"] = {**previous, "date_text": format_date(previous["date"], language=LANGUAGE)}
    view["chart"] = chart.svg if chart else None
    return view


def _view(content, charts):
    """A copy of ``content`` with numbers and dates formatted in German (the stored content stays as it is)."""
    view = copy.deepcopy(content)
    overview = []
    for index, field in enumerate(view["fields"], start=1):
        field["anchor"] = f"feld-{index}"
        for i_index, indicator in enumerate(field["indicators"]):
            chart = charts.indicators.get((index - 1, i_index))
            indicator["chart"] = chart.svg if chart else None
            decimals = indicator.get("decimals", 0)
            for key in ("baseline", "latest", "target"):
                indicator[f"{key}_text"] = _figure(indicator.get(key), decimals)
                day = indicator.get(f"{key}_date")
                indicator[f"{key}_date_text"] = _short_date(day) if day else ""
        for kind in ("done", "late"):
            for milestone in field["milestones"][kind]:
                milestone["due_text"] = format_date(milestone["due"], language=LANGUAGE)
        for decision in field["decisions"]:
            decision["date_text"] = format_date(decision["date"], language=LANGUAGE)
        statuses = Counter(i["status"] for i in field["indicators"])
        overview.append({
            "anchor": field["anchor"], "number": field["number"], "title": field["title"],
            "projects": len(field["projects"]),
            "changed": sum(1 for p in field["projects"] if p["changed"]),
            "done": len(field["milestones"]["done"]), "late": len(field["milestones"]["late"]),
            "indicators": len(field["indicators"]),
            "on_track": statuses["on_track"] + statuses["reached"],
            "off_track": statuses["at_risk"] + statuses["off_track"],
        })
    view["overview"] = overview
    for decision in view.get("decisions_unassigned") or []:
        decision["date_text"] = format_date(decision["date"], language=LANGUAGE)
    view["assessment"] = _assessment_view(content.get("assessment"), charts.assessment)
    figures = view["participation"]
    figures["answered_share_text"] = _figure(figures.get("answered_share") or 0, 0) + "\u00a0%"
    figures["median_days_text"] = "–" if figures.get("median_days") is None else _figure(figures["median_days"], 0)
    view["period_text"] = period_label(content)
    view["built_text"] = format_date(content["built_at"], language=LANGUAGE)
    return view


def document_for(content, *, city="", charts=None):
    """The report as a ``core.documents.Document``; ``charts`` (``report_charts``) are drawn if not given."""
    view = _view(content, charts if charts is not None else report_charts(content))
    with translation.override(LANGUAGE):
        body = render_to_string("progress/report_document.html", {"content": view, "city": city})
        subject = _("Sachstandsbericht %(period)s") % {"period": view["period_text"]}
        header = " – ".join(part for part in (_("Sachstandsbericht"), city) if part)
    return Document(
        title=content["title"], body_html=body, language=LANGUAGE, header=header,
        author=city or "Modellstadt", subject=subject,
        keywords=[k for k in (_("Sachstandsbericht"), city, view["period_text"]) if k],
        stylesheets=[STYLESHEET],
    )


def render_pdf(content, *, city="", charts=None):
    """PDF/UA-1 bytes of the report ``content``."""
    return render_document(document_for(content, city=city, charts=charts))
