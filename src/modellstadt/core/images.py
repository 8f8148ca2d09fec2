"""The one pipeline for images people upload (idea images, organisation logos).

1. ``check_image``: the byte limit is checked before anything is decoded, the pixel limit from the
   image header (Pillow reads only the header on open), the format from the content (not the file
   name); then the whole image is decoded once, so a truncated or broken file fails here.
2. ``reencode_image``: the image is drawn anew without its metadata (EXIF: camera, time, often the
   GPS position of the person who took it), turned upright, in the same format.

Errors are German ValidationErrors meant for the form field.
"""

import io
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _

from modellstadt.core.uploads import megabytes

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_PIXELS = 40 * 10**6
# Pillow's format name -> file extension
DEFAULT_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def _format_list(formats: list[str]) -> str:
    names = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}
    labels = [names.get(f, f) for f in formats]
    return ", ".join(labels[:-1]) + _(" oder ") + labels[-1] if len(labels) > 1 else labels[0]


def check_image(upload: File, *, max_bytes: int = DEFAULT_MAX_BYTES, max_pixels: int = DEFAULT_MAX_PIXELS,
                formats: Mapping[str, str] = DEFAULT_FORMATS) -> str:
    """The Pillow format name of ``upload`` (one of ``formats``), or a ValidationError."""
    from PIL import Image, UnidentifiedImageError

    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("Das Bild ist zu groß (höchstens %(max)s MB).") % {"max": megabytes(max_bytes)}, code="too_large"
        )
    not_an_image = ValidationError(
        _("Diese Datei ist kein Bild im Format %(formats)s.") % {"formats": _format_list(list(formats))},
        code="invalid_image",
    )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            width, height = image.size
            if image_format not in formats:
                raise not_an_image
            if width * height > max_pixels:
                raise ValidationError(
                    _("Das Bild hat zu viele Bildpunkte (höchstens %(max)s Megapixel).")
                    % {"max": max_pixels // 10**6},
                    code="too_many_pixels",
                )
            image.load()  # decodes every pixel: a truncated or broken image fails here
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_an_image from None
    finally:
        upload.seek(0)
    return str(image_format)


def reencode_image(upload: File, image_format: str) -> bytes:
    """The image drawn anew without its metadata, turned upright, in ``image_format``."""
    from PIL import Image, ImageOps

    upload.seek(0)
    with Image.open(upload) as image:
        upright: Image.Image = ImageOps.exif_transpose(image)
        if image_format == "JPEG" and upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        buffer = io.BytesIO()
        options: dict[str, Any] = {"quality": 90} if image_format in ("JPEG", "WEBP") else {"optimize": True}
        upright.save(buffer, image_format, **options)
    upload.seek(0)
    return buffer.getvalue()


def store_image(upload: File, image_format: str, *, title: str, user: Any = None, description: str = "",
                extensions: Mapping[str, str] = DEFAULT_FORMATS, collection: Any = None) -> Any:
    """A checked upload re-encoded (``reencode_image``) and stored as a Wagtail image under a random name,
    in ``collection`` (a Wagtail Collection; default: the root collection)."""
    import uuid

    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    name = f"{uuid.uuid4().hex}.{extensions.get(image_format, image_format.lower())}"
    content = ImageFile(io.BytesIO(reencode_image(upload, image_format)), name=name)
    image = get_image_model()(title=title, file=content, uploaded_by_user=user)
    if collection is not None:
        image.collection = collection
    if description and hasattr(image, "description"):
        image.description = description
    image._set_image_file_metadata()
    from modellstadt.core.uploads import storage_guard

    with storage_guard():  # StorageUnavailable when the file store is down; callers name the field
        image.save()
    return image
