"""Uploads of the partner area: private storage for letters of support and content checks.

Letters live under ``settings.PRIVATE_MEDIA_ROOT / "letters"`` with a random name, never under
MEDIA_ROOT, and are served only by the permission-checked download view (``core.uploads``).
Logos go through the one image pipeline of ``core.images``.

Every check looks at the content, not at the file name or the browser's content type: a PNG renamed
to ``.pdf`` is not a PDF, and a PDF cut off in transfer is not one either.
"""

import io

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


def check_pdf(upload, *, max_bytes=LETTER_MAX_BYTES):
    """The number of pages of ``upload`` if it is a readable PDF; a German ValidationError otherwise."""
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("Die Datei ist zu groß. Erlaubt sind höchstens %(max)s MB.") % {"max": megabytes(max_bytes)},
            code="file_too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("Die Datei ist leer."), code="empty")
    data = _read_all(upload)
    if len(data) > max_bytes:
        raise ValidationError(
            _("Die Datei ist zu groß. Erlaubt sind höchstens %(max)s MB.") % {"max": megabytes(max_bytes)},
            code="file_too_large",
        )
    if not data.startswith(b"%PDF-"):
        raise ValidationError(
            _("Die Datei ist keine PDF-Datei. Bitte laden Sie das Schreiben als PDF hoch."), code="not_pdf"
        )
    from pypdf import PdfReader

    broken = ValidationError(
        _("Die PDF-Datei ist beschädigt oder unvollständig und kann nicht gelesen werden. "
          "Bitte speichern Sie das Schreiben erneut als PDF und laden Sie es noch einmal hoch."),
        code="broken_pdf",
    )
    try:
        reader = PdfReader(io.BytesIO(data), strict=True)
        if reader.is_encrypted:
            raise ValidationError(
                _("Die PDF-Datei ist verschlüsselt oder mit einem Kennwort geschützt. "
                  "Bitte laden Sie eine Fassung ohne Kennwort hoch."),
                code="encrypted_pdf",
            )
        pages = len(reader.pages)
        for page in reader.pages:
            page.mediabox  # noqa: B018 - reading each page's box makes pypdf parse the page tree fully
    except ValidationError:
        raise
    except Exception as error:  # pypdf raises many types for broken input
        raise broken from error
    if pages < 1:
        raise broken
    return pages


def check_image(upload, *, max_bytes=LOGO_MAX_BYTES):
    """The Pillow format of a logo upload (PNG, JPEG, GIF or WebP), checked by the one image pipeline."""
    return images.check_image(upload, max_bytes=max_bytes, formats=LOGO_FORMATS)
