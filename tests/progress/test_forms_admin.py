import datetime
from decimal import Decimal

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from modellstadt.progress.forms import ChosenPlace, PlacePickerField
from modellstadt.progress.models import District, IndicatorValue, Place

pytestmark = pytest.mark.django_db

SQUARE = {"type": "Polygon", "coordinates": [[[10.7, 52.4], [10.8, 52.4], [10.8, 52.45], [10.7, 52.45], [10.7, 52.4]]]}


class IdeaPlaceForm(forms.Form):
    ort = PlacePickerField(required=True)


@pytest.fixture
def places(db):
    centre = District.objects.create(name="Stadtmitte", outline=SQUARE, latitude=Decimal("52.425"),
                                     longitude=Decimal("10.75"))
    north = District.objects.create(name="Nordsteimke", latitude=Decimal("52.47"), longitude=Decimal("10.84"))
    Place.objects.create(name="Rathaus", district=centre, latitude=Decimal("52.4227"), longitude=Decimal("10.7865"))
    return centre, north


def test_place_picker_takes_a_district_from_the_list(places):
    centre, _north = places
    form = IdeaPlaceForm({"ort_stadtteil": str(centre.pk)})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["ort"] == ChosenPlace("Stadtmitte", Decimal("52.425000"), Decimal("10.750000"), centre)


def test_place_picker_resolves_a_typed_name_from_the_gazetteer(places):
    form = IdeaPlaceForm({"ort_ort": "rathaus"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["ort"].label == "Rathaus" and form.cleaned_data["ort"].district.name == "Stadtmitte"
    assert IdeaPlaceForm({"ort_ort": "Nordst"}).is_valid()  # a unique beginning is enough


def test_place_picker_takes_a_map_click_and_finds_its_district(places):
    form = IdeaPlaceForm({"ort_breite": "52.41", "ort_laenge": "10.72"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["ort"].district.name == "Stadtmitte" and form.cleaned_data["ort"].latitude == Decimal(
        "52.41")


def test_place_picker_explains_unknown_names_and_missing_choice_in_german(places):
    form = IdeaPlaceForm({"ort_ort": "Atlantis"})
    assert not form.is_valid()
    assert form.errors["ort"] == ["Den Ort „Atlantis“ kennen wir nicht. Bitte wählen Sie einen Stadtteil aus der "
                                  "Liste oder einen Vorschlag."]
    form = IdeaPlaceForm({})
    assert not form.is_valid() and "Bitte wählen Sie einen Stadtteil" in form.errors["ort"][0]
    html = str(IdeaPlaceForm({"ort_ort": "Atlantis"})["ort"])
    assert 'value="Atlantis"' in html  # input kept on error
    assert "<datalist" in html and '<option value="Rathaus">' in html and "Stadtmitte" in html
    assert "<label" in html and "<legend>" in html


class FreeNameForm(forms.Form):
    ort = PlacePickerField(allow_free_name=True)


def test_place_picker_can_keep_an_unknown_name_in_words(places):
    centre, _north = places
    form = FreeNameForm({"ort_ort": " Atlantis "})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["ort"] == ChosenPlace("Atlantis", None, None)
    form = FreeNameForm({"ort_ort": "Atlantis", "ort_stadtteil": str(centre.pk)})
    assert form.is_valid() and form.cleaned_data["ort"] == ChosenPlace(
        "Atlantis, Stadtmitte", Decimal("52.425"), Decimal("10.75"), centre)
    assert FreeNameForm({"ort_ort": "rathaus"}).is_valid()  # known names still resolve
    empty = FreeNameForm({})
    assert empty.is_valid() and empty.cleaned_data["ort"] is None


def test_place_picker_drops_a_point_that_belongs_to_another_name(places):
    centre, north = places
    point = {"ort_breite": "52.41", "ort_laenge": "10.72"}
    kept = IdeaPlaceForm({**point, "ort_ort": "Bank", "ort_punkt": "|Bank"})
    assert kept.is_valid() and kept.cleaned_data["ort"].label == "Bank"
    assert kept.cleaned_data["ort"].latitude == Decimal("52.41")
    renamed = IdeaPlaceForm({**point, "ort_ort": "Rathaus", "ort_punkt": "|Bank"})
    assert renamed.is_valid() and renamed.cleaned_data["ort"].latitude == Decimal("52.4227")
    moved = IdeaPlaceForm({**point, "ort_stadtteil": str(north.pk), "ort_punkt": "|"})
    assert moved.is_valid() and moved.cleaned_data["ort"].label == "Nordsteimke"


def test_place_picker_brings_its_scripts_as_media_and_the_base_map_only_when_there_is_one(places, settings, tmp_path):
    settings.MODELLSTADT_BASEMAP_PMTILES = str(tmp_path / "fehlt.pmtiles")
    media = str(IdeaPlaceForm().media)
    assert "progress/vendor/leaflet.js" in media and "progress/place-picker.js" in media
    assert "progress/vendor/leaflet.css" in media and "protomaps" not in media
    (tmp_path / "fehlt.pmtiles").write_bytes(b"PMTiles")
    assert "progress/vendor/protomaps-leaflet.js" in str(IdeaPlaceForm().media)
    html = str(IdeaPlaceForm()["ort"])
    assert 'data-base-map="/' in html and "<script" not in html and "style=" not in html


@pytest.fixture
def office_client(portal):
    user = get_user_model().objects.create_superuser("buero", "buero@example.org", "pw")
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def test_office_records_a_value_with_german_number(office_client, indicator):
    url = f"/verwaltung/fortschritt/indikator/{indicator.pk}/werte/"
    assert office_client.get(url).status_code == 200
    response = office_client.post(url, {"date": "2023-12-31", "value": "1.020,0", "source_note": "Stadtwerke"})
    assert response.status_code == 302
    assert IndicatorValue.objects.get(indicator=indicator, date=datetime.date(2023, 12, 31)).value == 1020
    response = office_client.post(url, {"date": "", "value": "viel"})
    html = response.content.decode()
    assert "Bitte geben Sie den Stichtag an." in html and "Bitte geben Sie eine Zahl ein" in html
    assert 'value="viel"' in html


def test_office_csv_import_shows_row_report_and_imports_nothing(office_client, indicator):
    before = IndicatorValue.objects.count()
    bad = SimpleUploadedFile("werte.csv", f"Indikator;Datum;Wert\n{indicator.slug};31.12.2022;710\n"
                             f"{indicator.slug};2022-13-01;x\n".encode())
    response = office_client.post("/verwaltung/fortschritt/import/", {"file": bad})
    html = response.content.decode()
    assert response.status_code == 200 and "Fehlerbericht" in html and "Zeile 3:" in html
    assert IndicatorValue.objects.count() == before
    good = SimpleUploadedFile("werte.csv", b"Datum;Wert\n31.12.2022;710\n")
    response = office_client.post(f"/verwaltung/fortschritt/indikator/{indicator.pk}/werte/import/", {"file": good})
    assert response.status_code == 302 and IndicatorValue.objects.count() == before + 1


def test_editing_targets_in_the_back_office_refreshes_the_status(office_client, indicator):
    response = office_client.get(f"/verwaltung/snippets/progress/indicator/edit/{indicator.pk}/")
    assert response.status_code == 200
    assert office_client.get("/verwaltung/snippets/progress/indicator/").status_code == 200


def test_people_without_permission_cannot_record_values(portal, indicator):
    user = get_user_model().objects.create_user("anna", "anna@example.org", "pw")
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    response = client.post(f"/verwaltung/fortschritt/indikator/{indicator.pk}/werte/", {"date": "2023-01-01",
                                                                                         "value": "1"})
    assert response.status_code in (302, 403)
    assert not IndicatorValue.objects.filter(date=datetime.date(2023, 1, 1)).exists()
