"""Account deletion leaves nothing personal behind (other people's notifications, the audit log, uploaded
images) and "Meine Daten" lists everything the platform keeps about a person. Every test has other
people's content beside the deleted person's, which must stay as it was."""

import io
import json
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from modellstadt.accounts import services as accounts
from modellstadt.comments import services as comment_services
from modellstadt.core import images
from modellstadt.ideas import services as idea_services
from modellstadt.ideas.models import Idea
from modellstadt.moderation import services as moderation
from modellstadt.notifications.models import Notification, NotificationKind
from tests import factories
from tests.ideas.conftest import *  # noqa: F403 - processes, residents and the office
from tests.ideas.conftest import make_idea

DELETED = "Gelöschtes Konto"


def png_upload(color=(200, 30, 30)):
    buffer = io.BytesIO()
    PILImage.new("RGB", (30, 20), color).save(buffer, "PNG")
    return SimpleUploadedFile("foto.png", buffer.getvalue(), content_type="image/png")


def idea_with_image(process, author, alt):
    image = images.store_image(png_upload(), "PNG", title="Bild zu einer Idee", user=author)
    return make_idea(process, author, image=image, image_alt=alt)


def download(user):
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    response = client.post("/konto/meine-daten/download/")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return archive, json.loads(archive.read("meine-daten.json"))


@pytest.fixture
def carla(make_user):
    return make_user("carla", display_name="Carla Beispiel", email="carla@example.org")


# --- deletion ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_deletion_takes_the_name_out_of_other_peoples_notifications(process, resident, neighbour, carla):
    idea = make_idea(process, resident, title="Mehr Bänke am See")
    comment_services.comment(neighbour, idea, "Gute Idee!")  # Ben comments: Anna hears of it
    comment_services.comment(carla, idea, "Finde ich auch.")  # Carla comments: Anna hears of it
    comment_services.comment(resident, idea, "Danke!")
    ben_notice = Notification.objects.get(user=resident, actor=neighbour)
    assert ben_notice.title.startswith("Ben hat Ihre Idee") and ben_notice.kind == NotificationKind.IDEA_COMMENT

    accounts.delete_account(neighbour)

    ben_notice.refresh_from_db()
    assert ben_notice.title == f"{DELETED} hat Ihre Idee „Mehr Bänke am See“ kommentiert."
    assert "Ben" not in ben_notice.title and ben_notice.actor_id is None and ben_notice.actor_name == ""
    carla_notice = Notification.objects.get(user=resident, actor=carla)  # other people's stay as they were
    assert carla_notice.title == "Carla Beispiel hat Ihre Idee „Mehr Bänke am See“ kommentiert."
    assert carla_notice.actor_name == "Carla Beispiel"
    assert not Notification.objects.filter(title__contains="Ben").exists()


@pytest.mark.django_db
def test_deletion_takes_the_name_out_of_notifications_stored_before_the_actor_was_recorded(
    process, resident, neighbour, carla, make_user
):
    """Notifications written before the platform recorded who triggered them have no actor: they are
    found through the person's own comments (whom those comments notified), not by the name alone."""
    idea = make_idea(process, resident, title="Mehr Bänke am See")
    comment_services.comment(neighbour, idea, "Gute Idee!")  # Ben on Anna's idea
    carla_comment = comment_services.comment(carla, idea, "Finde ich auch.")  # Carla on Anna's idea
    comment_services.comment(neighbour, idea, "Stimmt.", parent=carla_comment)  # Ben replies to Carla
    other_ben = make_user("ben2", display_name="Ben")  # a different person of the same name
    dora = make_user("dora", display_name="Dora")
    comment_services.comment(other_ben, make_idea(process, dora, title="Radweg"), "Ja!")
    Notification.objects.update(actor=None, actor_name="")  # as stored before the actor column
    assert Notification.objects.filter(title__startswith="Ben hat").count() == 4

    accounts.delete_account(neighbour)

    titles = sorted(Notification.objects.values_list("user__username", "title"))
    assert titles == [
        ("anna", "Carla Beispiel hat Ihre Idee „Mehr Bänke am See“ kommentiert."),
        ("anna", f"{DELETED} hat Ihre Idee „Mehr Bänke am See“ kommentiert."),  # Ben's comment
        ("anna", f"{DELETED} hat Ihre Idee „Mehr Bänke am See“ kommentiert."),  # Ben's reply to Carla
        ("carla", f"{DELETED} hat auf Ihren Kommentar zu „Mehr Bänke am See“ geantwortet."),
        ("dora", "Ben hat Ihre Idee „Radweg“ kommentiert."),  # the other Ben still exists
    ]


@pytest.mark.django_db
def test_deletion_replaces_only_the_name_and_not_the_same_letters_in_a_title(process, resident, neighbour):
    idea = make_idea(process, resident, title="Bens Bank und Ben-Weg")
    comment_services.comment(neighbour, idea, "Meine Idee war das nicht.")

    accounts.delete_account(neighbour)

    assert Notification.objects.get(user=resident).title == (
        f"{DELETED} hat Ihre Idee „Bens Bank und Ben-Weg“ kommentiert."
    )


@pytest.mark.django_db
def test_deletion_anonymises_the_audit_log_but_keeps_its_entries(process, resident, moderator, make_user):
    from modellstadt.partners import services as partners

    ben = make_user("benno", display_name="Benno Beispiel", email="benno@example.org")
    organisation = factories.organisation(name="Stadtwerke")
    partners.request_membership(ben, organisation, "Ich vertrete die Stadtwerke.")  # Benno acted
    moderation.block_account(moderator, ben, "Wiederholt Werbung")  # about Benno
    idea = make_idea(process, resident)
    log(idea, "modellstadt.hide", user=moderator, data={"reason": "Werbung"})  # no Benno at all
    log(organisation, "modellstadt.partners.invite", user=moderator, data={"email": "benno@example.org"})
    log(organisation, "modellstadt.partners.invite", user=moderator, data={"email": "ida@example.org"})
    acted = ModelLogEntry.objects.get(user=ben)
    assert acted.data["person"] == "benno" and "benno" in acted.label
    block = ModelLogEntry.objects.get(action="modellstadt.block")
    assert block.data["username"] == "benno" and "Benno Beispiel" in block.label
    untouched = ModelLogEntry.objects.get(action="modellstadt.hide")
    count = ModelLogEntry.objects.count()

    accounts.delete_account(ben)

    assert ModelLogEntry.objects.count() == count  # every entry is kept
    acted.refresh_from_db()
    assert acted.user_id is None and acted.data["person"] == DELETED and "benno" not in acted.label
    assert acted.data["organisation"] == "Stadtwerke"
    block.refresh_from_db()
    assert block.user_id == moderator.pk  # the office stays accountable for what it did
    assert block.data["user"] is None and block.data["username"] == DELETED
    assert block.data["reason"] == "Wiederholt Werbung"
    assert "Benno" not in block.label and DELETED in block.label
    invites = ModelLogEntry.objects.filter(action="modellstadt.partners.invite").order_by("id")
    assert [e.data["email"] for e in invites] == [DELETED, "ida@example.org"]
    untouched.refresh_from_db()
    assert (untouched.user_id, untouched.data, untouched.label) == (moderator.pk, {"reason": "Werbung"}, idea.title)
    assert not ModelLogEntry.objects.filter(user_id=ben.pk).exists()
    assert "benno" not in json.dumps(list(ModelLogEntry.objects.values("label", "data")), ensure_ascii=False).lower()


@pytest.mark.django_db
def test_deletion_deletes_the_uploaded_images_and_their_files(
    process, resident, neighbour, django_capture_on_commit_callbacks
):
    own = idea_with_image(process, neighbour, "Eine rote Fläche")
    other = idea_with_image(process, resident, "Annas Foto")
    own_file, other_file = own.image.file.name, other.image.file.name
    own_image_pk = own.image_id
    assert default_storage.exists(own_file) and default_storage.exists(other_file)

    with django_capture_on_commit_callbacks(execute=True):
        accounts.delete_account(neighbour)

    assert not default_storage.exists(own_file)
    assert not get_image_model().objects.filter(pk=own_image_pk).exists()
    own = Idea.objects.get(pk=own.pk)  # the idea stays, from "gelöschtes Konto", without the image
    assert own.author_id is None and own.image_id is None and own.image_alt == ""
    other.refresh_from_db()
    assert other.image_id is not None and other.image_alt == "Annas Foto"
    assert default_storage.exists(other_file)


@pytest.mark.django_db
def test_deletion_deletes_the_persons_images_that_no_idea_shows_any_more(
    process, resident, neighbour, django_capture_on_commit_callbacks
):
    """An image replaced by an edit stays in storage until the nightly clean-up; a deleted account's
    such images go with the account at once (other people's wait for the clean-up)."""
    from modellstadt.ideas.services import store_idea_image

    replaced = store_idea_image(png_upload(), "PNG", neighbour)
    others = store_idea_image(png_upload((0, 90, 0)), "PNG", resident)
    replaced_file, others_file = replaced.file.name, others.file.name

    with django_capture_on_commit_callbacks(execute=True):
        accounts.delete_account(neighbour)

    assert not get_image_model().objects.filter(pk=replaced.pk).exists()
    assert not default_storage.exists(replaced_file)
    assert get_image_model().objects.filter(pk=others.pk).exists() and default_storage.exists(others_file)


@pytest.mark.django_db
def test_deletion_through_the_page_runs_the_same_erasure(
    process, resident, neighbour, django_capture_on_commit_callbacks
):
    idea = make_idea(process, resident, title="Trinkbrunnen")
    comment_services.comment(neighbour, idea, "Ja!")
    own = idea_with_image(process, neighbour, "Brunnen")
    path = own.image.file.name
    client = Client(HTTP_HOST="localhost")
    client.force_login(neighbour)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/konto/loeschen/", {"confirm": "LÖSCHEN"})
    assert response.status_code == 302
    assert Notification.objects.get(user=resident).title.startswith(DELETED)
    assert not default_storage.exists(path)


# --- Meine Daten --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_export_lists_images_locations_and_withdraw_reasons(process, resident, neighbour):
    idea = idea_with_image(process, neighbour, "Skizze der Bank am Ufer")
    Idea.objects.filter(pk=idea.pk).update(location_label="Am Allersee", latitude="52.431200", longitude="10.812300")
    idea_services.withdraw_idea(neighbour, idea, "Hat sich erledigt, die Stadt baut schon.")
    idea_with_image(process, resident, "Annas Bild")  # someone else's
    stored = Idea.objects.get(pk=idea.pk).image.file

    archive, data = download(neighbour)

    (row,) = data["Ideen"]
    assert row["Ort"] == "Am Allersee" and row["Breitengrad"] == "52.431200" and row["Längengrad"] == "10.812300"
    assert row["Bild"]["Alternativtext"] == "Skizze der Bank am Ufer"
    assert row["Zurückgezogen"][0]["Grund"] == "Hat sich erledigt, die Stadt baut schon."
    name = row["Bild"]["Datei im Archiv"]
    with stored.open("rb") as handle:
        assert archive.read(name) == handle.read()  # the image itself is in the ZIP
    assert [n for n in archive.namelist() if n.startswith("bilder/")] == [name]  # not Anna's
    text = archive.read("meine-daten.txt").decode()
    assert "Skizze der Bank am Ufer" in text and "Hat sich erledigt" in text


@pytest.mark.django_db
def test_export_lists_moderation_reasons_on_own_contributions(process, resident, neighbour, moderator):
    idea = make_idea(process, neighbour, title="Parkplätze überall")
    other = comment_services.comment(resident, idea, "Anderer Kommentar")
    moderation.hide(moderator, idea, "Thema verfehlt")
    comment = comment_services.comment(neighbour, make_idea(process, resident), "Quatsch.")
    moderation.hide(moderator, comment, "Unsachlich")
    moderation.unhide(moderator, comment)  # shown again: the reason stays in the history
    moderation.hide(moderator, other, "Nicht Bens Sache")

    _archive, data = download(neighbour)

    (idea_row,) = data["Ideen"]
    assert idea_row["Grund für das Ausblenden"] == "Thema verfehlt"
    assert [e["Grund"] for e in idea_row["Ausgeblendet (Verlauf)"]] == ["Thema verfehlt"]
    (comment_row,) = data["Kommentare"]
    assert comment_row["Grund für das Ausblenden"] is None
    assert [e["Grund"] for e in comment_row["Ausgeblendet (Verlauf)"]] == ["Unsachlich"]
    assert "Nicht Bens Sache" not in json.dumps(data, ensure_ascii=False)


@pytest.mark.django_db
def test_export_lists_audit_entries_about_the_person(process, resident, neighbour, moderator):
    moderation.block_account(moderator, neighbour, "Wiederholt Werbung")
    moderation.unblock_account(moderator, neighbour)
    moderation.block_account(moderator, resident, "Annas Sperre")

    _archive, data = download(neighbour)

    entries = data["Protokolleinträge"]
    assert [e["Aktion"] for e in entries] == ["modellstadt.block", "modellstadt.unblock"]
    assert entries[0]["Begründung"] == "Wiederholt Werbung" and entries[0]["Von Ihnen ausgelöst"] is False
    assert "Annas Sperre" not in json.dumps(data, ensure_ascii=False)
