"""The dossier as a typeset PDF (ReportLab platypus), with the public letters of support appended.

Cover, table of contents (built in several passes with ``multiBuild``), a running header
"<call> – <city>" and "Seite x von y" on every page, sections as the call asks for them, tables
for bodies, supporters and pledges. The public letters' PDFs are appended with pypdf.
"""

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from pypdf import PdfReader, PdfWriter
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas as pdf_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    KeepTogether,
    ListFlowable,
    ListItem,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from modellstadt.dossier.exports import text as md

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 2.2 * cm
ACCENT = colors.HexColor("#0b5cab")


def _styles():
    base = getSampleStyleSheet()
    body = ParagraphStyle("Body", parent=base["BodyText"], fontName="Helvetica", fontSize=10.5, leading=14.5,
                          spaceAfter=6)
    return {
        "body": body,
        "small": ParagraphStyle("Small", parent=body, fontSize=9, leading=12, textColor=colors.HexColor("#444444")),
        "label": ParagraphStyle("Label", parent=body, fontName="Helvetica-Bold", spaceBefore=6, spaceAfter=2),
        "cell": ParagraphStyle("Cell", parent=body, fontSize=9, leading=11.5, spaceAfter=0),
        "cell_head": ParagraphStyle("CellHead", parent=body, fontName="Helvetica-Bold", fontSize=9, leading=11.5,
                                    spaceAfter=0, textColor=colors.white),
        "h1": ParagraphStyle("Heading1", parent=base["Heading1"], fontName="Helvetica-Bold", fontSize=17,
                             leading=21, spaceBefore=6, spaceAfter=10, textColor=ACCENT),
        "h2": ParagraphStyle("Heading2", parent=base["Heading2"], fontName="Helvetica-Bold", fontSize=13,
                             leading=16, spaceBefore=10, spaceAfter=6),
        "h3": ParagraphStyle("Heading3", parent=base["Heading3"], fontName="Helvetica-Bold", fontSize=11,
                             leading=14, spaceBefore=6, spaceAfter=4),
        "toc_title": ParagraphStyle("TocTitle", parent=base["Heading1"], fontName="Helvetica-Bold", fontSize=17,
                                    leading=21, spaceAfter=12, textColor=ACCENT),
        "cover_call": ParagraphStyle("CoverCall", parent=body, fontSize=13, leading=17, alignment=TA_CENTER,
                                     textColor=colors.HexColor("#444444")),
        "cover_title": ParagraphStyle("CoverTitle", parent=body, fontName="Helvetica-Bold", fontSize=26,
                                      leading=32, alignment=TA_CENTER, spaceBefore=12, spaceAfter=12,
                                      textColor=ACCENT),
        "cover_sub": ParagraphStyle("CoverSub", parent=body, fontSize=14, leading=18, alignment=TA_CENTER),
        "cover_meta": ParagraphStyle("CoverMeta", parent=body, fontSize=10.5, leading=15, alignment=TA_CENTER),
        "toc1": ParagraphStyle("TOC1", parent=body, fontName="Helvetica-Bold", fontSize=10.5, leftIndent=0,
                               firstLineIndent=0, spaceBefore=4, spaceAfter=0),
        "toc2": ParagraphStyle("TOC2", parent=body, fontSize=10, leftIndent=14, firstLineIndent=0, spaceAfter=0),
    }


def _inline(runs):
    parts = []
    for text, bold, italic in runs:
        piece = escape(text)
        if bold:
            piece = f"<b>{piece}</b>"
        if italic:
            piece = f"<i>{piece}</i>"
        parts.append(piece)
    return "".join(parts)


def markdown_flowables(text, styles, empty=None):
    """Paragraphs and bullet lists for Markdown ``text``."""
    result = []
    items = []

    def flush_items():
        if items:
            result.append(ListFlowable(
                [ListItem(Paragraph(item, styles["body"]), leftIndent=12) for item in items],
                bulletType="bullet", start="•", leftIndent=12, bulletFontSize=9,
            ))
            items.clear()

    for block in md.blocks(text):
        if block.kind == "li":
            items.append(_inline(block.lines[0]))
            continue
        flush_items()
        if block.kind == "h":
            result.append(Paragraph(_inline(block.lines[0]), styles["h3"]))
        else:
            result.append(Paragraph("<br/>".join(_inline(line) for line in block.lines), styles["body"]))
    flush_items()
    if not result and empty:
        result.append(Paragraph(f"<i>{escape(empty)}</i>", styles["small"]))
    return result


def _table(header, rows, styles, widths, *, total=None):
    data = [[Paragraph(escape(str(h)), styles["cell_head"]) for h in header]]
    data += [[Paragraph(escape(str(cell)), styles["cell"]) for cell in row] for row in rows]
    if total:
        data.append([Paragraph(f"<b>{escape(str(cell))}</b>", styles["cell"]) for cell in total])
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#b0b7c3")),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f1f4f9")]),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if total:
        style.append(("LINEABOVE", (0, -1), (-1, -1), 1, colors.black))
    table.setStyle(TableStyle(style))
    return table


class _DossierDoc(BaseDocTemplate):
    """Headings of level 1 and 2 go into the table of contents and the PDF outline."""

    def __init__(self, buffer, *, header, title, author):
        super().__init__(
            buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN + 0.6 * cm,
            bottomMargin=MARGIN, title=title, author=author, subject=header, creator="Modellstadt",
            lang="de-DE",
        )
        self.header = header
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([
            PageTemplate(id="cover", frames=[frame], onPage=self._decorate),
            PageTemplate(id="content", frames=[frame], onPage=self._decorate),
        ])
        self._heading_count = 0

    def _decorate(self, canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 8.5)
        canvas.setFillColor(colors.HexColor("#444444"))
        canvas.drawString(MARGIN, PAGE_HEIGHT - MARGIN + 0.2 * cm, self.header)
        canvas.setStrokeColor(ACCENT)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN, PAGE_HEIGHT - MARGIN, PAGE_WIDTH - MARGIN, PAGE_HEIGHT - MARGIN)
        canvas.restoreState()

    def afterFlowable(self, flowable):
        if not isinstance(flowable, Paragraph):
            return
        name = flowable.style.name
        if name not in ("Heading1", "Heading2"):
            return
        level = 0 if name == "Heading1" else 1
        text = flowable.getPlainText()
        self._heading_count += 1
        key = f"h{self._heading_count}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(text, key, level=level, closed=level > 0)
        self.notify("TOCEntry", (level, text, self.page, key))

    def handle_documentBegin(self):
        self._heading_count = 0
        super().handle_documentBegin()


def _numbered_canvas(total_label):
    class NumberedCanvas(pdf_canvas.Canvas):
        """Draws "Seite x von y" once the number of pages is known."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont("Helvetica", 8.5)
                self.setFillColor(colors.HexColor("#444444"))
                self.drawRightString(
                    PAGE_WIDTH - MARGIN, MARGIN - 1.0 * cm,
                    total_label.format(page=self._pageNumber, total=total),
                )
                super().showPage()
            super().save()

    return NumberedCanvas


def _cover(content, styles):
    cover = content["cover"]
    story = [Spacer(1, 3.5 * cm)]
    story.append(Paragraph(escape(f"{cover['organiser']}: {cover['call_title']}"), styles["cover_call"]))
    story.append(Paragraph(escape(cover["dossier_title"]), styles["cover_title"]))
    if cover.get("subtitle"):
        story.append(Paragraph(escape(cover["subtitle"]), styles["cover_sub"]))
    story.append(Spacer(1, 1.5 * cm))
    meta = []
    if cover.get("programme") or cover.get("city"):
        meta.append(escape(" · ".join(v for v in (cover.get("programme"), cover.get("city")) if v)))
    if cover.get("population"):
        meta.append(escape(f"Einwohnerzahl: {cover['population']:,}".replace(",", ".")))
    for deadline in cover.get("deadlines", []):
        meta.append(escape(f"{deadline['label']}: {md.format_date(deadline['due'])}"))
    meta.append(escape(f"Stand: {timezone.localtime().strftime('%d.%m.%Y')}"))
    story.append(Paragraph("<br/>".join(meta), styles["cover_meta"]))
    if cover.get("contact"):
        story.append(Spacer(1, 1 * cm))
        story.append(Paragraph("<b>Ansprechpartner</b>", styles["cover_meta"]))
        story += [
            Paragraph("<br/>".join(_inline(line) for line in block.lines), styles["cover_meta"])
            for block in md.blocks(cover["contact"])
        ]
    return story


def _themes_section(content, styles, width):
    story = []
    for theme in content["themes"]:
        part = [Paragraph(escape(f"{theme['number']}. {theme['title']}"), styles["h2"])]
        if theme.get("description"):
            part.append(Paragraph(f"<i>{escape(md.plain(theme['description']))}</i>", styles["small"]))
        if theme["fields"]:
            names = ", ".join(f"{f['number']}. {f['title']}" for f in theme["fields"])
            part.append(Paragraph(f"Kooperationsfelder der Stadt: {escape(names)}", styles["small"]))
        story.append(KeepTogether(part))
        story.append(Paragraph("Ist-Zustand", styles["label"]))
        story += markdown_flowables(theme["status"], styles, empty="Noch kein Ist-Zustand beschrieben.")
        story.append(Paragraph("Vision", styles["label"]))
        story += markdown_flowables(theme["vision"], styles, empty="Noch keine Vision beschrieben.")
        if theme["projects"]:
            story.append(Paragraph("Projekte in diesem Themenfeld", styles["label"]))
            rows = [(p["title"], p["summary"], p["field"], p["status"]) for p in theme["projects"]]
            story.append(_table(("Projekt", "Kurzfassung", "Kooperationsfeld", "Status"), rows, styles,
                                [0.25 * width, 0.43 * width, 0.2 * width, 0.12 * width]))
    return story


def _management_section(content, styles, width):
    management = content["management"]
    story = []
    if management.get("lead_unit"):
        story.append(Paragraph(f"<b>Federführende Stelle:</b> {escape(management['lead_unit'])}", styles["body"]))
    if management.get("decision_flow"):
        story.append(Paragraph("Entscheidungsweg", styles["label"]))
        story += markdown_flowables(management["decision_flow"], styles)
    for body in management["bodies"]:
        heading = f"{body['name']} ({body['kind_label']})"
        part = [Paragraph(escape(heading), styles["h2"])]
        part += markdown_flowables(body.get("mandate"), styles)
        story.append(KeepTogether(part))
        if body["members"]:
            rows = [(m["person"], m["role"], m["organisation"]) for m in body["members"]]
            story.append(_table(("Person", "Rolle", "Organisation"), rows, styles,
                                [0.35 * width, 0.3 * width, 0.35 * width]))
    if management.get("decisions"):
        story.append(Paragraph("Jüngste Beschlüsse", styles["h2"]))
        rows = [(md.format_date(d["date"]), d["body"], d["title"]) for d in management["decisions"]]
        story.append(_table(("Datum", "Gremium", "Beschluss"), rows, styles,
                            [0.15 * width, 0.3 * width, 0.55 * width]))
    return story


def _support_section(content, styles, width):
    support = content["support"]
    story = [Paragraph(
        escape(
            f"{support['organisation_count']} Organisationen unterstützen die Bewerbung mit "
            f"{support['letter_count']} Unterstützungsschreiben und {support['pledge_count']} Zusagen im Wert von "
            f"zusammen {md.format_eur(support['pledges_total_eur'])}."
        ),
        styles["body"],
    )]
    if support["by_kind"]:
        story.append(Paragraph("Unterstützer nach Art der Organisation", styles["h2"]))
        rows = [(row["label"], str(row["count"])) for row in support["by_kind"]]
        story.append(_table(("Art", "Anzahl"), rows, styles, [0.7 * width, 0.3 * width],
                            total=("Zusammen", str(support["organisation_count"]))))
    if support["organisations"]:
        story.append(Paragraph("Unterstützende Organisationen", styles["h2"]))
        rows = [(o["name"], o["kind_label"]) for o in support["organisations"]]
        story.append(_table(("Organisation", "Art"), rows, styles, [0.65 * width, 0.35 * width]))
    if support["pledges"]:
        story.append(Paragraph("Zusagen", styles["h2"]))
        rows = [(p["organisation"], p["kind"], p["description"], md.format_eur(p["value_eur"]))
                for p in support["pledges"]]
        story.append(_table(("Organisation", "Art", "Leistung", "Wert"), rows, styles,
                            [0.27 * width, 0.15 * width, 0.4 * width, 0.18 * width],
                            total=("Summe", "", "", md.format_eur(support["pledges_total_eur"]))))
    if support["letters"]:
        story.append(Paragraph("Unterstützungsschreiben", styles["h2"]))
        rows = [(letter["organisation"], md.format_date(letter["date"]), letter["signatory"],
                 "ja" if letter["public"] else "nein") for letter in support["letters"]]
        story.append(_table(("Organisation", "Datum", "Unterzeichnet von", "beigefügt"), rows, styles,
                            [0.38 * width, 0.14 * width, 0.34 * width, 0.14 * width]))
        if support["public_letter_count"]:
            story.append(Paragraph(
                "Die zur Veröffentlichung freigegebenen Schreiben sind dieser Bewerbung im Anhang beigefügt.",
                styles["small"],
            ))
    return story


def build_story(content, styles, width, progress=None):
    progress = progress or (lambda p: None)
    story = _cover(content, styles)
    story += [NextPageTemplate("content"), PageBreak()]
    toc = TableOfContents(levelStyles=[styles["toc1"], styles["toc2"]], dotsMinLevel=0)
    story += [Paragraph("Inhalt", styles["toc_title"]), toc, PageBreak()]
    story.append(Paragraph("Zusammenfassung", styles["h1"]))
    story += markdown_flowables(content.get("summary"), styles, empty="Noch keine Zusammenfassung geschrieben.")
    sections = content["sections"]
    for index, section in enumerate(sections, start=1):
        story.append(PageBreak())
        story.append(Paragraph(escape(section["title"]), styles["h1"]))
        if section.get("description") and section["kind"] != "free_text":
            story.append(Paragraph(f"<i>{escape(md.plain(section['description']))}</i>", styles["small"]))
        kind = section["kind"]
        if kind == "status_and_vision":
            story += _themes_section(content, styles, width)
        elif kind == "project_management":
            story += _management_section(content, styles, width)
        elif kind == "partner_support":
            story += _support_section(content, styles, width)
        elif kind == "free_text":
            story += markdown_flowables(section.get("text"), styles, empty="Noch kein Text geschrieben.")
        elif kind == "attachment":
            story.append(Paragraph("Diese Anlage wird der Bewerbung gesondert beigefügt.", styles["body"]))
        progress(int(40 * index / max(len(sections), 1)))
    return story


def render_pdf(content, *, letters=(), progress=None):
    """PDF bytes of ``content``; ``letters`` are file fields of PDFs appended at the end."""
    progress = progress or (lambda p: None)
    styles = _styles()
    cover = content["cover"]
    header = " – ".join(v for v in (cover["call_title"], cover.get("city")) if v)
    buffer = io.BytesIO()
    doc = _DossierDoc(buffer, header=header, title=cover["dossier_title"], author=cover.get("programme") or "")
    story = build_story(content, styles, doc.width, progress)
    progress(45)
    doc.multiBuild(story, canvasmaker=_numbered_canvas("Seite {page} von {total}"))
    progress(80)
    if not letters:
        progress(100)
        return buffer.getvalue()
    writer = PdfWriter()
    buffer.seek(0)
    writer.append(PdfReader(buffer))
    for index, file in enumerate(letters, start=1):
        try:
            with file.open("rb") as handle:
                data = handle.read()
            writer.append(PdfReader(io.BytesIO(data)))
        except Exception:  # a broken letter must not stop the dossier; it stays listed in the table
            continue
        progress(80 + int(20 * index / len(letters)))
    out = io.BytesIO()
    writer.write(out)
    progress(100)
    return out.getvalue()
