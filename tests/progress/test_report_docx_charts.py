"""The council report's DOCX carries the PDF's charts: one PNG picture per chart, drawn from the same SVG,
each with its German text alternative as the picture's description."""

import datetime
import io
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn
from PIL import Image

from modellstadt.progress import services
from modellstadt.progress.exports import chart_images
from modellstadt.progress.exports.report_charts import report_charts
from modellstadt.progress.exports.report_docx import render_docx
from modellstadt.progress.models import Assessment, CouncilReport, CriterionRating, SmartCityArea
from modellstadt.progress.report import build_report_content
from tests.progress.conftest import make_indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(field, indicator, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    make_indicator(
        field, name="Anteil Elektroautos", unit="%", baseline=None, targets=((datetime.date(2025, 12, 31), 50),)
    )  # a target, no values yet: still a chart
    make_indicator(field, name="Carsharing-Stationen", baseline=None, targets=())  # nothing to draw
    criterion = SmartCityArea.objects.get(key="mobilitaet").criteria.first()
    for day, score in ((datetime.date(2023, 6, 30), 40), (datetime.date(2024, 6, 30), 55)):
        assessment = Assessment.objects.create(title="Selbstbewertung", date=day)
        CriterionRating.objects.create(assessment=assessment, criterion=criterion, score=score)
    return CouncilReport.objects.create(
        title="Sachstand 2024", period_start=datetime.date(2024, 1, 1), period_end=datetime.date(2024, 12, 31)
    )


def pictures(data):
    """(description, title, PNG bytes) of every inline picture of a DOCX, in document order."""
    document = Document(io.BytesIO(data))
    found = []
    for inline in document.element.body.iter(qn("wp:inline")):
        doc_pr = inline.find(qn("wp:docPr"))
        blip = next(inline.iter(qn("a:blip")))
        part = document.part.related_parts[blip.get(qn("r:embed"))]
        found.append((doc_pr.get("descr"), doc_pr.get("title"), part.blob))
    return found


def test_docx_has_one_picture_per_chart_with_german_alt_text(report):
    content = build_report_content(report)
    charts = report_charts(content)
    found = pictures(render_docx(content))

    assert len(found) == len(charts.all()) == 3  # two indicator charts and the radar chart
    alts = [alt for alt, _title, _png in found]
    assert all(alt and alt.strip() for alt in alts)
    assert alts == [chart.alt for chart in charts.all()]
    charging = next(a for a in alts if a.startswith("Verlauf: Öffentliche Ladepunkte."))
    assert "zuletzt 640 Ladepunkte" in charging and "Ziel 2025: 1.000 Ladepunkte" in charging
    assert any(a.startswith("Verlauf: Anteil Elektroautos. Anteil Elektroautos: noch keine Werte") for a in alts)
    radar = next(a for a in alts if a.startswith("Selbstbewertung nach Bereichen."))
    assert "Mobilität: 55" in radar
    assert not any("Carsharing" in a for a in alts)
    for _alt, title, png in found:
        assert title  # the caption, also shown below the picture
        image = Image.open(io.BytesIO(png))
        assert image.format == "PNG" and image.width >= 800
        darkest, lightest = image.convert("L").getextrema()
        assert darkest < 100 and lightest == 255  # drawn on white, not a blank picture


def test_picture_is_the_svg_chart_drawn_not_a_placeholder():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50"><title>T</title>'
        '<rect x="0" y="0" width="50" height="50" fill="#0b5cab"/></svg>'
    )
    image = Image.open(io.BytesIO(chart_images.svg_to_png(svg))).convert("RGB")
    assert image.size == (200, 100)  # twice the chart's size
    assert image.getpixel((20, 50)) == (11, 92, 171)  # the blue square on the left
    assert image.getpixel((180, 50)) == (255, 255, 255)  # white where nothing is drawn


def test_long_lists_of_charts_are_drawn_in_a_separate_process_with_the_same_result():
    svgs = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20"><rect width="{n}" height="20" '
        f'fill="#8a3b00"/></svg>'
        for n in (5, 10, 30)
    ]
    handle = chart_images.render_pngs(svgs, parallel_from=1)
    assert isinstance(handle, chart_images._Background)
    assert handle.result() == chart_images.svgs_to_pngs(svgs)
    assert isinstance(chart_images.render_pngs(svgs), chart_images._InProcess)  # short list: drawn here


def test_frozen_report_docx_has_the_charts_and_its_checksum(report):
    frozen = services.freeze_report(report=report)
    with frozen.docx_file.open("rb") as handle:
        data = handle.read()
    assert len(pictures(data)) == 3 and services.verify_report(frozen)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sum(name.startswith("word/media/") for name in archive.namelist()) == 3
