"""The dossier as a DOCX file (python-docx) for further editing in a word processor.

The same structure as the PDF: a cover, a table of contents field (Word fills it in when the
document is opened and fields are updated), "Heading 1" per section and "Heading 2" per theme or
body, tables for members, supporters and pledges, and a page-number field in the footer.
"""

import io

from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from modellstadt.core.formatting import format_date, format_deadline, format_euro
from modellstadt.dossier.exports import text as md

LANGUAGE = "de"


def _date(value):
    return format_date(value, language=LANGUAGE)


def _euro(value):
    return format_euro(value, language=LANGUAGE)


def _field(paragraph, instruction, placeholder=""):
    """Insert a Word field (PAGE, NUMPAGES, TOC ...) into ``paragraph``."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run._r.append(begin)
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    run = paragraph.add_run()
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run._r.append(separate)
    paragraph.add_run(placeholder)
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def _add_runs(paragraph, runs):
    for text, bold, italic in runs:
        run = paragraph.add_run(text)
        run.bold = bold or None
        run.italic = italic or None


def add_markdown(document, text, empty=None):
    blocks = md.blocks(text)
    for block in blocks:
        if block.kind == "li":
            _add_runs(document.add_paragraph(style="List Bullet"), block.lines[0])
        elif block.kind == "h":
            _add_runs(document.add_heading(level=3), block.lines[0])
        else:
            paragraph = document.add_paragraph()
            for index, line in enumerate(block.lines):
                if index:
                    paragraph.add_run().add_break()
                _add_runs(paragraph, line)
    if not blocks and empty:
        paragraph = document.add_paragraph()
        paragraph.add_run(empty).italic = True


def add_table(document, header, rows, total=None):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(str(text)).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = str(value)
    if total:
        cells = table.add_row().cells
        for cell, value in zip(cells, total, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(str(value)).bold = True
    # repeat the header row on every page
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header_flag = OxmlElement("w:tblHeader")
    header_flag.set(qn("w:val"), "true")
    tr_pr.append(header_flag)
    document.add_paragraph()
    return table


def _label(document, text):
    paragraph = document.add_paragraph()
    paragraph.add_run(text).bold = True
    return paragraph


def _cover(document, content):
    cover = content["cover"]
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(f"{cover['organiser']}: {cover['call_title']}").font.size = Pt(13)
    document.add_heading(cover["dossier_title"], level=0).alignment = WD_ALIGN_PARAGRAPH.CENTER
    if cover.get("subtitle"):
        paragraph = document.add_paragraph(cover["subtitle"])
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    lines = []
    if cover.get("programme") or cover.get("city"):
        lines.append(" · ".join(v for v in (cover.get("programme"), cover.get("city")) if v))
    if cover.get("population"):
        lines.append(f"Einwohnerzahl: {md.format_int(cover['population'])}")
    lines += [f"{d['label']}: {format_deadline(d['due'], language=LANGUAGE)}" for d in cover.get("deadlines", [])]
    lines.append(f"Stand: {_date(timezone.localdate())}")
    for line in lines:
        document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
    if cover.get("contact"):
        _label(document, "Ansprechpartner").alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_markdown(document, cover["contact"])


def _themes(document, content):
    for theme in content["themes"]:
        document.add_heading(f"{theme['number']}. {theme['title']}", level=2)
        if theme.get("description"):
            document.add_paragraph().add_run(md.plain(theme["description"])).italic = True
        if theme["fields"]:
            names = ", ".join(f"{f['number']}. {f['title']}" for f in theme["fields"])
            document.add_paragraph(f"Kooperationsfelder der Stadt: {names}")
        _label(document, "Ist-Zustand")
        add_markdown(document, theme["status"], empty="Noch kein Ist-Zustand beschrieben.")
        _label(document, "Vision")
        add_markdown(document, theme["vision"], empty="Noch keine Vision beschrieben.")
        if theme["projects"]:
            _label(document, "Projekte in diesem Themenfeld")
            add_table(document, ("Projekt", "Kurzfassung", "Kooperationsfeld", "Status"),
                      [(p["title"], p["summary"], p["field"], p["status"]) for p in theme["projects"]])


def _management(document, content):
    management = content["management"]
    if management.get("lead_unit"):
        paragraph = document.add_paragraph()
        paragraph.add_run("Federführende Stelle: ").bold = True
        paragraph.add_run(management["lead_unit"])
    if management.get("decision_flow"):
        _label(document, "Entscheidungsweg")
        add_markdown(document, management["decision_flow"])
    for body in management["bodies"]:
        document.add_heading(md.body_heading(body), level=2)
        add_markdown(document, body.get("mandate"))
        if body["members"]:
            add_table(document, ("Person", "Rolle", "Organisation"),
                      [(m["person"], m["role"], m["organisation"]) for m in body["members"]])
    if management.get("decisions"):
        document.add_heading("Jüngste Beschlüsse", level=2)
        add_table(document, ("Datum", "Gremium", "Beschluss"),
                  [(_date(d["date"]), d["body"], d["title"]) for d in management["decisions"]])


def _support(document, content):
    support = content["support"]
    document.add_paragraph(
        f"{support['organisation_count']} Organisationen unterstützen die Bewerbung mit "
        f"{support['letter_count']} Unterstützungsschreiben und {support['pledge_count']} Zusagen im Wert von "
        f"zusammen {_euro(support['pledges_total_eur'])}."
    )
    if support["by_kind"]:
        document.add_heading("Unterstützer nach Art der Organisation", level=2)
        add_table(document, ("Art", "Anzahl"), [(r["label"], r["count"]) for r in support["by_kind"]],
                  total=("Zusammen", support["organisation_count"]))
    if support["organisations"]:
        document.add_heading("Unterstützende Organisationen", level=2)
        add_table(document, ("Organisation", "Art"), [(o["name"], o["kind_label"]) for o in support["organisations"]])
    if support["pledges"]:
        document.add_heading("Zusagen", level=2)
        add_table(document, ("Organisation", "Art", "Leistung", "Wert"),
                  [(p["organisation"], p["kind"], p["description"], _euro(p["value_eur"]))
                   for p in support["pledges"]],
                  total=("Summe", "", "", _euro(support["pledges_total_eur"])))
    if support["letters"]:
        document.add_heading("Unterstützungsschreiben", level=2)
        add_table(document, ("Organisation", "Datum", "Unterzeichnet von", "beigefügt"),
                  [(x["organisation"], _date(x["date"]), x["signatory"], "ja" if x["public"] else "nein")
                   for x in support["letters"]])


def _german(document):
    """Text language German (spelling, hyphenation) and automatic hyphenation switched on."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = run_properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run_properties.append(lang)
    lang.set(qn("w:val"), "de-DE")
    settings = document.settings.element
    if settings.find(qn("w:autoHyphenation")) is None:
        hyphenation = OxmlElement("w:autoHyphenation")
        tab_stop = settings.find(qn("w:defaultTabStop"))
        if tab_stop is not None:
            tab_stop.addnext(hyphenation)
        else:
            settings.insert(0, hyphenation)


def render_docx(content):
    """DOCX bytes of ``content``."""
    document = Document()
    _german(document)
    cover = content["cover"]
    header_text = md.running_header(cover)
    document.core_properties.title = cover["dossier_title"]
    document.core_properties.subject = header_text
    document.core_properties.language = "de-DE"
    section = document.sections[0]
    section.header.paragraphs[0].text = header_text
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Seite ")
    _field(footer, "PAGE", "1")
    footer.add_run(" von ")
    _field(footer, "NUMPAGES", "1")

    _cover(document, content)
    document.add_page_break()
    document.add_paragraph("Inhalt", style="Title")
    _field(document.add_paragraph(), 'TOC \\o "1-2" \\h \\z \\u',
           "Das Inhaltsverzeichnis wird beim Aktualisieren der Felder erstellt (F9).")
    document.add_page_break()
    document.add_heading("Zusammenfassung", level=1)
    add_markdown(document, content.get("summary"), empty="Noch keine Zusammenfassung geschrieben.")
    for entry in content["sections"]:
        document.add_heading(entry["title"], level=1)
        if entry.get("description") and entry["kind"] != "free_text":
            document.add_paragraph().add_run(md.plain(entry["description"])).italic = True
        kind = entry["kind"]
        if kind == "status_and_vision":
            _themes(document, content)
        elif kind == "project_management":
            _management(document, content)
        elif kind == "partner_support":
            _support(document, content)
        elif kind == "free_text":
            add_markdown(document, entry.get("text"), empty="Noch kein Text geschrieben.")
        elif kind == "attachment":
            document.add_paragraph("Diese Anlage wird der Bewerbung gesondert beigefügt.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
