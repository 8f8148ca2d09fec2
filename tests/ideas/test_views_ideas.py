"""The public participation pages: processes, the idea list, an idea's page, submitting and supporting."""

import datetime
import io
import re
import zoneinfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image as PILImage

from modellstadt.ideas import services as idea_services
from modellstadt.ideas.models import Idea, IdeaState, Moderation, Phase, PhaseKind, Process, Support
from modellstadt.moderation import services as moderation_services
from tests import factories
from tests.ideas.conftest import make_idea, make_process
from tests.query_counts import assert_constant_queries

C, E = PhaseKind.COLLECT, PhaseKind.EVALUATE
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


@pytest.fixture
def client():
    return Client(HTTP_HOST="localhost")


def signed_in(user):
    c = Client(HTTP_HOST="localhost")
    c.force_login(user)
    return c


def png_bytes(size=(40, 30), fmt="PNG"):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (200, 30, 30)).save(buffer, fmt)
    return buffer.getvalue()


def idea_data(field, **extra):
    data = {"field": field.pk, "title": "Sitzbänke mit Solarladegerät", "description": "Am **Rathausplatz**."}
    data.update(extra)
    return data


def text(response):
    return response.content.decode().replace("\u00ad", "")


# --- Processes --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_process_list_shows_processes_with_phase_and_counts(client, process, resident):
    make_idea(process, resident, "Erste Idee", support_count=3, comment_count=4)
    make_idea(process, resident, "Zweite Idee", support_count=2, comment_count=1)
    make_idea(process, resident, "Zurückgezogen", state=IdeaState.WITHDRAWN)
    response = client.get("/beteiligung/")
    assert response.status_code == 200
    html = text(response)
    assert process.title in html and f'href="/beteiligung/{process.slug}/"' in html
    assert "2 Ideen" in html and "5 Unterstützungen" in html and "5 Kommentare" in html
    assert "Läuft" in html and "Aktuelle Phase: Ideen sammeln" in html
    assert 'href="/beteiligung/" aria-current="page"' in html  # main navigation
    finished = make_process(process.fields.all(), title="Altes Verfahren", phases=[(C, -30, -20, "isc")])
    html = text(client.get("/beteiligung/"))
    assert html.index(process.title) < html.index(finished.title) and "Abgeschlossen" in html


@pytest.mark.django_db
def test_process_detail_shows_description_phases_what_is_allowed_and_ideas(client, process, resident):
    make_idea(process, resident, "Ladesäulen am Bahnhof")
    response = client.get(f"/beteiligung/{process.slug}/")
    assert response.status_code == 200
    html = text(response)
    assert "<strong>Sie</strong>" in html  # description through render_markdown
    assert "Ideen können bis" in html and "eingereicht werden." in html
    assert 'aria-current="step"' in html and "läuft jetzt" in html
    assert "Ladesäulen am Bahnhof" in html
    assert f'href="/ideen/?verfahren={process.slug}"' in html
    assert f'href="/beteiligung/{process.slug}/idee-einreichen/"' in html


@pytest.mark.django_db
def test_process_detail_says_when_submitting_opens_or_that_it_closed(client, field):
    upcoming = Process.objects.create(title="Bald", description="Kommt.")
    upcoming.fields.set([field])
    Phase.objects.create(
        process=upcoming, kind=C, allows_ideas=True,
        starts_at=datetime.datetime(2027, 3, 1, 9, 0, tzinfo=BERLIN),
        ends_at=datetime.datetime(2027, 4, 1, 18, 0, tzinfo=BERLIN),
    )
    html = text(client.get(f"/beteiligung/{upcoming.slug}/"))
    assert "Ideen können ab 1. März 2027, 09:00 Uhr eingereicht werden." in html
    assert "idee-einreichen" not in html
    closed = make_process([field], phases=[(C, -10, -2, "i"), (E, -2, 10, "sc")])
    html = text(client.get(f"/beteiligung/{closed.slug}/"))
    assert "Ideen können in diesem Verfahren nicht mehr eingereicht werden." in html
    assert "idee-einreichen" not in html
    assert client.get("/beteiligung/gibt-es-nicht/").status_code == 404


# --- Idea list --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_idea_list_filters_and_sorts(client, process, field, resident):
    other_field = factories.field(number=2, title="Verwaltung")
    other = make_process([other_field], title="Anderes Verfahren")
    make_idea(process, resident, "Bahnhof-Idee", support_count=1, comment_count=9)
    make_idea(process, resident, "Beliebte Idee", support_count=7)
    make_idea(process, resident, "Angenommene Idee", state=IdeaState.ACCEPTED)
    make_idea(other, resident, "Formular-Idee", field=other_field)
    make_idea(process, resident, "Versteckte Idee", moderation=Moderation.HIDDEN, hidden_reason="Werbung")

    html = text(client.get("/ideen/"))
    assert "4 Ideen gefunden" in html and "Versteckte Idee" not in html

    html = text(client.get(f"/ideen/?verfahren={other.slug}"))
    assert "Formular-Idee" in html and "Bahnhof-Idee" not in html
    html = text(client.get(f"/ideen/?feld={field.slug}"))
    assert "Bahnhof-Idee" in html and "Formular-Idee" not in html
    html = text(client.get("/ideen/?stand=accepted"))
    assert "1 Idee gefunden" in html and "Angenommene Idee" in html

    html = text(client.get("/ideen/?sortierung=unterstuetzung"))
    assert html.index("Beliebte Idee") < html.index("Bahnhof-Idee")
    html = text(client.get("/ideen/?sortierung=diskussion"))
    assert html.index("Bahnhof-Idee") < html.index("Beliebte Idee")
    assert "9 Kommentare" in html and "7 Unterstützungen" in html


@pytest.mark.django_db
def test_idea_list_ignores_bad_parameters_with_a_notice(client, process, resident):
    make_idea(process, resident, "Eine Idee")
    for query in (
        "?verfahren=gibt-es-nicht", "?feld=%00", "?stand=erfunden", "?sortierung=beste", "?seite=abc",
        "?seite=999", "?verfahren[]=x&stand=1", "?sortierung=zufall&seite=-3",
    ):
        response = client.get(f"/ideen/{query}")
        assert response.status_code == 200, query
        assert "Eine Idee" in text(response), query
    assert client.head("/ideen/").status_code == 200
    html = text(client.get("/ideen/?stand=erfunden&sortierung=beste"))
    assert "Einige Filterwerte waren ungültig und wurden ignoriert:" in html
    assert re.search(r"ignoriert: (Sortierung, Stand|Stand, Sortierung)", html)
    assert "Einige Filterwerte waren ungültig" not in text(client.get("/ideen/?stand=submitted"))


@pytest.mark.django_db
def test_random_order_is_stable_per_visitor_across_pages(process, resident, settings):
    settings.MODELLSTADT_PAGE_SIZE = 5
    for n in range(15):
        make_idea(process, resident, f"Zufallsidee {n:02d}")

    def order(c):
        titles = []
        for page in (1, 2, 3):
            html = text(c.get(f"/ideen/?sortierung=zufall&seite={page}"))
            titles += re.findall(r">(Zufallsidee \d\d)</a>", html)
        return titles

    first, second = Client(HTTP_HOST="localhost"), Client(HTTP_HOST="localhost")
    seen = order(first)
    assert sorted(seen) == [f"Zufallsidee {n:02d}" for n in range(15)]  # every idea once, none twice
    assert order(first) == seen  # stable for this visitor
    assert "allen Ideen die gleiche Chance" in text(first.get("/ideen/"))
    assert order(second) != seen  # another visitor gets another order (1 in 15! to fail by chance)
    assert "participation_random_seed" in first.session


# --- Submitting -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_submitting_needs_sign_in(client, process):
    url = f"/beteiligung/{process.slug}/idee-einreichen/"
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/konto/login/?next=")
    assert "idee-einreichen" in response["Location"]


@pytest.mark.django_db
def test_resident_submits_an_idea(process, field, resident):
    c = signed_in(resident)
    url = f"/beteiligung/{process.slug}/idee-einreichen/"
    html = text(c.get(url))
    assert 'for="id_title"' in html and "Markdown" in html and 'enctype="multipart/form-data"' in html
    assert '<legend>Ort <span class="small">(freiwillig)</span></legend>' in html
    response = c.post(url, idea_data(field, place_ort="Rathausplatz"))
    idea = Idea.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/ideen/{idea.pk}/"
    assert idea.author == resident and idea.field == field and idea.location_label == "Rathausplatz"
    html = text(c.get(response["Location"]))
    assert "Vielen Dank! Ihre Idee wurde veröffentlicht." in html
    assert "<strong>Rathausplatz</strong>" in html and "Sitzbänke mit Solarladegerät" in html


@pytest.mark.django_db
def test_similar_ideas_are_shown_before_the_first_save(process, field, resident, neighbour):
    make_idea(process, neighbour, "Mehr Ladesäulen am Bahnhof")
    c = signed_in(resident)
    url = f"/beteiligung/{process.slug}/idee-einreichen/"
    data = idea_data(field, title="Ladesäulen in der Innenstadt", description="Bitte *viele*.")
    response = c.post(url, data)
    assert response.status_code == 200
    html = text(response)
    assert "Ähnliche Ideen gibt es schon – trotzdem einreichen?" in html
    assert "Mehr Ladesäulen am Bahnhof" in html
    assert 'name="confirm_similar"' in html
    assert 'value="Ladesäulen in der Innenstadt"' in html and "Bitte *viele*." in html  # input kept
    assert Idea.objects.count() == 1
    response = c.post(url, {**data, "confirm_similar": "1"})
    assert response.status_code == 302
    assert Idea.objects.filter(title="Ladesäulen in der Innenstadt").exists()

    json = c.get(f"/ideen/aehnliche/?verfahren={process.slug}&titel=Ladesäule").json()
    assert {i["title"] for i in json["ideas"]} == {"Ladesäulen in der Innenstadt", "Mehr Ladesäulen am Bahnhof"}
    assert c.get("/ideen/aehnliche/?verfahren=gibt-es-nicht&titel=Ladesäule").json() == {"ideas": []}


@pytest.mark.django_db
def test_validation_errors_keep_input_and_sit_next_to_the_field(process, field, resident):
    c = signed_in(resident)
    url = f"/beteiligung/{process.slug}/idee-einreichen/"
    response = c.post(url, idea_data(field, title="  ", description="Mein langer Text", place_ort="x" * 201))
    assert response.status_code == 200
    html = text(response)
    assert '<div class="error" id="id_title-error"><p>Bitte geben Sie einen Titel an.</p></div>' in html
    assert re.search(r'<input[^>]*aria-describedby="id_title-hint id_title-error"', html)
    assert '<a href="#id_title">Titel: Bitte geben Sie einen Titel an.</a>' in html  # error summary
    assert "Mein langer Text</textarea>" in html
    assert 'id="id_place-error"' in html and "höchstens 200 Zeichen" in html and 'value="' + "x" * 201 + '"' in html
    assert f'<option value="{field.pk}" selected>' in html
    assert not Idea.objects.exists()


@pytest.mark.django_db
def test_phase_rules_from_the_service_are_shown_not_a_server_error(field, resident):
    closed = make_process([field], phases=[(C, -10, -2, "i"), (E, -2, 10, "sc")])
    c = signed_in(resident)
    url = f"/beteiligung/{closed.slug}/idee-einreichen/"
    assert "nicht mehr eingereicht werden" in text(c.get(url))
    response = c.post(url, idea_data(field))
    assert response.status_code == 200
    assert "Ideen können in diesem Verfahren nicht mehr eingereicht werden." in text(response)
    assert not Idea.objects.exists()


@pytest.mark.django_db
def test_image_upload_is_stored_under_a_random_name(process, field, resident):
    c = signed_in(resident)
    upload = SimpleUploadedFile("mein-foto.png", png_bytes(), content_type="image/png")
    response = c.post(
        f"/beteiligung/{process.slug}/idee-einreichen/",
        idea_data(field, image=upload, image_alt="Eine rote Fläche"),
    )
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert idea.image is not None and idea.image_alt == "Eine rote Fläche"
    assert "mein-foto" not in idea.image.file.name and idea.image.file.name.endswith(".png")
    html = text(c.get(f"/ideen/{idea.pk}/"))
    assert 'alt="Eine rote Fläche"' in html


@pytest.mark.django_db
def test_uploaded_photos_lose_their_metadata(process, field, resident):
    exif = PILImage.Exif()
    exif[0x010F] = "Kamerahersteller"  # Make; a phone adds the GPS position the same way
    buffer = io.BytesIO()
    PILImage.new("RGB", (20, 20), (0, 90, 0)).save(buffer, "JPEG", exif=exif)
    assert PILImage.open(io.BytesIO(buffer.getvalue())).getexif()
    upload = SimpleUploadedFile("urlaub.jpg", buffer.getvalue(), content_type="image/jpeg")
    response = signed_in(resident).post(
        f"/beteiligung/{process.slug}/idee-einreichen/", idea_data(field, image=upload, image_alt="Grün")
    )
    assert response.status_code == 302
    with Idea.objects.get().image.open_file() as stored:
        data = stored.read()
    assert b"Kamerahersteller" not in data and not PILImage.open(io.BytesIO(data)).getexif()


@pytest.mark.django_db
def test_image_upload_rejects_non_images_oversized_files_and_missing_alt_text(process, field, resident):
    c = signed_in(resident)
    url = f"/beteiligung/{process.slug}/idee-einreichen/"
    fake = SimpleUploadedFile("bild.png", b"MZ\x90\x00 not an image at all" * 10, content_type="image/png")
    response = c.post(url, idea_data(field, image=fake, image_alt="Text"))
    assert response.status_code == 200
    assert "Diese Datei ist kein Bild im Format JPEG, PNG oder WebP." in text(response)
    gif = SimpleUploadedFile("bild.png", png_bytes(fmt="GIF"), content_type="image/png")
    assert "kein Bild im Format" in text(c.post(url, idea_data(field, image=gif, image_alt="Text")))
    big = SimpleUploadedFile("gross.png", png_bytes() + b"\x00" * (5 * 1024 * 1024), content_type="image/png")
    response = c.post(url, idea_data(field, image=big, image_alt="Text"))
    assert response.status_code == 200 and "Das Bild ist zu groß (höchstens 5 MB)." in text(response)
    good = SimpleUploadedFile("bild.png", png_bytes(), content_type="image/png")
    response = c.post(url, idea_data(field, image=good, image_alt=""))
    assert response.status_code == 200
    assert 'id="id_image_alt-error"' in text(response) and "Alternativtext" in text(response)
    assert not Idea.objects.exists()


# --- An idea's page ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_idea_page_shows_everything_about_the_idea(client, process, resident, office, portal):
    idea = idea_services.submit_idea(resident, process, process.fields.first(), "Offenes WLAN", "Im *Park*.",
                                location_label="Stadtpark", latitude="52.4", longitude="10.7")
    project = factories.project(process.fields.first(), title="WLAN-Projekt")
    idea_services.answer_idea(office, idea, IdeaState.ACCEPTED, "Wir machen das **gern**.", project=project)
    html = text(client.get(f"/ideen/{idea.pk}/"))
    assert "<h1>Offenes WLAN</h1>" in html and "Eingereicht von <bdi>Anna</bdi>" in html
    assert "<em>Park</em>" in html and "Stadtpark" in html
    assert "Antwort des Programmbüros" in html and "<strong>gern</strong>" in html
    assert "WLAN-Projekt" in html and 'idea-state-accepted">Angenommen' in html
    assert "Verlauf" in html and "Eingereicht" in html
    assert "Melden Sie sich an, um diese Idee zu unterstützen." in html
    assert client.get("/ideen/999999/").status_code == 404


@pytest.mark.django_db
def test_deleted_author_and_partner_ideas(client, process, resident, neighbour):
    org = factories.organisation(name="Stadtwerke Teststadt")
    partner_idea = make_idea(process, resident, "Partneridee", organisation=org)
    orphan = make_idea(process, neighbour, "Verwaist")
    neighbour.delete()
    assert "Eingereicht von <bdi>gelöschtes Konto</bdi>" in text(client.get(f"/ideen/{orphan.pk}/"))
    html = text(client.get(f"/ideen/{partner_idea.pk}/"))
    assert "Partnerorganisation Stadtwerke Teststadt" in html and "Anna" not in html


@pytest.mark.django_db
def test_hidden_and_withdrawn_ideas(client, process, resident, moderator):
    idea = make_idea(process, resident, "Geheimer Titel", description="Geheimer Text")
    moderation_services.hide(moderator, idea, "Enthält Werbung.")
    html = text(client.get(f"/ideen/{idea.pk}/"))
    assert "Enthält Werbung." in html and "Geheimer Text" not in html and "Geheimer Titel" not in html
    html = text(signed_in(moderator).get(f"/ideen/{idea.pk}/"))
    assert "Enthält Werbung." in html and "Geheimer Text" in html

    gone = make_idea(process, resident, "Weg damit", description="Alter Text")
    idea_services.withdraw_idea(resident, gone)
    response = client.get(f"/ideen/{gone.pk}/")
    assert response.status_code == 200
    assert "Zurückgezogene Idee" in text(response) and "Alter Text" not in text(response)

    pending = make_idea(process, resident, "Wartet", moderation=Moderation.PENDING)
    assert client.get(f"/ideen/{pending.pk}/").status_code == 404
    assert "wartet auf die Freigabe" in text(signed_in(resident).get(f"/ideen/{pending.pk}/"))


def test_others_may_report_an_idea_and_moderators_hide_it_from_its_page(client, process, resident, neighbour,
                                                                        moderator):
    idea = make_idea(process, resident, "Mehr Parkbänke")
    report_url = f"/kommentare/ideen/{idea.pk}/melden/"
    hide_url = f"/verwaltung/beteiligung/moderation/idea/{idea.pk}/ausblenden/"
    assert report_url not in text(client.get(f"/ideen/{idea.pk}/"))
    assert report_url not in text(signed_in(resident).get(f"/ideen/{idea.pk}/"))  # not one's own idea
    html = text(signed_in(neighbour).get(f"/ideen/{idea.pk}/"))
    assert report_url in html and hide_url not in html
    assert hide_url in text(signed_in(moderator).get(f"/ideen/{idea.pk}/"))


# --- Editing and withdrawing ------------------------------------------------------------------------


@pytest.mark.django_db
def test_only_the_author_edits_while_allowed(client, process, field, resident, neighbour):
    idea = make_idea(process, resident, "Alter Titel")
    url = f"/ideen/{idea.pk}/bearbeiten/"
    assert client.get(url)["Location"].startswith("/konto/login/?next=")
    response = signed_in(neighbour).get(url)
    assert response.status_code == 403 and "Nur wer die Idee eingereicht hat" in text(response)
    assert signed_in(neighbour).post(url, idea_data(field, title="Übernommen")).status_code == 403
    author = signed_in(resident)
    assert f'href="/ideen/{idea.pk}/bearbeiten/"' in text(author.get(f"/ideen/{idea.pk}/"))
    html = text(author.get(url))
    assert 'value="Alter Titel"' in html
    response = author.post(url, idea_data(field, title="Neuer Titel"))
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.title == "Neuer Titel"
    assert "Ihre Änderungen wurden gespeichert." in text(author.get(response["Location"]))

    idea_services.support(neighbour, idea)
    response = author.get(url)
    assert response.status_code == 302
    html = text(author.get(response["Location"]))
    assert "kann nicht mehr bearbeitet werden" in html and "/bearbeiten/" not in html
    assert author.post(url, idea_data(field, title="Zu spät")).status_code == 302
    idea.refresh_from_db()
    assert idea.title == "Neuer Titel"


@pytest.mark.django_db
def test_author_withdraws_after_confirming(process, resident, neighbour):
    idea = make_idea(process, resident, "Meine Idee")
    url = f"/ideen/{idea.pk}/zurueckziehen/"
    assert signed_in(neighbour).post(url).status_code == 403
    author = signed_in(resident)
    html = text(author.get(url))
    assert "wirklich zurückziehen" in html and 'method="post"' in html
    idea.refresh_from_db()
    assert idea.state == IdeaState.SUBMITTED
    response = author.post(url, {"reason": "Hat sich erledigt."})
    assert response.status_code == 302 and response["Location"] == f"/ideen/{idea.pk}/"
    idea.refresh_from_db()
    assert idea.state == IdeaState.WITHDRAWN
    assert "Ihre Idee wurde zurückgezogen." in text(author.get(response["Location"]))


# --- Supports ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_support_and_unsupport_by_post(client, process, resident, neighbour):
    idea = make_idea(process, resident, "Gute Idee")
    c = signed_in(neighbour)
    response = c.post(f"/ideen/{idea.pk}/unterstuetzen/")
    assert response.status_code == 302 and response["Location"] == f"/ideen/{idea.pk}/"
    idea.refresh_from_db()
    assert idea.support_count == 1 and Support.objects.filter(idea=idea, user=neighbour).exists()
    html = text(c.get(response["Location"]))
    assert "Danke! Sie unterstützen diese Idee." in html
    assert "1 Person unterstützt diese Idee." in html and "Unterstützung zurücknehmen" in html
    c.post(f"/ideen/{idea.pk}/unterstuetzen/")  # twice is still once
    idea.refresh_from_db()
    assert idea.support_count == 1
    assert "auch von Ihnen" in text(c.get("/ideen/"))

    response = c.post(f"/ideen/{idea.pk}/unterstuetzung-zuruecknehmen/", {"next": "/ideen/?sortierung=zufall"})
    assert response["Location"] == "/ideen/?sortierung=zufall"
    idea.refresh_from_db()
    assert idea.support_count == 0
    html = text(c.get(f"/ideen/{idea.pk}/"))
    assert "0 Personen unterstützen diese Idee." in html and "Idee unterstützen" in html

    response = c.post(f"/ideen/{idea.pk}/unterstuetzen/", {"next": "https://evil.example/"})
    assert response["Location"] == f"/ideen/{idea.pk}/"


@pytest.mark.django_db
def test_support_errors_are_messages_and_get_is_not_allowed(client, process, field, resident):
    idea = make_idea(process, resident, "Eigene Idee")
    for url in (f"/ideen/{idea.pk}/unterstuetzen/", f"/ideen/{idea.pk}/unterstuetzung-zuruecknehmen/"):
        assert client.get(url).status_code == 405
    response = client.post(f"/ideen/{idea.pk}/unterstuetzen/")
    assert response.status_code == 302 and response["Location"].startswith("/konto/login/?next=")
    c = signed_in(resident)
    response = c.post(f"/ideen/{idea.pk}/unterstuetzen/")
    assert response.status_code == 302
    assert "Ihre eigene Idee können Sie nicht unterstützen." in text(c.get(response["Location"]))
    closed = make_process([field], phases=[(C, -10, -2, "is")])
    old = make_idea(closed, resident, "Alte Idee")
    response = signed_in(resident).post(f"/ideen/{old.pk}/unterstuetzen/")
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.support_count == 0
    assert Idea.objects.get(pk=old.pk).support_count == 0


# --- Query counts -----------------------------------------------------------------------------------


def _grow(process, make_user):
    def add():
        authors = [make_user() for _ in range(3)]
        org = factories.organisation()
        for n in range(12):
            idea = make_idea(process, authors[n % 3], f"Mehr {n}", organisation=org if n % 4 == 0 else None,
                             support_count=n, comment_count=n % 5)
            for supporter in authors[:2]:
                Support.objects.create(idea=idea, user=supporter)
    return add


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, expected",
    [
        ("/ideen/", 5),
        ("/ideen/?sortierung=unterstuetzung&stand=submitted", 5),
        ("/beteiligung/", 4),
    ],
)
def test_list_pages_cost_a_constant_number_of_queries(client, process, resident, make_user, url, expected):
    make_idea(process, resident, "Erste Idee")
    assert_constant_queries(client, url, _grow(process, make_user), expected)


@pytest.mark.django_db
def test_signed_in_random_list_costs_a_constant_number_of_queries(process, resident, make_user):
    make_idea(process, resident, "Erste Idee")
    c = signed_in(resident)
    assert_constant_queries(c, "/ideen/?sortierung=zufall&seite=1", _grow(process, make_user), 8)


@pytest.mark.django_db
def test_process_page_costs_a_constant_number_of_queries(client, process, resident, make_user):
    make_idea(process, resident, "Erste Idee")
    assert_constant_queries(client, f"/beteiligung/{process.slug}/", _grow(process, make_user), 5)


@pytest.mark.django_db
def test_idea_page_costs_a_constant_number_of_queries(process, resident, neighbour, office, make_user):
    idea = make_idea(process, resident, "Einzelne Idee")
    idea_services.support(neighbour, idea)

    def more_of_everything():
        for user in [make_user() for _ in range(4)]:
            idea_services.support(user, idea)
        for text_ in ("Wir prüfen das.", "Wir prüfen das weiter.", "Angenommen."):
            idea_services.answer_idea(office, idea, IdeaState.UNDER_REVIEW, text_)

    # Signed in: session, user, idea, phases, history, site, plus the follow button, the unread
    # notification count, permissions (one, accounts/backends.py) and the comment thread of the other apps' tags.
    assert_constant_queries(signed_in(neighbour), f"/ideen/{idea.pk}/", more_of_everything, 10)


@pytest.mark.django_db
def test_editing_keeps_or_removes_the_current_image(process, field, resident):
    c = signed_in(resident)
    upload = SimpleUploadedFile("foto.webp", png_bytes(fmt="WEBP"), content_type="image/webp")
    c.post(f"/beteiligung/{process.slug}/idee-einreichen/", idea_data(field, image=upload, image_alt="Ein Bild"))
    idea = Idea.objects.get()
    assert idea.image.file.name.endswith(".webp")
    url = f"/ideen/{idea.pk}/bearbeiten/"
    html = text(c.get(url))
    assert "Bisheriges Bild" in html and 'name="remove_image"' in html
    response = c.post(url, idea_data(field, title="Anderer Titel", image_alt=""))
    assert response.status_code == 200 and 'id="id_image_alt-error"' in text(response)
    assert c.post(url, idea_data(field, title="Anderer Titel", image_alt="Ein Bild")).status_code == 302
    idea.refresh_from_db()
    assert idea.title == "Anderer Titel" and idea.image is not None
    assert c.post(url, idea_data(field, remove_image="on", image_alt="")).status_code == 302
    idea.refresh_from_db()
    assert idea.image is None and idea.image_alt == ""


@pytest.mark.django_db
def test_cached_anonymous_page_does_not_outlive_hiding(client, process, resident, moderator, settings):
    settings.PAGE_CACHE_SECONDS = 60
    idea = make_idea(process, resident, "Bald versteckt", description="Werbetext")
    url = f"/ideen/{idea.pk}/"
    assert "Werbetext" in text(client.get(url))
    assert client.get(url)["X-Cache"] == "hit"
    moderation_services.hide(moderator, idea, "Werbung.")
    response = client.get(url)
    assert "Werbetext" not in text(response) and "Werbung." in text(response)


@pytest.mark.django_db
def test_cached_process_page_shows_a_changed_phase_at_once(client, process, settings):
    settings.PAGE_CACHE_SECONDS = 60
    url = f"/beteiligung/{process.slug}/"
    client.get(url)
    assert client.get(url)["X-Cache"] == "hit"
    phase = process.phases.get()
    phase.title = "Verlängerte Sammelphase"
    phase.save()
    response = client.get(url)
    assert response["X-Cache"] != "hit" and "Verlängerte Sammelphase" in text(response)


@pytest.mark.django_db
def test_place_outside_the_city_is_refused_next_to_the_field_and_a_place_inside_shows_on_the_map(
        process, field, resident, settings):
    settings.MODELLSTADT_CITY_BOUNDS = (10.60, 52.33, 10.92, 52.50)
    c = signed_in(resident)
    url = f"/beteiligung/{process.slug}/idee-einreichen/"
    # A point from the map's place picker (hidden coordinates, stamped with the name it belongs to).
    response = c.post(url, idea_data(field, place_ort="Hafen", place_breite="53.55", place_laenge="10.00",
                                     place_punkt="|Hafen"))
    assert response.status_code == 200 and not Idea.objects.exists()
    html = text(response)
    assert "Dieser Breitengrad liegt außerhalb des Stadtgebiets." in html
    assert "Das Stadtgebiet reicht von Breitengrad 52.3300 bis 52.5000" in html
    assert 'value="Hafen"' in html and 'value="53.55"' in html  # nothing typed is lost
    response = c.post(url, idea_data(field, place_ort="Hafen", place_breite="52.42", place_laenge="11.50",
                                     place_punkt="|Hafen"))
    html = text(response)
    assert 'id="id_place-error"><p>Dieser Längengrad liegt außerhalb des Stadtgebiets.' in html
    assert not Idea.objects.exists()

    response = c.post(url, idea_data(field, place_ort="Rathausplatz", place_breite="52.4227",
                                     place_laenge="10.7865", place_punkt="|Rathausplatz"))
    assert response.status_code == 302
    idea = Idea.objects.get()
    html = text(Client(HTTP_HOST="localhost").get("/karte/"))
    assert "Sitzbänke mit Solarladegerät" in html and f"/ideen/{idea.pk}/" in html
