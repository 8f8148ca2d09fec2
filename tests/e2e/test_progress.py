"""Browser journeys of the progress app: the office records a value and imports a CSV file, a resident
finds projects and ideas on the map with the keyboard (base map served by the portal itself), the office
freezes a council report; axe-core and the 360 px reflow check on every new public page."""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.layout import DESKTOP, PHONE, assert_no_sideways_scrolling
from tests.e2e.session import SLOW, sign_in_tab


@pytest.fixture
def progress(city, settings, tmp_path):
    from modellstadt.ideas.models import Idea, Process
    from modellstadt.progress import services
    from modellstadt.progress.models import (
        Assessment,
        CouncilReport,
        CriterionRating,
        District,
        Indicator,
        IndicatorTarget,
        Place,
        SmartCityArea,
    )
    from modellstadt.strategy.models import CooperationFieldPage

    settings.MEDIA_ROOT = str(tmp_path / "media")
    field = CooperationFieldPage.objects.order_by("number").first()
    indicator = Indicator.objects.create(
        field=field, name="Öffentliche Ladepunkte", unit="Ladepunkte", definition="Öffentlich zugängliche Ladepunkte.",
        baseline_date=datetime.date(2017, 12, 31), baseline_value=Decimal(100), values_are_invented=True)
    IndicatorTarget.objects.create(indicator=indicator, date=datetime.date(2025, 12, 31), value=Decimal(1000))
    for year, value in ((2019, 300), (2021, 640)):
        services.record_value(indicator=indicator, date=datetime.date(year, 12, 31), value=Decimal(value))
    centre = District.objects.create(name="Stadtmitte", latitude=Decimal("52.4205"), longitude=Decimal("10.7866"))
    Place.objects.create(name="Rathaus", district=centre, latitude=Decimal("52.4227"), longitude=Decimal("10.7865"))
    process = Process.objects.create(title="Ideen für die Teststadt", slug="ideen-teststadt")
    idea = Idea.objects.create(process=process, field=field, title="Bank am Rathaus", description="Eine Bank.",
                               location_label="Rathaus", latitude=Decimal("52.4230"), longitude=Decimal("10.7860"))
    services.ensure_smart_city_areas()  # the live server empties the tables the migration filled
    area = SmartCityArea.objects.first()
    assessment = Assessment.objects.create(title="Selbstbewertung 2025", date=datetime.date(2025, 3, 31))
    for criterion in area.criteria.all():
        CriterionRating.objects.create(assessment=assessment, criterion=criterion, score=60, evidence="Belegt.")
    report = CouncilReport.objects.create(title="Sachstandsbericht 2025", period_start=datetime.date(2025, 1, 1),
                                          period_end=datetime.date(2025, 12, 31))
    office = get_user_model().objects.create_superuser("buero", "buero@example.org", "pw")
    return {"indicator": indicator, "idea": idea, "assessment": assessment, "report": report, "office": office,
            "field": field}


def _tile_file(path):
    from pmtiles.tile import Compression, TileType, zxy_to_tileid
    from pmtiles.writer import Writer

    with open(path, "wb") as handle:
        writer = Writer(handle)
        for z in range(0, 15):
            n = 2 ** z
            x = int((10.7866 + 180) / 360 * n)
            import math

            lat = math.radians(52.4205)
            y = int((1 - math.asinh(math.tan(lat)) / math.pi) / 2 * n)
            writer.write_tile(zxy_to_tileid(z, x, y), b"")
        writer.finalize({"tile_type": TileType.MVT, "tile_compression": Compression.NONE,
                         "min_lon_e7": 105000000, "min_lat_e7": 523000000, "max_lon_e7": 110000000,
                         "max_lat_e7": 525000000, "center_zoom": 12, "center_lon_e7": 107866000,
                         "center_lat_e7": 524205000}, {"attribution": "© OpenStreetMap contributors"})


PUBLIC_PAGES = {
    "Fortschritt": (lambda d: "/fortschritt/", "Fortschritt des Programms"),
    "Indikator": (lambda d: d["indicator"].get_absolute_url(), "Werte und Ziele"),
    "Karte": (lambda d: "/karte/", "Projekte und Ideen auf der Karte"),
    "Selbstbewertung": (lambda d: "/fortschritt/selbstbewertung/", "Smart-City-Selbstbewertung"),
    "Bewertung": (lambda d: d["assessment"].get_absolute_url(), "Bewertung nach Bereichen"),
    "Feld": (lambda d: d["field"].url, "Ziele und Indikatoren"),
}


@pytest.mark.parametrize("name", list(PUBLIC_PAGES))
def test_progress_page_is_accessible_on_desktop_and_phone(progress, tab, name):
    address, text = PUBLIC_PAGES[name]
    page = tab.page
    for size, label in ((DESKTOP, "Desktop"), (PHONE, "360 px")):
        page.set_viewport_size(size)
        tab.open(address(progress))
        expect(page.locator("main")).to_contain_text(text)
        where = f"{name} ({label})"
        assert_accessible(page, where)
        if size is PHONE:
            assert_no_sideways_scrolling(page, where)
    tab.assert_local_only()


def test_resident_finds_an_idea_on_the_map_with_the_keyboard(progress, tab, settings, tmp_path):
    settings.MODELLSTADT_BASEMAP_PMTILES = str(tmp_path / "basiskarte.pmtiles")
    _tile_file(settings.MODELLSTADT_BASEMAP_PMTILES)
    page = tab.page
    page.set_viewport_size(DESKTOP)
    tab.open("/karte/")
    expect(page.locator("main")).not_to_contain_text("ohne Hintergrundkarte")
    marker = page.locator(".map-marker-idee")
    expect(marker).to_have_count(1, timeout=SLOW)
    # Walk with Tab from the map to the idea's marker, open its card with Enter, follow the link.
    page.locator("#karte").focus()
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('map-marker-idee')"):
            break
    else:
        pytest.fail("Die Markierung der Idee ist mit der Tabulatortaste nicht erreichbar.")
    assert "Bank am Rathaus" in page.evaluate("document.activeElement.getAttribute('aria-label')")
    page.keyboard.press("Enter")
    link = page.locator(".map-card a")
    expect(link).to_have_text("Bank am Rathaus", timeout=SLOW)
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/ideen/{progress['idea'].pk}/$"), timeout=SLOW)
    assert any("/karte/basiskarte.pmtiles" in url for url in tab.requests)  # the base map came from the portal
    assert any("/karte/daten.json" in url for url in tab.requests)
    tab.assert_local_only()


def test_map_works_without_javascript(progress, open_tab):
    tab = open_tab(java_script_enabled=False)
    tab.open("/karte/?art=idee")
    page = tab.page
    expect(page.locator(".result-list")).to_contain_text("Bank am Rathaus")
    page.get_by_label("Art", exact=True).select_option("projekt")
    page.get_by_role("button", name="Filter anwenden").click()
    expect(page.locator(".result-list")).not_to_contain_text("Bank am Rathaus")


def test_office_records_a_value_and_imports_a_csv_file(progress, open_tab, tmp_path):
    indicator = progress["indicator"]
    tab = sign_in_tab(open_tab, progress["office"])
    page = tab.page
    tab.open(f"/verwaltung/fortschritt/indikator/{indicator.pk}/werte/")
    page.locator("#id_date").fill("2023-12-31")
    page.locator("#id_value").fill("820")
    page.locator("#id_source_note").fill("Ladesäulenregister")
    page.get_by_role("button", name="Wert speichern").click()
    expect(page.locator("body")).to_contain_text("Der Wert wurde gespeichert", timeout=SLOW)
    expect(page.locator("body")).to_contain_text("erreicht 820")
    bad = tmp_path / "fehler.csv"
    bad.write_text("Datum;Wert\n31.12.2024;900\n2024-13-31;neun\n", encoding="utf-8")
    page.get_by_label("CSV-Datei").set_input_files(str(bad))
    page.get_by_role("button", name="Datei importieren").click()
    expect(page.locator("#import-fehler")).to_contain_text("Zeile 3:", timeout=SLOW)
    expect(page.locator("#import-fehler")).to_contain_text("„neun“ ist keine Zahl.")
    good = tmp_path / "werte.csv"
    good.write_text("Datum;Wert;Quelle\n31.12.2024;900;Stadtwerke\n30.06.2025;950;Stadtwerke\n", encoding="utf-8")
    page.get_by_label("CSV-Datei").set_input_files(str(good))
    page.get_by_role("button", name="Datei importieren").click()
    expect(page.locator("body")).to_contain_text("2 Werte neu", timeout=SLOW)
    tab.open(indicator.get_absolute_url())
    expect(page.locator("table")).to_contain_text("950")
    expect(page.locator("main")).to_contain_text("Aus CSV-Datei importiert: Stadtwerke")


def test_office_produces_and_freezes_a_report(progress, open_tab):
    report = progress["report"]
    tab = sign_in_tab(open_tab, progress["office"])
    page = tab.page
    tab.open(f"/verwaltung/fortschritt/bericht/{report.pk}/")
    expect(page.locator("body")).to_contain_text("Öffentliche Ladepunkte")
    page.get_by_role("button", name="Bericht erstellen und festschreiben").click()
    expect(page.locator("body")).to_contain_text("Inhalt und Datei stimmen mit den Prüfsummen überein.",
                                                 timeout=SLOW)
    with page.expect_download() as download:
        page.get_by_role("link", name="DOCX herunterladen").click()
    assert download.value.suggested_filename.endswith(".docx")
