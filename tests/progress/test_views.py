import datetime
import json
from decimal import Decimal

import pytest
from django.test import Client

from modellstadt.progress import services
from modellstadt.progress.models import Assessment, AssessmentCriterion, CriterionRating, District, SmartCityArea
from tests import factories
from tests.progress.conftest import make_indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(HTTP_HOST="localhost")


def test_overview_shows_indicators_by_field_with_chart_and_sentence(client, indicator):
    html = client.get("/fortschritt/").content.decode()
    assert "Fortschritt des Programms" in html
    assert 'href="/fortschritt/oeffentliche-ladepunkte/"' in html
    assert "Ziel 2025: 1.000 Ladepunkte; erreicht 640" in html
    assert html.count('role="img"') >= 1 and "<title" in html
    assert "Das Programm in Zahlen" in html and "Tage bis zur Antwort (Median)" in html


def test_indicator_page_has_chart_table_downloads_and_definition(client, indicator):
    html = client.get(indicator.get_absolute_url()).content.decode()
    assert "<svg" in html and "Werte und Ziele" in html
    assert "<td>640</td>" in html and "<td>1.000</td>" in html  # same numbers as the chart, German format
    assert "<strong>öffentlich</strong>" in html  # definition through the Markdown renderer
    assert "/werte.csv" in html and "/werte.json" in html


def test_csv_and_json_downloads_carry_values_and_targets(client, indicator):
    response = client.get(f"{indicator.get_absolute_url()}werte.csv")
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert text.splitlines()[0] == "datum;wert;art;vorlaeufig;herkunft;quelle"
    assert "2021-12-31;640;Messwert;nein;manual;" in text and "2025-12-31;1000;Zielwert" in text
    data = json.loads(client.get(f"{indicator.get_absolute_url()}werte.json").content)
    assert [v["value"] for v in data["values"]] == ["300.0000", "640.0000"]
    assert data["targets"][0]["date"] == "2025-12-31" and data["status"] == "on_track"


def test_unknown_indicator_is_404(client, portal):
    assert client.get("/fortschritt/gibt-es-nicht/").status_code == 404


def test_field_and_project_pages_show_their_indicators(client, field, indicator):
    project = factories.project(field, title="Ladepark Nord")
    make_indicator(field, name="Ladepunkte im Ladepark", project=project,
                   values=[(datetime.date(2022, 6, 30), 40)], targets=[(datetime.date(2026, 6, 30), 80)],
                   baseline=None)
    field_html = client.get(field.url).content.decode()
    assert "Ziele und Indikatoren" in field_html and "Öffentliche Ladepunkte" in field_html
    project_html = client.get(project.url).content.decode()
    assert "Ladepunkte im Ladepark" in project_html and "Öffentliche Ladepunkte" not in project_html


def test_self_assessment_shows_radar_table_and_comparison(client, field):
    area = SmartCityArea.objects.get(key="mobilitaet")
    area.fields.add(field)
    area.save()
    criterion = area.criteria.first()
    old = Assessment.objects.create(title="Erste Selbstbewertung", date=datetime.date(2024, 3, 1))
    new = Assessment.objects.create(title="Zweite Selbstbewertung", date=datetime.date(2025, 3, 1))
    CriterionRating.objects.create(assessment=old, criterion=criterion, score=40, evidence="Wenige Ladepunkte.")
    CriterionRating.objects.create(assessment=new, criterion=criterion, score=65, evidence="Ladeparks gebaut.")
    html = client.get("/fortschritt/selbstbewertung/").content.decode()
    assert "chart-radar" in html and "Zweite Selbstbewertung" in html
    html = client.get(f"/fortschritt/selbstbewertung/?bewertung={new.pk}&vergleich={old.pk}").content.decode()
    assert "Vergleich der Bewertungen" in html and "<td>65</td><td>40</td>" in html
    detail = client.get(new.get_absolute_url()).content.decode()
    assert "Ladeparks gebaut." in detail and "Elektromobilität" in detail


def test_criteria_ship_for_all_five_areas(portal):
    names = list(SmartCityArea.objects.order_by("order").values_list("name", flat=True))
    assert names == ["Verwaltung", "IT und Kommunikation", "Energie und Umwelt", "Mobilität",
                     "Gesellschaft und Bildung"]
    assert AssessmentCriterion.objects.count() >= 15


def _idea(field, lat, lon, **extra):
    from modellstadt.ideas.models import Idea, Process

    process = Process.objects.first() or Process.objects.create(title="Ideen für die Stadt", slug="ideen")
    return Idea.objects.create(process=process, field=field, title=extra.pop("title", "Idee"), description="Text",
                               latitude=Decimal(str(lat)), longitude=Decimal(str(lon)), **extra)


def test_map_page_lists_places_without_javascript_and_filters(client, field):
    project = factories.project(field, title="Ladepark Nord", latitude=Decimal("52.43"), longitude=Decimal("10.79"),
                                location_label="Nordsteimke", status="pilot")
    factories.project(field, title="Ohne Ort")
    _idea(field, 52.42, 10.78, title="Bank am See")
    html = client.get("/karte/").content.decode()
    assert "2 Orte in der Liste" in html and project.public_url in html and "Bank am See" in html
    assert "Ohne Ort" not in html
    assert "ohne Hintergrundkarte" in html  # no base map configured: the office is told how to add one
    html = client.get("/karte/?art=projekt").content.decode()
    assert "1 Ort in der Liste" in html and "Bank am See" not in html
    html = client.get("/karte/?feld=unbekannt&status=pilot").content.decode()
    assert "Ladepark Nord" in html


def test_map_data_gives_places_or_clusters(client, field):
    factories.project(field, title="Ladepark Nord", latitude=Decimal("52.43"), longitude=Decimal("10.79"))
    for n in range(5):
        _idea(field, 52.40 + n / 1000, 10.70, title=f"Idee {n}")
    _idea(field, 48.0, 11.0, title="Weit weg")
    data = client.get("/karte/daten.json?bbox=10.5,52.3,11.0,52.5&zoom=14").json()
    assert data["total"] == 6 and not data["clustered"]
    assert {f["type"] for f in data["features"]} == {"projekt", "idee"}
    assert all(f["title"] != "Weit weg" for f in data["features"])
    from modellstadt.progress import selectors

    selectors.MAX_SINGLE_POINTS, old = 2, selectors.MAX_SINGLE_POINTS
    try:
        data = client.get("/karte/daten.json?bbox=10.5,52.3,11.0,52.5&zoom=8").json()
    finally:
        selectors.MAX_SINGLE_POINTS = old
    assert data["clustered"] and sum(f["count"] for f in data["features"]) == 6
    assert client.get("/karte/daten.json?bbox=a,b&zoom=3").status_code == 400


def test_a_close_map_view_counts_what_it_reads_and_groups_a_full_one(client, field):
    """Closer than zoom 14 the view's places are read at once; more than fit on the map are grouped,
    and the count stays exact either way."""
    from modellstadt.progress import selectors

    factories.project(field, title="Ladepark Nord", latitude=Decimal("52.4001"), longitude=Decimal("10.7001"))
    for n in range(4):
        _idea(field, 52.40 + n / 10000, 10.70, title=f"Idee {n}")
    _idea(field, 52.50, 10.70, title="Außerhalb")
    url = "/karte/daten.json?bbox=10.699,52.399,10.701,52.401&zoom=17"
    data = client.get(url).json()
    assert (data["total"], data["counts"], data["clustered"]) == (5, {"projekt": 1, "idee": 4}, False)
    assert sorted(f["title"] for f in data["features"]) == ["Idee 0", "Idee 1", "Idee 2", "Idee 3", "Ladepark Nord"]
    selectors.MAX_SINGLE_POINTS, old = 4, selectors.MAX_SINGLE_POINTS
    try:
        full = client.get(url).json()
        at_18 = client.get(url.replace("zoom=17", "zoom=18")).json()
    finally:
        selectors.MAX_SINGLE_POINTS = old
    assert full["clustered"] and (full["total"], full["counts"]) == (5, {"projekt": 1, "idee": 4})
    assert sum(f["count"] for f in full["features"]) == 5 and {f["type"] for f in full["features"]} == {"cluster"}
    # at the closest zoom nothing is grouped: the places are listed, at most the limit of each kind
    assert not at_18["clustered"] and at_18["total"] == 5 and len(at_18["features"]) == 5


def test_map_list_narrows_to_a_district_or_the_map_view_as_zooming_in_would(client, field):
    """Without the map, the district index and the view rectangle are how one sees what is in one part of the
    city (what a cluster holds); the map's data follows the same area."""
    from modellstadt.progress.models import District

    square = [[10.76, 52.41], [10.80, 52.41], [10.80, 52.44], [10.76, 52.44], [10.76, 52.41]]
    nord = District.objects.create(name="Nordsteimke", outline={"type": "Polygon", "coordinates": [square]},
                                   latitude=Decimal("52.425"), longitude=Decimal("10.78"))
    District.objects.create(name="Westhagen", latitude=Decimal("52.40"), longitude=Decimal("10.70"))
    District.objects.create(name="Ohne Lage")  # neither outline nor centre: nothing to narrow to
    factories.project(field, title="Ladepark Nord", latitude=Decimal("52.43"), longitude=Decimal("10.79"))
    _idea(field, 52.42, 10.77, title="Bank am See")
    _idea(field, 52.405, 10.805, title="Knapp daneben")  # inside the outline's rectangle, outside the outline
    _idea(field, 52.401, 10.701, title="Spielplatz West")

    html = client.get("/karte/").content.decode()
    assert "4 Orte in der Liste" in html
    assert 'href="?stadtteil=nordsteimke#liste-title"' in html and 'href="?stadtteil=westhagen#liste-title"' in html
    assert "stadtteil=ohne-lage" not in html

    html = client.get("/karte/?art=idee&stadtteil=nordsteimke").content.decode()
    assert "1 Ort in der Liste" in html and "Bank am See" in html
    assert "Knapp daneben" not in html and "Ladepark Nord" not in html and "Spielplatz West" not in html
    assert "Nur Orte im Stadtteil Nordsteimke." in html and 'href="?art=idee"' in html  # back to the whole city
    assert 'aria-current="true">Nordsteimke<' in html and 'name="ausschnitt"' not in html
    assert f'data-bounds="[{10.76}, {52.41}, {10.8}, {52.44}]"' in html  # the map opens on the district
    # the map draws the district outlines it has, the chosen one marked as current
    import html as html_lib
    import json

    shapes = json.loads(html_lib.unescape(html.split('data-districts="', 1)[1].split('"', 1)[0]))
    assert [(f["properties"]["name"], f["properties"]["current"]) for f in shapes["features"]] == [
        ("Nordsteimke", True)]
    assert shapes["features"][0]["geometry"]["coordinates"] == [square]

    html = client.get("/karte/?stadtteil=westhagen").content.decode()
    assert "1 Ort in der Liste" in html and "Spielplatz West" in html and "etwa 1 km" in html

    html = client.get("/karte/?ausschnitt=10.78,52.425,10.80,52.44&status=pilot").content.decode()
    assert "1 Ort in der Liste" in html and "Ladepark Nord" in html and "Kartenausschnitts" in html
    assert "Nur Orte im gewählten Kartenausschnitt." in html and 'href="?status=pilot"' in html
    assert 'name="ausschnitt" value="10.78,52.425,10.80,52.44"' in html  # kept when filters change

    html = client.get("/karte/?ausschnitt=quer&stadtteil=unbekannt").content.decode()
    assert "4 Orte in der Liste" in html and "Nur Orte" not in html  # unknown values are dropped

    data = client.get("/karte/daten.json?bbox=10,52,11,53&zoom=14&stadtteil=nordsteimke").json()
    assert data["total"] == 2 and {f["title"] for f in data["features"]} == {"Ladepark Nord", "Bank am See"}
    assert nord.slug == "nordsteimke"


@pytest.fixture
def pmtiles_file(tmp_path, settings):
    from pmtiles.tile import Compression, TileType, zxy_to_tileid
    from pmtiles.writer import Writer

    path = tmp_path / "basiskarte.pmtiles"
    with open(path, "wb") as handle:
        writer = Writer(handle)
        for z, x, y in [(0, 0, 0), (1, 1, 0), (14, 8680, 5340)]:
            writer.write_tile(zxy_to_tileid(z, x, y), f"kachel {z}/{x}/{y}".encode())
        writer.finalize({"tile_type": TileType.MVT, "tile_compression": Compression.NONE,
                         "min_lon_e7": 105000000, "min_lat_e7": 523000000, "max_lon_e7": 110000000,
                         "max_lat_e7": 525000000, "center_zoom": 12, "center_lon_e7": 107800000,
                         "center_lat_e7": 524200000}, {"attribution": "© OpenStreetMap contributors"})
    settings.MODELLSTADT_BASEMAP_PMTILES = str(path)
    return path


def test_base_map_is_served_with_byte_ranges(client, portal, pmtiles_file):
    from pmtiles.reader import MemorySource, Reader

    whole = pmtiles_file.read_bytes()
    response = client.get("/karte/basiskarte.pmtiles", HTTP_RANGE="bytes=0-126")
    assert response.status_code == 206 and response.content == whole[:127]
    assert response["Content-Range"] == f"bytes 0-126/{len(whole)}" and response["Accept-Ranges"] == "bytes"

    def ranged(offset, length):
        r = client.get("/karte/basiskarte.pmtiles", HTTP_RANGE=f"bytes={offset}-{offset + length - 1}")
        assert r.status_code == 206
        return r.content

    reader = Reader(ranged)  # the PMTiles reader, fed only through the portal's byte ranges
    assert reader.get(14, 8680, 5340) == b"kachel 14/8680/5340"
    assert Reader(MemorySource(whole)).get(1, 1, 0) == b"kachel 1/1/0"
    assert client.get("/karte/basiskarte.pmtiles", HTTP_RANGE=f"bytes={len(whole) + 5}-").status_code == 416
    assert client.get("/karte/basiskarte.pmtiles").content == whole
    assert "ohne Hintergrundkarte" not in client.get("/karte/").content.decode()


def test_base_map_without_file_is_404(client, portal, settings, tmp_path):
    settings.MODELLSTADT_BASEMAP_PMTILES = str(tmp_path / "fehlt.pmtiles")
    assert client.get("/karte/basiskarte.pmtiles").status_code == 404


def test_no_page_loads_anything_from_another_host(client, indicator):
    District.objects.create(name="Stadtmitte", latitude=Decimal("52.42"), longitude=Decimal("10.78"))
    for url in ["/fortschritt/", indicator.get_absolute_url(), "/karte/", "/fortschritt/selbstbewertung/"]:
        html = client.get(url).content.decode()
        for attribute in ("src=", "href="):
            for part in html.split(attribute)[1:]:
                target = part[1:].split(part[0])[0]
                assert not target.startswith(("http://", "https://", "//")) or attribute == "href=" and \
                    'rel="stylesheet"' not in part[:200], (url, target)


def test_cached_progress_page_shows_a_new_value_at_once(client, indicator, settings,
                                                        django_capture_on_commit_callbacks):
    from django.core.cache import caches

    from modellstadt.progress import services

    settings.PAGE_CACHE_SECONDS = 300
    caches["pages"].clear()
    assert "erreicht 640" in client.get("/fortschritt/").content.decode()
    assert "erreicht 640" in client.get("/fortschritt/").content.decode()  # now from the cache
    with django_capture_on_commit_callbacks(execute=True):
        services.record_value(indicator=indicator, date=datetime.date(2023, 12, 31), value=Decimal("820"))
    assert "erreicht 820" in client.get("/fortschritt/").content.decode()


def test_map_list_pages_through_all_places_projects_first(client, field, settings):
    for n in range(3):
        factories.project(field, title=f"Projekt {n}", latitude=Decimal("52.4"), longitude=Decimal("10.7"))
    for n in range(30):
        _idea(field, 52.41, 10.71, title=f"Idee Nummer {n:02d}")
    first = client.get("/karte/").content.decode()
    assert "33 Orte in der Liste" in first and "Projekt 0" in first and "Seite 1 von 2" in first
    second = client.get("/karte/?seite=2").content.decode()
    assert "Idee Nummer 00" in second and "Projekt 0" not in second  # the oldest idea comes last


def test_indicator_page_shows_a_corrected_older_value_and_target_note_at_once(client, indicator):
    """The chart and table are kept in the cache by their content: correcting a value that is not the
    latest, deleting one or rewording a target's note must show on the next request."""
    assert "<td>300</td>" in client.get(indicator.get_absolute_url()).content.decode()
    services.record_value(indicator=indicator, date=datetime.date(2019, 12, 31), value=Decimal("350"),
                          source_note="Zählung korrigiert")
    html = client.get(indicator.get_absolute_url()).content.decode()
    assert "<td>350</td>" in html and "<td>300</td>" not in html and "Zählung korrigiert" in html
    target = indicator.targets.get()
    target.note = "Beschluss des Rates"
    target.save()
    assert "Beschluss des Rates" in client.get(indicator.get_absolute_url()).content.decode()
    services.delete_value(value=indicator.values.get(date=datetime.date(2019, 12, 31)))
    assert "<td>350</td>" not in client.get(indicator.get_absolute_url()).content.decode()


def test_overview_shows_a_new_value_and_a_renamed_field_at_once(client, field, indicator):
    """The indicators' part of the overview is kept in the cache by the rows it is drawn from."""
    assert "erreicht 640" in client.get("/fortschritt/").content.decode()
    services.record_value(indicator=indicator, date=datetime.date(2022, 12, 31), value=Decimal("900"))
    html = client.get("/fortschritt/").content.decode()
    assert "erreicht 900" in html and "erreicht 640" not in html
    field.title = "Elektromobilität und Laden"
    field.save_revision().publish()
    assert "Elektromobilität und Laden" in client.get("/fortschritt/").content.decode()


def test_overview_shows_a_new_snapshot_report_and_assessment_at_once(client, field, indicator):
    """The programme figures' part is kept in the cache by the numbers, names and files it shows."""
    from django.utils import timezone

    from modellstadt.progress.models import CouncilReport, ProgrammeSnapshot

    ProgrammeSnapshot.objects.create(date=datetime.date(2024, 6, 30), by_status={"idea": 4})
    html = client.get("/fortschritt/").content.decode()
    assert "<td>4</td>" in html and "<td>7</td>" not in html
    assert "Bericht 2024" not in html and "Selbstbewertung 2024" not in html
    ProgrammeSnapshot.objects.create(date=datetime.date(2024, 12, 31), by_status={"idea": 7})
    assert "<td>7</td>" in client.get("/fortschritt/").content.decode()
    report = CouncilReport.objects.create(
        title="Bericht 2024", period_start=datetime.date(2024, 1, 1), period_end=datetime.date(2024, 12, 31),
        state=CouncilReport.State.FROZEN, published_at=timezone.now())
    assessment = Assessment.objects.create(title="Selbstbewertung 2024", date=datetime.date(2024, 12, 1),
                                           is_public=True)
    html = client.get("/fortschritt/").content.decode()
    assert "Bericht 2024" in html and "Selbstbewertung 2024" in html
    report.title = "Sachstand 2024"
    report.save()
    html = client.get("/fortschritt/").content.decode()
    assert "Sachstand 2024" in html and "Bericht 2024" not in html
    assessment.title = "Bewertung Dezember"
    assessment.save()
    assert "Bewertung Dezember" in client.get("/fortschritt/").content.decode()
