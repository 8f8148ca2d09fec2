"""`modellstadt cleanup_uploads`: images uploaded with ideas that belong to no idea are deleted after a day,
files included; images of ideas, fresh uploads and editors' images stay."""

import datetime
import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Collection

from modellstadt.core import images
from modellstadt.ideas import services as idea_services
from modellstadt.ideas.models import IDEA_IMAGE_COLLECTION
from tests.ideas.conftest import make_idea
from tests.ideas.test_views_ideas import png_bytes


def upload(user, *, hours_ago=0):
    image = idea_services.store_idea_image(
        SimpleUploadedFile("foto.png", png_bytes(), content_type="image/png"), "PNG", user
    )
    if hours_ago:
        get_image_model().objects.filter(pk=image.pk).update(
            created_at=timezone.now() - datetime.timedelta(hours=hours_ago)
        )
    return image


def run(*args):
    out = io.StringIO()
    call_command("cleanup_uploads", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_orphaned_idea_images_older_than_a_day_are_deleted_with_their_files(
    process, resident, django_capture_on_commit_callbacks
):
    orphan = upload(resident, hours_ago=30)
    orphan_path = orphan.file.path
    rendition = orphan.get_rendition("max-100x100")
    rendition_path = rendition.file.path
    shown = upload(resident, hours_ago=30)
    make_idea(process, resident, "Mit Bild", image=shown, image_alt="Ein Platz")
    fresh = upload(resident, hours_ago=2)  # perhaps the idea is being written right now
    editors = images.store_image(SimpleUploadedFile("logo.png", png_bytes()), "PNG", title="Logo", user=resident)
    get_image_model().objects.filter(pk=editors.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=30)
    )
    assert os.path.exists(orphan_path) and os.path.exists(rendition_path)

    assert "1 verwaiste(s) Bild(er) gefunden, nichts gelöscht" in run("--dry-run")
    assert get_image_model().objects.filter(pk=orphan.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert "1 verwaiste(s) Bild(er) gelöscht." in run()
    remaining = set(get_image_model().objects.values_list("pk", flat=True))
    assert remaining == {shown.pk, fresh.pk, editors.pk}
    assert not os.path.exists(orphan_path) and not os.path.exists(rendition_path)
    assert "0 verwaiste(s) Bild(er) gelöscht." in run()  # a second run finds nothing

    with django_capture_on_commit_callbacks(execute=True):
        assert "1 verwaiste(s) Bild(er) gelöscht." in run("--older-than-hours", "1")  # now the fresh one
    assert set(get_image_model().objects.values_list("pk", flat=True)) == {shown.pk, editors.pk}


@pytest.mark.django_db
def test_an_image_replaced_by_an_edit_becomes_an_orphan_and_is_deleted(process, field, resident):
    first = upload(resident)
    idea = idea_services.submit_idea(resident, process, field, "Mit Bild", "Text", image=first, image_alt="Alt")
    second = upload(resident)
    idea_services.edit_idea(resident, idea, title="Mit Bild", description="Text", field=field,
                            image=second, image_alt="Neu")
    later = timezone.now() + datetime.timedelta(days=2)
    assert idea_services.delete_orphaned_images(now=later) == 1
    assert list(get_image_model().objects.values_list("pk", flat=True)) == [second.pk]


@pytest.mark.django_db
def test_an_image_an_editor_used_elsewhere_is_kept(process, resident, portal):
    """An editor may illustrate a news post with a citizen's image: Wagtail's reference index knows it."""
    from tests import factories

    image = upload(resident, hours_ago=48)
    factories.news_post(image=image, image_alt="Bürgerinnen am Rathausplatz")
    assert idea_services.delete_orphaned_images() == 0
    assert get_image_model().objects.filter(pk=image.pk).exists()


@pytest.mark.django_db
def test_idea_images_live_in_their_own_collection_of_a_sound_tree(resident):
    image = upload(resident)
    assert image.collection.name == IDEA_IMAGE_COLLECTION
    assert image.collection.get_parent() == Collection.get_first_root_node()
    assert Collection.objects.filter(name=IDEA_IMAGE_COLLECTION).count() == 1  # made once (by the migration)
    assert all(not problems for problems in Collection.find_problems())
