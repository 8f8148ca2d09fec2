"""Submitting ideas cannot be used to flood the portal: a rate limit per account and per client address,
and images are stored only together with an idea that is actually submitted."""

import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from wagtail.images import get_image_model

from modellstadt.ideas.models import Idea
from tests.ideas.test_views_ideas import idea_data, png_bytes, text


@pytest.fixture(autouse=True)
def fresh_cache():
    caches["default"].clear()


def signed_in(user, address="127.0.0.1"):
    c = Client(HTTP_HOST="localhost", REMOTE_ADDR=address)
    c.force_login(user)
    return c


def image_files():
    """Every file under MEDIA_ROOT/original_images (the public originals of uploaded images); the test
    media directory is shared by the tests of one process, so tests compare it before and after."""
    root = Path(django_settings.MEDIA_ROOT) / "original_images"
    return {str(p) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def submit(c, process, field, title, **extra):
    data = idea_data(field, title=title, description=f"Text zu {title}", confirm_similar="1", **extra)
    return c.post(f"/beteiligung/{process.slug}/idee-einreichen/", data)


# --- Rate limit --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_ideas_per_account_are_limited_and_the_refused_text_is_kept(process, field, resident, settings):
    settings.MODELLSTADT_RATE_LIMITS = {"idea": ((100, 600), (3, 600))}
    c = signed_in(resident)
    for n in range(3):
        assert submit(c, process, field, f"Idee Nummer {n}").status_code == 302
    files_before = image_files()
    upload = SimpleUploadedFile("foto.png", png_bytes(), content_type="image/png")
    response = submit(c, process, field, "Die vierte Idee", image=upload, image_alt="Ein Platz")
    html = text(response)
    assert response.status_code == 429
    assert "Sie haben in kurzer Zeit sehr viele Beiträge gesendet" in html
    assert 'value="Die vierte Idee"' in html and "Text zu Die vierte Idee</textarea>" in html  # input kept
    assert Idea.objects.count() == 3 and not Idea.objects.filter(title="Die vierte Idee").exists()
    assert image_files() == files_before and not get_image_model().objects.exists()  # no image stored either


@pytest.mark.django_db
def test_ideas_per_address_are_limited_across_accounts(process, field, resident, neighbour, settings):
    settings.MODELLSTADT_RATE_LIMITS = {"idea": ((2, 600), (100, 600))}
    assert submit(signed_in(resident), process, field, "Erste Idee").status_code == 302
    assert submit(signed_in(neighbour), process, field, "Zweite Idee").status_code == 302
    response = submit(signed_in(neighbour), process, field, "Dritte Idee vom selben Anschluss")
    assert response.status_code == 429 and Idea.objects.count() == 2
    # Another address is not affected.
    assert submit(signed_in(neighbour, "198.51.100.7"), process, field, "Von woanders").status_code == 302


@pytest.mark.django_db
def test_the_default_idea_limit_refuses_a_burst(process, field, resident):
    """Without settings the built-in limit applies (10 ideas per account and hour)."""
    c = signed_in(resident)
    answers = [submit(c, process, field, f"Serienidee {n}").status_code for n in range(12)]
    assert answers == [302] * 10 + [429] * 2
    assert Idea.objects.count() == 10


# --- Images only with a submitted idea ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_failed_idea_form_stores_no_image(process, field, resident):
    c = signed_in(resident)
    files = image_files()
    url = f"/beteiligung/{process.slug}/idee-einreichen/"
    for n in range(3):
        upload = SimpleUploadedFile(f"foto{n}.jpg", png_bytes(fmt="JPEG"), content_type="image/jpeg")
        response = c.post(url, idea_data(field, title="", image=upload, image_alt="Ein Platz"))
        assert response.status_code == 200
    html = text(response)
    assert "Bitte geben Sie einen Titel an." in html and 'value="Ein Platz"' in html  # the typed text stays
    assert "Bitte wählen Sie das Bild noch einmal aus" in html  # and the person learns the image is not kept
    assert not Idea.objects.exists()
    assert not get_image_model().objects.exists()
    assert image_files() == files


@pytest.mark.django_db
def test_the_similar_ideas_step_stores_no_image_and_the_confirmed_idea_gets_it(process, field, resident):
    c = signed_in(resident)
    files = image_files()
    url = f"/beteiligung/{process.slug}/idee-einreichen/"
    assert submit(c, process, field, "Ladesäulen am Bahnhof").status_code == 302
    upload = SimpleUploadedFile("foto.png", png_bytes(), content_type="image/png")
    data = idea_data(field, title="Ladesäulen am Bahnhof bauen", image=upload, image_alt="Ein Platz")
    response = c.post(url, data)
    assert response.status_code == 200 and "Ähnliche Ideen gibt es schon" in text(response)
    assert not get_image_model().objects.exists() and image_files() == files
    upload = SimpleUploadedFile("foto.png", png_bytes(), content_type="image/png")
    response = c.post(url, {**data, "image": upload, "confirm_similar": "1"})
    assert response.status_code == 302
    idea = Idea.objects.get(title="Ladesäulen am Bahnhof bauen")
    assert idea.image is not None and get_image_model().objects.count() == 1
    assert [os.path.basename(f) for f in image_files() - files] == [os.path.basename(idea.image.file.name)]


@pytest.mark.django_db
def test_an_image_of_a_refused_submission_is_removed_again(process, field, resident, monkeypatch,
                                                          django_capture_on_commit_callbacks):
    """The service may still refuse (e.g. the phase ended meanwhile): the image stored for it goes."""
    from modellstadt.ideas import rules
    from modellstadt.ideas import services as idea_services

    def refuse(*args, **kwargs):
        raise rules.ParticipationError("Ideen können in diesem Verfahren nicht mehr eingereicht werden.")

    monkeypatch.setattr(idea_services, "submit_idea", refuse)
    files = image_files()
    upload = SimpleUploadedFile("foto.png", png_bytes(), content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail deletes the file after the commit
        response = submit(signed_in(resident), process, field, "Zu spät", image=upload, image_alt="Ein Platz")
    assert response.status_code == 200 and "nicht mehr eingereicht" in text(response)
    assert not get_image_model().objects.exists() and image_files() == files


@pytest.mark.django_db
def test_a_failed_edit_stores_no_image_and_keeps_the_current_one(process, field, resident):
    c = signed_in(resident)
    upload = SimpleUploadedFile("alt.png", png_bytes(), content_type="image/png")
    assert submit(c, process, field, "Mit Bild", image=upload, image_alt="Altes Bild").status_code == 302
    idea = Idea.objects.get()
    files = image_files()
    new = SimpleUploadedFile("neu.png", png_bytes(size=(50, 50)), content_type="image/png")
    response = c.post(f"/ideen/{idea.pk}/bearbeiten/",
                      idea_data(field, title="", description="Neu", image=new, image_alt="Neues Bild"))
    assert response.status_code == 200 and "Bitte geben Sie einen Titel an." in text(response)
    assert get_image_model().objects.count() == 1 and image_files() == files
    idea.refresh_from_db()
    assert idea.image is not None and idea.image_alt == "Altes Bild"
