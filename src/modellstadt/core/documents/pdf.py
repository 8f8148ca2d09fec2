"""Render a ``Document`` (title, language, HTML body) as a tagged PDF/UA-1 file with WeasyPrint.

The body comes from the calling app's own template; ``core/templates/core/documents/base.html``
wraps it (``<html lang>``, ``<title>``, metadata) and ``document.css`` sets the page: A4, running
header (the document's ``header`` left, the current chapter – the last ``h1`` – right), "Seite n
von N" bottom right on every page, German hyphenation, tables whose header row repeats, a table of
contents whose page numbers come from CSS ``target-counter``.

Attachments (PDFs from outside) are not appended behind the typeset file: each of their pages gets a
page of its own inside the WeasyPrint document – with the same running header and page number, and
a caption (an ``h2`` on the first page, so it is part of the tag tree, the outline and the table of
contents) – and afterwards pikepdf draws the attachment's page, cleaned of active content, scaled
into the free area of that page as a Form XObject. "Seite n von N" therefore counts the whole file,
and nothing active of the attachment (links, forms, scripts, annotations) is carried over. The
attachment's own content is marked as an artifact: it is a third-party document (often a scan)
that is usually untagged; the caption says what it is (see docs/architecture.md).
"""

import functools
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from modellstadt.core.documents.sanitize import PdfCheckError, clean_pdf

PDF_VARIANT = "pdf/ua-1"
CM = 72 / 2.54
A4 = (21.0 * CM, 29.7 * CM)
# Attachment pages: margins (top, right, bottom, left) and the caption's height, in cm. The CSS of
# the named page "attachment" and the placement of the attachment's page below both use them.
ATTACHMENT_MARGINS = (2.0, 1.6, 1.9, 1.6)
ATTACHMENT_CAPTION = 1.1
STYLESHEET = Path(__file__).with_name("document.css")


@dataclass
class TocEntry:
    """One line of a table of contents: the ``id`` of the heading it points to, its text and level (1, 2)."""

    anchor: str
    label: str
    level: int = 1


@dataclass
class Attachment:
    """A PDF from outside to append: its bytes (or a function returning them) and a caption."""

    title: str
    data: bytes | None = None
    load: Callable[[], bytes] | None = None

    def read(self):
        return self.data if self.data is not None else self.load()


@dataclass
class Document:
    """What a published document is made of. ``body_html`` is HTML the caller rendered from its template."""

    title: str
    body_html: str
    language: str = "de"
    header: str = ""  # running header, top left; defaults to the title
    author: str = ""
    subject: str = ""
    keywords: Sequence[str] = ()
    stylesheets: Sequence[str] = ()  # further CSS (strings), after document.css
    attachments_heading: str = ""  # h1 before the attachments, e.g. "Anlagen: Unterstützungsschreiben"
    attachments_anchor: str = "anlagen"
    attachment_pages: list = field(default_factory=list)  # filled by render_pdf: (attachment, page count, shown)


def css_string(text):
    """``text`` as a CSS string literal (quotes, backslashes, line breaks and "<" escaped)."""
    escaped = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3C ")
    return f'"{escaped}"'


@functools.lru_cache(maxsize=1)
def _base_css():
    return STYLESHEET.read_text(encoding="utf-8")


def _page_css(document):
    top, right, bottom, left = ATTACHMENT_MARGINS
    page = css_string(gettext("Seite") + " ")
    of = css_string(" " + gettext("von") + " ")
    return (
        f"@page {{ @top-left {{ content: {css_string(document.header or document.title)}; }}"
        f" @bottom-right {{ content: {page} counter(page) {of} counter(pages); }} }}\n"
        f"@page attachment {{ margin: {top}cm {right}cm {bottom}cm {left}cm; }}\n"
        f".attachment-caption {{ height: {ATTACHMENT_CAPTION}cm; }}\n"
    )


@dataclass
class _Prepared:
    attachment: Attachment
    pdf: pikepdf.Pdf | None
    pages: int  # pages shown
    total: int  # pages of the file


def _prepare(attachments, max_pages):
    prepared = []
    for attachment in attachments:
        try:
            clean = clean_pdf(attachment.read())
        except (PdfCheckError, OSError, ValueError):
            prepared.append(_Prepared(attachment, None, 0, 0))  # a broken file must not stop the document
            continue
        pdf = pikepdf.open(io.BytesIO(clean.data))
        shown = clean.pages if max_pages is None else min(clean.pages, max_pages)
        prepared.append(_Prepared(attachment, pdf, shown, clean.pages))
    return prepared


def _attachment_pages(prepared):
    """(index, page, title, note, anchor) of every attachment page to lay out."""
    for index, item in enumerate(prepared, start=1):
        for page in range(1, item.pages + 1):
            if item.total > item.pages:
                note = gettext("Seite %(page)s von %(shown)s; das Schreiben hat %(total)s Seiten, "
                               "beigefügt sind die ersten %(shown)s") % {
                    "page": page, "shown": item.pages, "total": item.total}
            else:
                note = gettext("Seite %(page)s von %(total)s") % {"page": page, "total": item.pages}
            yield index, page, item.attachment.title, note, f"attachment-{index}-{page}"


def render_html(document, prepared=()):
    return render_to_string("core/documents/base.html", {
        "document": document,
        "attachment_pages": list(_attachment_pages(prepared)),
    })


def _frame(formx, rect):
    """A thin grey line around the attachment's page as placed (scaled to fit, centred in ``rect``)."""
    try:
        x0, y0, x1, y1 = (float(v) for v in formx.BBox)
    except (AttributeError, TypeError, ValueError):
        return b""
    width, height = abs(x1 - x0), abs(y1 - y0)
    if not width or not height:
        return b""
    scale = min(rect.width / width, rect.height / height)
    w, h = width * scale, height * scale
    x, y = rect.llx + (rect.width - w) / 2, rect.lly + (rect.height - h) / 2
    return f"q 0.69 0.72 0.76 RG 0.5 w {x:.2f} {y:.2f} {w:.2f} {h:.2f} re S Q\n".encode()


def _place_attachments(pdf_bytes, placements):
    """Draw each attachment page into its reserved page; add page labels 1..N; return the bytes."""
    top, right, bottom, left = ATTACHMENT_MARGINS
    with pikepdf.open(io.BytesIO(pdf_bytes)) as out:
        for page_index, source_pdf, source_page in placements:
            target = out.pages[page_index]
            box = target.mediabox
            width, height = float(box[2]) - float(box[0]), float(box[3]) - float(box[1])
            rect = pikepdf.Rectangle(
                left * CM, bottom * CM, width - right * CM, height - (top + ATTACHMENT_CAPTION) * CM,
            )
            formx = out.copy_foreign(source_pdf.pages[source_page].as_form_xobject())
            name = target.add_resource(formx, pikepdf.Name.XObject, prefix="Anlage")
            placement = target.calc_form_xobject_placement(formx, name, rect, allow_shrink=True, allow_expand=True)
            # WeasyPrint's page content leaves its own transformation (a flipped y axis) in place:
            # enclose it in q/Q so the attachment is drawn in the page's default coordinates.
            target.contents_add(pikepdf.Stream(out, b"q\n"), prepend=True)
            stream = b"Q\n/Artifact BMC\nq\n" + placement + b"\nQ\n" + _frame(formx, rect) + b"EMC\n"
            target.contents_add(pikepdf.Stream(out, stream), prepend=False)
        out.Root.PageLabels = out.make_indirect(pikepdf.Dictionary(
            Nums=pikepdf.Array([0, pikepdf.Dictionary(S=pikepdf.Name.D)]),
        ))
        buffer = io.BytesIO()
        out.save(buffer)
    return buffer.getvalue()


def render_pdf(document, *, attachments=(), max_attachment_pages=None, progress=None):
    """PDF/UA-1 bytes of ``document`` with ``attachments`` (``Attachment``) placed at the end.

    ``max_attachment_pages`` bounds the pages taken from each attachment (the caption says when an
    attachment was cut). ``progress(percent)`` is called along the way. Broken attachments are
    left out; ``document.attachment_pages`` tells the caller what was shown of each.
    """
    from weasyprint import CSS, HTML

    progress = progress or (lambda percent: None)
    with translation.override(document.language):
        prepared = _prepare(attachments, max_attachment_pages)
        document.attachment_pages = [(item.attachment, item.total, item.pages) for item in prepared]
        progress(10)
        html = render_html(document, prepared)
        stylesheets = [CSS(string=_base_css()), CSS(string=_page_css(document))]
        stylesheets += [CSS(string=extra) for extra in document.stylesheets]
    options = {"pdf_variant": PDF_VARIANT, "pdf_tags": True, "custom_metadata": False}
    rendered = HTML(string=html, base_url=str(STYLESHEET.parent)).render(stylesheets=stylesheets, **options)
    progress(70)
    anchors = {}
    for page_index, page in enumerate(rendered.pages):
        for anchor in page.anchors:
            if anchor.startswith("attachment-"):
                anchors.setdefault(anchor, page_index)
    pdf_bytes = rendered.write_pdf(**options)
    progress(85)
    placements = []
    for index, page, _title, _note, anchor in _attachment_pages(prepared):
        if anchor in anchors:
            placements.append((anchors[anchor], prepared[index - 1].pdf, page - 1))
    try:
        result = _place_attachments(pdf_bytes, placements)
    finally:
        for item in prepared:
            if item.pdf is not None:
                item.pdf.close()
    progress(100)
    return result
