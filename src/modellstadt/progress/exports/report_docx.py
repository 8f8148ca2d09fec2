"""The council progress report as DOCX (python-docx): title, language German, one "Heading 1" per field
(so Word's navigation pane and a PDF export show bookmarks), tables for projects and indicators, the
decisions of the period and the latest self-assessment.

The charts are the PDF's: the same SVG (``report_charts``, drawn once for both files) as a PNG picture
(``chart_images``, CairoSVG), each with its German text alternative as the picture's description
(``wp:docPr/@descr``, what Word shows as "Alternativtext" and reads to screen readers) and a caption
below it. Every number a chart shows stands in the tables too.
"""

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.image.image import Image as DocxImage
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline
from docx.shared import Cm, Pt
from docx.table import _Cell

from modellstadt.progress.exports.chart_images import svgs_to_pngs
from modellstadt.progress.exports.report_charts import report_charts
from modellstadt.progress.report import period_label

LINE_CHART_WIDTH = Cm(15)
RADAR_CHART_WIDTH = Cm(11)


def _language(document, tag="de-DE"):
    styles = document.styles.element
    rpr_default = styles.find(qn("w:docDefaults"))
    if rpr_default is None:
        return
    rpr = rpr_default.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if rpr is None:
        return
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)


def _table(document, header, rows):
    # All rows at once, cells reached through their XML rows: python-docx's add_row() and row.cells walk the
    # whole table each time, which made a table of 2,000 rows take seconds.
    rows = list(rows)
    table = document.add_table(rows=len(rows) + 1, cols=len(header))
    table.style = "Table Grid"
    trs = table._tbl.tr_lst
    for tc, text in zip(trs[0].tc_lst, header, strict=True):
        _Cell(tc, table).paragraphs[0].add_run(str(text)).bold = True
    for tr, row in zip(trs[1:], rows, strict=True):
        for tc, value in zip(tr.tc_lst, row, strict=True):
            _Cell(tc, table).text = str(value)
    # Repeat the header row on every page (w:tblHeader), so a long table stays readable.
    tr_pr = trs[0].get_or_add_trPr()
    header_flag = OxmlElement("w:tblHeader")
    header_flag.set(qn("w:val"), "true")
    tr_pr.append(header_flag)
    return table


class _Pictures:
    """Adds the charts as pictures in paragraphs of their own, each with its text alternative as description
    and a caption below.

    python-docx's ``add_picture`` compares every new image with all earlier ones (a SHA-1 of each, each
    time) and searches the whole document for the highest shape id: with 200 charts that took seconds.
    The charts all differ, so each becomes a new image part, and the shape ids are counted here."""

    def __init__(self, document):
        self.document = document
        self.next_id = document.part.next_id
        self.caption_style = document.styles["Caption"]

    def add(self, png, alt, caption, width):
        part = self.document.part
        image = DocxImage.from_blob(png)
        image_part = part.package.image_parts._add_image_part(image)
        r_id = part.relate_to(image_part, RT.IMAGE)
        cx, cy = image.scaled_dimensions(width, None)
        inline = CT_Inline.new_pic_inline(self.next_id, r_id, image.filename, cx, cy)
        self.next_id += 1
        inline.docPr.set("descr", alt)
        inline.docPr.set("title", caption)
        self.document.add_paragraph().add_run()._r.add_drawing(inline)
        self.document.add_paragraph(caption, style=self.caption_style)


def render_docx(content, *, city="", charts=None, images=None):
    """DOCX bytes of the report ``content``. ``charts`` (``report_charts``) and ``images`` (their PNGs, in
    the order of ``charts.all()``) are drawn here when not given."""
    charts = charts if charts is not None else report_charts(content)
    if images is None:
        images = svgs_to_pngs([chart.svg for chart in charts.all()])
    png = dict(zip([id(chart) for chart in charts.all()], images, strict=True))
    document = Document()
    document.styles["Normal"].font.size = Pt(11)
    _language(document)
    pictures = _Pictures(document)
    props = document.core_properties
    props.title = content["title"]
    props.language = "de-DE"
    props.subject = _("Sachstandsbericht %(period)s") % {"period": period_label(content)}
    props.author = city or "Modellstadt"
    document.add_heading(content["title"], level=0)
    document.add_paragraph(_("Berichtszeitraum: %(period)s") % {"period": period_label(content)})
    totals = content["totals"]
    document.add_paragraph(
        _("%(p)d Projekte, davon %(c)d mit geändertem Status seit dem letzten Bericht; %(d)d Meilensteine im "
          "Zeitraum erreicht, %(l)d überfällig.") % {"p": totals["projects"], "c": totals["changed"],
                                                    "d": totals["milestones_done"], "l": totals["milestones_late"]})
    for f_index, field in enumerate(content["fields"]):
        document.add_heading(f"{field['number']}. {field['title']}", level=1)
        if field["status_counts"]:
            document.add_paragraph(", ".join(f"{label}: {n}" for label, n in field["status_counts"].items()))
        if field["projects"]:
            document.add_heading(_("Projekte nach Status"), level=2)
            rows = []
            for p in field["projects"]:
                change = ""
                if p["new"]:
                    change = _("neu")
                elif p["changed"]:
                    change = _("vorher: %(s)s") % {"s": p["previous_status_label"]}
                rows.append((p["title"], p["status_label"], change))
            _table(document, [_("Projekt"), _("Status"), _("Änderung seit dem letzten Bericht")], rows)
        milestones = field["milestones"]
        if milestones["done"] or milestones["late"]:
            document.add_heading(_("Meilensteine"), level=2)
            rows = [(m["project"], m["title"], m["due"], _("erreicht")) for m in milestones["done"]]
            rows += [(m["project"], m["title"], m["due"], _("überfällig")) for m in milestones["late"]]
            _table(document, [_("Projekt"), _("Meilenstein"), _("Fällig"), _("Stand")], rows)
        if field["indicators"]:
            document.add_heading(_("Indikatoren und Ziele"), level=2)
            rows = [(i["name"] + (" " + _("(erfundene Demowerte)") if i["invented"] else ""), i["status_label"],
                     i["sentence"]) for i in field["indicators"]]
            _table(document, [_("Indikator"), _("Status"), _("Stand")], rows)
            for i_index, indicator in enumerate(field["indicators"]):
                chart = charts.indicators.get((f_index, i_index))
                if chart is not None:
                    caption = _("Verlauf: %(name)s – durchgezogene Linie: gemessene Werte; gestrichelt: Weg zum "
                                "Ziel, Zielwerte als Rauten.") % {"name": indicator["name"]}
                    pictures.add(png[id(chart)], chart.alt, caption, LINE_CHART_WIDTH)
        if field["decisions"]:
            document.add_heading(_("Beschlüsse im Zeitraum"), level=2)
            for d in field["decisions"]:
                document.add_paragraph(f"{d['date']} – {d['body']}: {d['title']}", style="List Bullet")
    unassigned = content.get("decisions_unassigned") or []
    if unassigned:
        document.add_heading(_("Beschlüsse im Zeitraum ohne Zuordnung zu einem Kooperationsfeld"), level=1)
        for d in unassigned:
            document.add_paragraph(f"{d['date']} – {d['body']}: {d['title']}", style="List Bullet")
    document.add_heading(_("Beteiligung im Zeitraum"), level=1)
    figures = content["participation"]
    _table(document, [_("Kennzahl"), _("Wert")], [
        (_("Eingereichte Ideen"), figures["ideas"]),
        (_("Unterstützungen dieser Ideen"), figures["supports"]),
        (_("Davon offiziell beantwortet"), f"{figures['answered']} ({figures['answered_share'] or 0} %)"),
        (_("Tage bis zur Antwort (Median)"), figures["median_days"] if figures["median_days"] is not None else "–"),
    ])
    _assessment(document, content.get("assessment"))
    if charts.assessment is not None:
        pictures.add(png[id(charts.assessment)], charts.assessment.alt,
                     _("Punkte je Bereich (0–100); dieselben Zahlen stehen in der Tabelle oben."), RADAR_CHART_WIDTH)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _assessment(document, assessment):
    if not assessment:
        return
    document.add_heading(_("Smart-City-Selbstbewertung"), level=1)
    previous = assessment.get("previous")
    text = _("Neueste veröffentlichte Selbstbewertung bis zum Ende des Berichtszeitraums: „%(title)s“, Stand "
             "%(day)s.") % {"title": assessment["title"], "day": assessment["date"]}
    if previous:
        text += " " + _("Zum Vergleich: „%(title)s“, Stand %(day)s.") % {"title": previous["title"],
                                                                        "day": previous["date"]}
    document.add_paragraph(text)
    header = [_("Bereich"), _("Kooperationsfelder der Stadt"), _("Punkte (0–100)")]
    if previous:
        header.append(_("Punkte am %(day)s") % {"day": previous["date"]})

    def score(value):
        return "–" if value is None else value

    rows = []
    for area in assessment["areas"]:
        row = [area["name"], ", ".join(area["fields"]) or "–", score(area["score"])]
        rows.append(row + ([score(area["previous"])] if previous else []))
    total = [_("Gesamt (Mittelwert der Bereiche)"), "", score(assessment["total"])]
    rows.append(total + ([score(previous["total"])] if previous else []))
    _table(document, header, rows)
