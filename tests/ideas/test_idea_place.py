"""The place of an idea in the idea form: the map's place picker (district, known name, a name in words, a
point from a map click) replaces typed coordinates; without a registered picker the typed fields stay."""

import re
from decimal import Decimal

import pytest
from django.test import Client

from modellstadt.ideas import extensions
from modellstadt.ideas import services as idea_services
from modellstadt.ideas.forms import IdeaForm
from modellstadt.ideas.models import Idea
from modellstadt.progress.models import District, Place
from tests.query_counts import queries_for

pytestmark = pytest.mark.django_db

SQUARE = {"type": "Polygon", "coordinates": [[[10.7, 52.4], [10.8, 52.4], [10.8, 52.45], [10.7, 52.45], [10.7, 52.4]]]}


@pytest.fixture
def places(db):
    centre = District.objects.create(name="Stadtmitte", outline=SQUARE, latitude=Decimal("52.425"),
                                     longitude=Decimal("10.75"))
    Place.objects.create(name="Rathaus", district=centre, latitude=Decimal("52.4227"), longitude=Decimal("10.7865"))
    return centre


def signed_in(user):
    c = Client(HTTP_HOST="localhost")
    c.force_login(user)
    return c


def idea_data(field, **extra):
    return {"field": field.pk, "title": "Bank mit Schatten", "description": "Bitte eine Bank.", **extra}


def text(response):
    return response.content.decode().replace("\u00ad", "")


def submit_url(process):
    return f"/beteiligung/{process.slug}/idee-einreichen/"


def test_the_form_offers_the_place_picker_instead_of_typed_coordinates(process, field, resident, places):
    response = signed_in(resident).get(submit_url(process))
    html = text(response)
    assert "Breitengrad" not in html and "Längengrad" not in html and "Bezeichnung des Ortes" not in html
    assert "<legend>Ort" in html and 'name="place_stadtteil"' in html and 'name="place_ort"' in html
    assert f'<option value="{places.pk}">Stadtmitte</option>' in html and '<option value="Rathaus">' in html
    assert 'type="hidden" name="place_breite"' in html and 'type="hidden" name="place_laenge"' in html
    # The picker's script and styles come from the portal's static files, only on this page, never inline.
    assert re.search(r'<script src="/static/progress/vendor/leaflet[^"]*\.js"', html)
    assert re.search(r'<script src="/static/progress/place-picker[^"]*\.js"', html)
    assert re.search(r'<link href="/static/progress/vendor/leaflet[^"]*\.css"', html)
    assert "<script>" not in html and " style=" not in html
    assert not re.search(r'<(script|link|img)[^>]+(src|href)="(https?:)?//', html)  # nothing from another host
    assert "place-picker" not in text(Client(HTTP_HOST="localhost").get("/ideen/"))


def test_submitting_with_a_district_takes_its_centre(process, field, resident, places):
    response = signed_in(resident).post(submit_url(process), idea_data(field, place_stadtteil=str(places.pk)))
    assert response.status_code == 302, text(response)
    idea = Idea.objects.get()
    assert (idea.location_label, idea.latitude, idea.longitude) == ("Stadtmitte", Decimal("52.425"),
                                                                    Decimal("10.75"))


def test_submitting_with_a_known_place_name_takes_its_position(process, field, resident, places):
    response = signed_in(resident).post(submit_url(process), idea_data(field, place_ort="rathaus"))
    assert response.status_code == 302, text(response)
    idea = Idea.objects.get()
    assert (idea.location_label, idea.latitude, idea.longitude) == ("Rathaus", Decimal("52.4227"),
                                                                    Decimal("10.7865"))
    assert idea.has_location


def test_a_name_the_gazetteer_does_not_know_is_kept_in_words_without_coordinates(process, field, resident, places):
    response = signed_in(resident).post(submit_url(process), idea_data(field, place_ort="  Hinterhof Lessingstraße "))
    assert response.status_code == 302, text(response)
    idea = Idea.objects.get()
    assert (idea.location_label, idea.latitude, idea.longitude) == ("Hinterhof Lessingstraße", None, None)
    assert not idea.has_location
    assert "Hinterhof Lessingstraße" in text(signed_in(resident).get(idea.get_absolute_url()))
    assert "Hinterhof" not in text(Client(HTTP_HOST="localhost").get("/karte/"))  # not on the map


def test_a_name_in_words_with_a_district_stands_at_the_district(process, field, resident, places):
    response = signed_in(resident).post(
        submit_url(process), idea_data(field, place_ort="Hinterhof", place_stadtteil=str(places.pk)))
    assert response.status_code == 302, text(response)
    idea = Idea.objects.get()
    assert (idea.location_label, idea.latitude) == ("Hinterhof, Stadtmitte", Decimal("52.425"))


def test_a_map_click_sets_the_hidden_coordinates_and_finds_the_district(process, field, resident, places):
    data = idea_data(field, place_breite="52.410000", place_laenge="10.720000", place_punkt="|")
    response = signed_in(resident).post(submit_url(process), data)
    assert response.status_code == 302, text(response)
    idea = Idea.objects.get()
    assert (idea.location_label, idea.latitude, idea.longitude) == ("Stadtmitte", Decimal("52.41"), Decimal("10.72"))
    # A name typed after the click describes the point (the script keeps the stamp in step).
    data = idea_data(field, title="Trinkbrunnen", place_breite="52.411", place_laenge="10.721",
                     place_ort="Bank vor der Bäckerei", place_punkt="|Bank vor der Bäckerei")
    assert signed_in(resident).post(submit_url(process), data).status_code == 302
    idea = Idea.objects.get(title="Trinkbrunnen")
    assert (idea.location_label, idea.latitude) == ("Bank vor der Bäckerei", Decimal("52.411"))


def test_a_point_outside_the_city_is_refused_next_to_the_place_and_nothing_is_lost(
        process, field, resident, places, settings):
    settings.MODELLSTADT_CITY_BOUNDS = (10.60, 52.33, 10.92, 52.50)
    data = idea_data(field, place_breite="53.550000", place_laenge="10.000000", place_ort="Hafen",
                     place_punkt="|Hafen")
    response = signed_in(resident).post(submit_url(process), data)
    assert response.status_code == 200 and not Idea.objects.exists()
    html = text(response)
    error = re.search(r'<div class="error" id="id_place-error">(.*?)</div>', html, re.S)
    assert error and "Dieser Breitengrad liegt außerhalb des Stadtgebiets." in error.group(1)
    assert "Das Stadtgebiet reicht von Breitengrad 52.3300 bis 52.5000" in error.group(1)
    assert '<a href="#id_place_0">Ort: Dieser Breitengrad' in html  # error summary points at the picker
    assert 'value="Hafen"' in html and 'value="53.550000"' in html and 'value="10.000000"' in html
    assert 'value="Bitte eine Bank."' in html or "Bitte eine Bank.</textarea>" in html
    assert re.search(r'<input type="text" name="place_ort"[^>]*aria-describedby="id_place-hint id_place-error"',
                     html)


def test_a_too_long_name_is_refused_next_to_the_place(process, field, resident, places):
    response = signed_in(resident).post(submit_url(process), idea_data(field, place_ort="x" * 201))
    assert response.status_code == 200 and not Idea.objects.exists()
    assert 'id="id_place-error"><p>Der Ortsname darf höchstens 200 Zeichen lang sein.' in text(response)


def test_editing_shows_and_keeps_the_current_place(process, field, resident, places):
    idea = idea_services.submit_idea(resident, process, field, "Bank", "Eine Bank.", location_label="Hinterhof",
                                     latitude="52.4301", longitude="10.7702")
    c = signed_in(resident)
    url = f"/ideen/{idea.pk}/bearbeiten/"
    html = text(c.get(url))
    assert 'name="place_ort" id="id_place_1" value="Hinterhof"' in html
    assert 'value="52.430100"' in html and 'value="10.770200"' in html and 'value="|Hinterhof"' in html
    # Saving again without touching the place keeps label and point.
    response = c.post(url, {"field": field.pk, "title": "Bank im Schatten", "description": "Eine Bank.",
                            "place_ort": "Hinterhof", "place_breite": "52.430100", "place_laenge": "10.770200",
                            "place_punkt": "|Hinterhof"})
    assert response.status_code == 302, text(response)
    idea.refresh_from_db()
    assert (idea.title, idea.location_label, idea.latitude, idea.longitude) == (
        "Bank im Schatten", "Hinterhof", Decimal("52.430100"), Decimal("10.770200"))
    # Without the map script a new name no longer matches the kept point: the name decides.
    response = c.post(url, {"field": field.pk, "title": "Bank im Schatten", "description": "Eine Bank.",
                            "place_ort": "Rathaus", "place_breite": "52.430100", "place_laenge": "10.770200",
                            "place_punkt": "|Hinterhof"})
    assert response.status_code == 302, text(response)
    idea.refresh_from_db()
    assert (idea.location_label, idea.latitude) == ("Rathaus", Decimal("52.4227"))
    # Emptying the place removes it.
    response = c.post(url, {"field": field.pk, "title": "Bank im Schatten", "description": "Eine Bank."})
    assert response.status_code == 302
    idea.refresh_from_db()
    assert (idea.location_label, idea.latitude) == ("", None)


def test_an_idea_with_only_a_place_in_words_is_edited_with_that_name(process, field, resident, places):
    idea = idea_services.submit_idea(resident, process, field, "Bank", "Eine Bank.", location_label="Hinterhof")
    html = text(signed_in(resident).get(f"/ideen/{idea.pk}/bearbeiten/"))
    assert 'name="place_ort" id="id_place_1" value="Hinterhof"' in html
    assert 'name="place_punkt" id="id_place_4" value=""' in html


def test_without_a_registered_place_field_the_typed_fields_stay(process, field, resident, monkeypatch):
    monkeypatch.setattr(extensions, "PLACE_FIELDS", [])
    form = IdeaForm(process=process, user=resident)
    assert {"location_label", "latitude", "longitude"} <= set(form.fields) and "place" not in form.fields
    c = signed_in(resident)
    html = text(c.get(submit_url(process)))
    assert "Bezeichnung des Ortes" in html and "Breitengrad" in html and "place-picker" not in html
    response = c.post(submit_url(process), idea_data(field, location_label="Rathausplatz", latitude="52.42",
                                                     longitude="10.78"))
    assert response.status_code == 302
    assert Idea.objects.get().location_label == "Rathausplatz"


def test_the_idea_form_costs_a_constant_number_of_queries(process, field, resident, places):
    c = signed_in(resident)
    url = submit_url(process)
    c.get(url)
    before = queries_for(c, url)
    for n in range(5):
        district = District.objects.create(name=f"Stadtteil {n}", latitude=Decimal("52.4"), longitude=Decimal("10.7"))
        Place.objects.create(name=f"Platz {n}", district=district, latitude=Decimal("52.41"),
                             longitude=Decimal("10.71"))
    assert (before, queries_for(c, url)) == (10, 10)
