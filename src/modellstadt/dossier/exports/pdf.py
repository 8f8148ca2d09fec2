"""The dossier as an accessible PDF (PDF/UA-1) with the public letters of support appended.

The dossier's content (``selectors.build_dossier_content``) is rendered into one HTML document by
``dossier/document.html`` – cover, table of contents with page references, summary, the sections
the call asks for, tables for bodies, supporters and pledges – and typeset by the shared document
pipeline ``core.documents`` (WeasyPrint: tags, language, title, outline, hyphenation, running
headers, "Seite n von N" over the whole file). Public letters are cleaned of active content and
appended on numbered pages with a caption each, at most ``MODELLSTADT_LETTER_MAX_PAGES`` pages a letter.
"""

import copy

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from modellstadt.core.documents import Attachment, Document
from modellstadt.core.documents import render_pdf as render_document
from modellstadt.core.formatting import format_date, format_deadline, format_euro
from modellstadt.dossier.exports import text as md

LANGUAGE = "de"


def _view(content):
    """A copy of ``content`` with everything formatted for reading (the stored content stays as it is)."""
    view = copy.deepcopy(content)
    cover = view["cover"]
    cover["header"] = md.running_header(cover)
    cover["deadline_lines"] = [f"{d['label']}: {format_deadline(d['due'], language=LANGUAGE)}"
                               for d in cover.get("deadlines", [])]
    cover["stand"] = format_date(timezone.localdate(), language=LANGUAGE)
    if cover.get("population"):
        cover["population_text"] = md.format_int(cover["population"])
    for body in view["management"]["bodies"]:
        body["heading"] = md.body_heading(body)
    for decision in view["management"].get("decisions", []):
        decision["date_text"] = format_date(decision["date"], language=LANGUAGE)
    support = view["support"]
    support["total_text"] = format_euro(support["pledges_total_eur"], language=LANGUAGE)
    for pledge in support["pledges"]:
        pledge["value_text"] = format_euro(pledge["value_eur"], language=LANGUAGE)
    for letter in support["letters"]:
        letter["date_text"] = format_date(letter["date"], language=LANGUAGE)
    return view


def letter_caption(letter):
    """"Unterstützungsschreiben der Stadtwerke Teststadt vom 1. Februar 2017, unterzeichnet von Dr. Werk"."""
    return md.letter_caption(letter["organisation"], format_date(letter["date"], language=LANGUAGE),
                             letter.get("signatory", ""))


def document_for(content):
    """The dossier as a ``core.documents.Document``."""
    view = _view(content)
    cover = view["cover"]
    with translation.override(LANGUAGE):
        body = render_to_string("dossier/document.html", {"content": view, "cover": cover})
    return Document(
        title=cover["dossier_title"] or cover["call_title"],
        body_html=body,
        language=LANGUAGE,
        header=cover["header"],
        author=cover.get("programme") or cover.get("city") or "",
        subject=f"{cover['organiser']}: {cover['call_title']}",
        keywords=[k for k in (cover["call_title"], cover.get("city"), "Bewerbung") if k],
        attachments_heading="Anlagen: Unterstützungsschreiben",
    )


def render_pdf(content, *, letters=(), progress=None):
    """PDF bytes of ``content``; ``letters`` are (letter row of the content, file field) pairs or file fields."""
    document = document_for(content)
    attachments = []
    for index, item in enumerate(letters, start=1):
        row, file = item if isinstance(item, tuple) else (None, item)
        title = letter_caption(row) if row else f"Unterstützungsschreiben {index}"
        attachments.append(Attachment(title=title, load=_reader(file, title)))
    return render_document(document, attachments=attachments,
                           max_attachment_pages=settings.MODELLSTADT_LETTER_MAX_PAGES, progress=progress)


class MissingLetterError(Exception):
    """A letter's file is gone from storage; not an OSError, so the PDF build stops instead of skipping it."""


def _reader(file, title):
    def read():
        try:
            with file.open("rb") as handle:
                return handle.read()
        except FileNotFoundError:
            raise MissingLetterError(
                gettext("Die Datei des Schreibens „%(title)s“ fehlt im Dateispeicher (%(file)s).")
                % {"title": title, "file": file.name}
            ) from None

    return read
