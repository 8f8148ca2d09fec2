"""PDFs from outside (letters of support, attachments) without active content, checked and bounded.

A PDF can carry much more than pages: JavaScript (a document-level name tree, an open action,
"additional actions" of the document, of pages, of annotations and of form fields), actions that
launch programs, open other files or submit forms, embedded files, forms (AcroForm and XFA), rich
media. None of that belongs in a letter of support or in a dossier the city sends out, so
``sanitize`` removes all of it with pikepdf and keeps exactly this:

- the pages with their content, fonts and images;
- link annotations whose action is a plain web or e-mail link (``/URI`` with ``http``, ``https`` or
  ``mailto``) or a jump inside the document (``/Dest`` or a ``/GoTo`` action); every other link
  (``/Launch``, ``/JavaScript``, ``/GoToR``, ``/GoToE``, ``/SubmitForm``, ``/ImportData``,
  ``/ResetForm``, ``/Named``, ``/Rendition``, URIs such as ``javascript:`` or ``file:``) is removed;
- other passive annotations (comments, highlights) without their actions.

Removed: ``/OpenAction`` and ``/AA`` of the document, ``/AA`` of pages, annotations and fields,
``/JavaScript`` and ``/EmbeddedFiles`` name trees, ``/AcroForm`` (with XFA), widget, file-attachment,
screen, movie, sound, rich-media and 3D annotations, associated files (``/AF``), the outline (its
items can carry actions), ``/Collection`` (portfolios). Finally every action dictionary left anywhere
in the file that is not a plain link is emptied, so an action hidden in an unusual place (an action
chain's ``/Next``, a structure element) does nothing either.
"""

import io
from dataclasses import dataclass, field

import pikepdf

SAFE_URI_SCHEMES = ("http:", "https:", "mailto:")
REMOVED_ANNOTATIONS = {
    "/Widget", "/FileAttachment", "/Screen", "/Movie", "/Sound", "/RichMedia", "/3D",
}
REMOVED_ROOT_KEYS = ("/OpenAction", "/AA", "/AcroForm", "/Outlines", "/Collection", "/AF", "/Perms")
REMOVED_NAME_TREES = ("/JavaScript", "/EmbeddedFiles", "/AlternatePresentations", "/Renditions")


class PdfCheckError(Exception):
    """A PDF that cannot be used; ``code`` says why ("broken", "encrypted", "empty", "too_many_pages")."""

    def __init__(self, code, *, pages=None):
        super().__init__(code)
        self.code = code
        self.pages = pages


@dataclass
class CleanPdf:
    data: bytes
    pages: int
    removed: list = field(default_factory=list)


def _is_plain_link_action(action):
    if not isinstance(action, pikepdf.Dictionary):
        return False
    kind = action.get("/S")
    if kind == "/GoTo" and "/Next" not in action:
        return True
    if kind == "/URI" and "/Next" not in action:
        uri = str(action.get("/URI", "")).strip().lower()
        return uri.startswith(SAFE_URI_SCHEMES)
    return False


def _clean_annotations(page, removed):
    annots = page.obj.get("/Annots")
    if annots is None:
        return
    kept = pikepdf.Array()
    for annot in annots:
        if not isinstance(annot, pikepdf.Dictionary):
            continue
        subtype = str(annot.get("/Subtype", ""))
        if subtype in REMOVED_ANNOTATIONS:
            removed.append(f"annotation {subtype}")
            continue
        if "/AA" in annot:
            del annot["/AA"]
            removed.append("annotation /AA")
        if "/A" in annot and not (subtype == "/Link" and _is_plain_link_action(annot["/A"])):
            removed.append(f"annotation action {annot['/A'].get('/S', '?')}")
            del annot["/A"]
            if subtype == "/Link" and "/Dest" not in annot:
                continue  # a link that no longer leads anywhere is dropped
        kept.append(annot)
    if len(kept):
        page.obj["/Annots"] = kept
    else:
        del page.obj["/Annots"]


def _empty_leftover_actions(pdf, removed):
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary):
            continue
        is_action = "/S" in obj and (obj.get("/Type") == "/Action" or "/JS" in obj or obj.get("/S") in (
            "/JavaScript", "/Launch", "/GoToR", "/GoToE", "/SubmitForm", "/ImportData", "/ResetForm", "/Rendition",
            "/Named", "/Movie", "/Sound", "/Hide", "/SetOCGState", "/Trans", "/GoTo3DView", "/RichMediaExecute",
            "/URI",
        ))
        if (is_action or "/JS" in obj) and not _is_plain_link_action(obj):
            removed.append(f"action {obj.get('/S', '/JS')}")
            for key in list(obj.keys()):
                del obj[key]


def sanitize(pdf, *, keep_links=True):
    """Remove active content from an open ``pikepdf.Pdf`` in place; returns a list of what was removed."""
    removed = []
    root = pdf.Root
    for key in REMOVED_ROOT_KEYS:
        if key in root:
            del root[key]
            removed.append(f"document {key}")
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary):
        for key in REMOVED_NAME_TREES:
            if key in names:
                del names[key]
                removed.append(f"names {key}")
    for page in pdf.pages:
        for key in ("/AA", "/AF"):
            if key in page.obj:
                del page.obj[key]
                removed.append(f"page {key}")
        if keep_links:
            _clean_annotations(page, removed)
        elif "/Annots" in page.obj:
            del page.obj["/Annots"]
            removed.append("page annotations")
    _empty_leftover_actions(pdf, removed)
    return removed


def open_pdf(data):
    """Open PDF bytes with pikepdf; PdfCheckError("broken"/"encrypted"/"empty") if it is no usable PDF."""
    if not data.startswith(b"%PDF-"):
        raise PdfCheckError("not_pdf")
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError as error:
        raise PdfCheckError("encrypted") from error
    except Exception as error:  # qpdf raises several types for damaged input
        raise PdfCheckError("broken") from error
    if pdf.is_encrypted:
        pdf.close()
        raise PdfCheckError("encrypted")
    try:
        pages = len(pdf.pages)
        for page in pdf.pages:
            page.mediabox  # noqa: B018 - reading each page's box makes qpdf resolve the page tree fully
    except Exception as error:
        pdf.close()
        raise PdfCheckError("broken") from error
    if pages < 1:
        pdf.close()
        raise PdfCheckError("empty")
    return pdf


def clean_pdf(data, *, max_pages=None):
    """``data`` checked, bounded to ``max_pages`` and without active content, as a CleanPdf.

    Raises PdfCheckError when the file is no readable PDF, is encrypted, has no pages or more
    than ``max_pages`` pages.
    """
    pdf = open_pdf(data)
    with pdf:
        pages = len(pdf.pages)
        if max_pages is not None and pages > max_pages:
            raise PdfCheckError("too_many_pages", pages=pages)
        removed = sanitize(pdf)
        out = io.BytesIO()
        try:
            pdf.save(out, deterministic_id=True)
        except Exception as error:
            raise PdfCheckError("broken") from error
    return CleanPdf(data=out.getvalue(), pages=pages, removed=removed)
