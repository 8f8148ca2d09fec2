"""Uploads of the partner area: private storage for letters of support and content checks.

Letters live under ``settings.PRIVATE_MEDIA_ROOT / "letters"`` with a random name, never under
MEDIA_ROOT, and are served only by the permission-checked download view (``core.uploads``).
Logos go through the one image pipeline of ``core.images``.

Every check looks at the content, not at the file name or the browser's content type: a PNG renamed
to ``.pdf`` is not a PDF, and a PDF cut off in transfer is not one either. What is stored of a letter
is the cleaned file (no scripts, actions, embedded files or forms; see ``core/documents/sanitize.py``).
"""


from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from modellstadt.core import images
from modellstadt.core.uploads import PrivateStorage, megabytes

LETTER_MAX_BYTES = 10 * 1024 * 1024
LOGO_MAX_BYTES = 5 * 1024 * 1024
LOGO_FORMATS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}  # Pillow format -> extension


@deconstructible(path="modellstadt.partners.uploads.PrivateLetterStorage")
class PrivateLetterStorage(PrivateStorage):
    """Letters of support below PRIVATE_MEDIA_ROOT/letters (the storage itself: core.uploads)."""

    folder = "letters"
    no_url_message = "Letters of support have no public address; use the partner area's download view."


letter_storage = PrivateLetterStorage()


def _read_all(upload):
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def letter_max_pages():
    return settings.MODELLSTADT_LETTER_MAX_PAGES


def clean_pdf_upload(upload, *, max_bytes=LETTER_MAX_BYTES, max_pages=None):
    """``upload`` checked as a letter of support and cleaned of active content: a ``CleanPdf`` with the
    bytes to store and the number of pages; a German ValidationError when it cannot be used.

    core.documents.clean_pdf (pikepdf) removes JavaScript, actions other than plain links, embedded
    files and forms (AcroForm/XFA); a letter may have at most ``MODELLSTADT_LETTER_MAX_PAGES`` pages.
    """
    from modellstadt.core.documents import PdfCheckError, clean_pdf

    max_pages = letter_max_pages() if max_pages is None else max_pages
    too_large = ValidationError(
        _("Die Datei ist zu groß. Erlaubt sind höchstens %(max)s MB.") % {"max": megabytes(max_bytes)},
        code="file_too_large",
    )
    if upload.size is not None and upload.size > max_bytes:
        raise too_large
    if upload.size == 0:
        raise ValidationError(_("Die Datei ist leer."), code="empty")
    data = _read_all(upload)
    if len(data) > max_bytes:
        raise too_large
    try:
        return clean_pdf(data, max_pages=max_pages)
    except PdfCheckError as error:
        if error.code == "not_pdf":
            raise ValidationError(
                _("Die Datei ist keine PDF-Datei. Bitte laden Sie das Schreiben als PDF hoch."), code="not_pdf"
            ) from None
        if error.code == "encrypted":
            raise ValidationError(
                _("Die PDF-Datei ist verschlüsselt oder mit einem Kennwort geschützt. "
                  "Bitte laden Sie eine Fassung ohne Kennwort hoch."),
                code="encrypted_pdf",
            ) from None
        if error.code == "too_many_pages":
            raise ValidationError(
                _("Das Schreiben hat %(pages)s Seiten. Erlaubt sind höchstens %(max)s Seiten je Schreiben; "
                  "bitte laden Sie nur das Schreiben selbst hoch.") % {"pages": error.pages, "max": max_pages},
                code="too_many_pages",
            ) from None
        raise ValidationError(
            _("Die PDF-Datei ist beschädigt oder unvollständig und kann nicht gelesen werden. "
              "Bitte speichern Sie das Schreiben erneut als PDF und laden Sie es noch einmal hoch."),
            code="broken_pdf",
        ) from None


def check_pdf(upload, *, max_bytes=LETTER_MAX_BYTES, max_pages=None):
    """The number of pages of ``upload`` if it is a usable letter PDF; a German ValidationError otherwise."""
    return clean_pdf_upload(upload, max_bytes=max_bytes, max_pages=max_pages).pages


def check_image(upload, *, max_bytes=LOGO_MAX_BYTES):
    """The Pillow format of a logo upload (PNG, JPEG, GIF or WebP), checked by the one image pipeline."""
    return images.check_image(upload, max_bytes=max_bytes, formats=LOGO_FORMATS)
