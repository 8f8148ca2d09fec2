"""The one image pipeline (core.images): limits before decoding, format by content, metadata removed."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from modellstadt.core import images

GPS_TAG = 0x8825
MAKE_TAG = 0x010F


def jpeg_with_exif(size=(30, 20)):
    exif = Image.Exif()
    exif[MAKE_TAG] = "Kamera des Fotografen"
    exif[GPS_TAG] = {1: "N", 2: (52.0, 25.0, 0.0)}
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def upload(data, name="bild.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_reencoding_removes_the_metadata_and_keeps_the_picture():
    original = upload(jpeg_with_exif())
    with Image.open(io.BytesIO(original.read())) as before:
        assert MAKE_TAG in before.getexif()
    image_format = images.check_image(original)
    data = images.reencode_image(original, image_format)
    with Image.open(io.BytesIO(data)) as after:
        assert after.format == "JPEG" and after.size == (30, 20)
        assert dict(after.getexif()) == {}


def test_the_byte_limit_is_checked_before_anything_is_decoded(monkeypatch):
    def must_not_open(*args, **kwargs):
        raise AssertionError("decoded although the file is too large")

    monkeypatch.setattr(Image, "open", must_not_open)
    with pytest.raises(ValidationError, match="zu groß"):
        images.check_image(upload(b"x" * 2048), max_bytes=1024)


def test_the_pixel_limit_and_the_format_are_judged_by_the_content():
    with pytest.raises(ValidationError, match="Bildpunkte"):
        images.check_image(upload(jpeg_with_exif((300, 300))), max_pixels=10_000)
    with pytest.raises(ValidationError, match="kein Bild im Format JPEG, PNG oder WebP"):
        images.check_image(upload(b"GIF89a kein Bild", "bild.png", "image/png"))
    gif = io.BytesIO()
    Image.new("RGB", (5, 5)).save(gif, "GIF")
    with pytest.raises(ValidationError, match="kein Bild im Format"):
        images.check_image(upload(gif.getvalue(), "bild.gif", "image/gif"))  # GIF is not an idea format
    assert images.check_image(upload(gif.getvalue(), "logo.gif", "image/gif"),
                              formats={"GIF": "gif", "PNG": "png"}) == "GIF"


def test_a_truncated_image_is_refused():
    data = jpeg_with_exif((200, 200))
    with pytest.raises(ValidationError, match="kein Bild"):
        images.check_image(upload(data[: len(data) // 2]))


@pytest.mark.django_db
def test_an_organisation_logo_is_stored_without_its_metadata(django_user_model):
    from modellstadt.partners import services
    from tests import factories

    office = django_user_model.objects.create_superuser("amt", password=None)
    organisation = factories.organisation("Stadtwerke")
    services.update_organisation_profile(office, organisation, logo=upload(jpeg_with_exif(), "logo.jpg"),
                                         logo_alt="Logo der Stadtwerke")
    with organisation.logo.file.open("rb") as stored, Image.open(stored) as logo:
        assert logo.size == (30, 20) and dict(logo.getexif()) == {}
    assert "logo.jpg" not in organisation.logo.file.name  # a random stored name
