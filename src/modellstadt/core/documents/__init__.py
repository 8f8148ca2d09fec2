"""Accessible documents: HTML and CSS in, tagged PDF/UA out, with PDFs from outside appended.

Any app that publishes a document (the dossier of an application, a council progress report)
describes it as a ``Document`` – title, language, an HTML body rendered from its own template – and
calls ``render_pdf``. WeasyPrint typesets it as PDF/UA-1: tagged (structure tree, marked content),
with the document language, title in the document information and XMP metadata, an outline from
the headings, German hyphenation (``hyphens: auto`` with pyphen's dictionaries) and page numbers
"Seite n von N" over the whole file. ``Attachment``s (letters of support, scans) are cleaned of
active content (``sanitize``), bounded in pages and placed on pages of their own that carry the same
running header and page number, a tagged caption and an outline entry.

This package belongs to ``core`` and imports no other app of the project.
"""

from modellstadt.core.documents.pdf import Attachment, Document, TocEntry, render_pdf
from modellstadt.core.documents.sanitize import CleanPdf, PdfCheckError, clean_pdf, sanitize

__all__ = [
    "Attachment", "CleanPdf", "Document", "PdfCheckError", "TocEntry", "clean_pdf", "render_pdf", "sanitize",
]
