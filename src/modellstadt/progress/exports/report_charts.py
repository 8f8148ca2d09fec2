"""The charts of the council report, drawn once from its frozen content for both files.

``report_charts(content)`` draws every indicator's chart (the same server-rendered SVG the indicator's
page shows, ``charts.indicator_chart``) and the self-assessment's radar chart, each with its German text
alternative. The PDF (``report_pdf``) places the SVG inline, where WeasyPrint tags it as a ``Figure``
whose ``/Alt`` is that text; the DOCX (``report_docx``) places a PNG of the very same SVG
(``chart_images``) with the text as the picture's description (``wp:docPr/@descr``).
"""

import html
import re
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _

from modellstadt.core.formatting import format_date
from modellstadt.progress import charts

LANGUAGE = "de"
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.S)


@dataclass(frozen=True)
class Chart:
    svg: str  # safe markup from ``charts``
    alt: str  # the whole text alternative: title and description

    @classmethod
    def from_svg(cls, svg):
        # ``for_document=True`` puts title and description together into the chart's first <title>.
        match = _TITLE.search(str(svg))
        return cls(svg=svg, alt=html.unescape(match.group(1)) if match else "")


@dataclass
class ReportCharts:
    indicators: dict = field(default_factory=dict)  # (field index, indicator index) -> Chart
    assessment: Chart | None = None

    def all(self):
        """Every chart in the order the report shows them."""
        return [
            *(self.indicators[key] for key in sorted(self.indicators)),
            *([self.assessment] if self.assessment else []),
        ]


def indicator_chart(indicator):
    """The indicator's chart as its page shows it, or None when there is nothing to draw (no values,
    no baseline, no target)."""
    values, targets = indicator.get("values") or [], indicator.get("targets") or []
    baseline = (
        (indicator["baseline_date"], indicator["baseline"])
        if indicator.get("baseline_date") and indicator.get("baseline") is not None
        else None
    )
    if not values and not targets and baseline is None:
        return None
    with translation.override(LANGUAGE):
        return charts.indicator_chart(
            name=indicator["name"],
            unit=indicator.get("unit", ""),
            decimals=indicator.get("decimals", 0),
            values=values,
            targets=targets,
            baseline=baseline,
            latest_value=indicator.get("latest"),
            sentence=indicator.get("sentence", ""),
            for_document=True,
        )


def assessment_chart(assessment):
    """The radar chart of the self-assessment (with the earlier assessment as a second series when there is
    one), or None without an assessment."""
    if not assessment:
        return None
    previous = assessment.get("previous")
    with translation.override(LANGUAGE):
        series = [
            (
                _("%(title)s, Stand %(date)s")
                % {"title": assessment["title"], "date": format_date(assessment["date"], language=LANGUAGE)},
                [a["score"] for a in assessment["areas"]],
            )
        ]
        if previous:
            series.append(
                (
                    _("%(title)s, Stand %(date)s")
                    % {"title": previous["title"], "date": format_date(previous["date"], language=LANGUAGE)},
                    [a["previous"] for a in assessment["areas"]],
                )
            )
        scores = "; ".join(f"{a['name']}: {'–' if a['score'] is None else a['score']}" for a in assessment["areas"])
        return charts.radar_chart(
            title=_("Selbstbewertung nach Bereichen"),
            description=_("Punkte von 0 bis 100 je Bereich (%(scores)s); dieselben Zahlen stehen in der Tabelle.")
            % {"scores": scores},
            axes=[a["name"] for a in assessment["areas"]],
            series=series,
            for_document=True,
        )


def report_charts(content):
    """All charts of the report ``content``, each drawn once."""
    result = ReportCharts()
    for f_index, section in enumerate(content["fields"]):
        for i_index, indicator in enumerate(section["indicators"]):
            svg = indicator_chart(indicator)
            if svg is not None:
                result.indicators[(f_index, i_index)] = Chart.from_svg(svg)
    radar = assessment_chart(content.get("assessment"))
    result.assessment = Chart.from_svg(radar) if radar is not None else None
    return result
