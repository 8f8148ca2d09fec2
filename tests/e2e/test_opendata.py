"""Open data in the browser.

A representative of the Stadtwerke creates a dataset in the partner area, uploads a messy CSV, reads
the check report, uploads the fixed file, publishes it, sees the preview, creates an API key and
queries the table through the data API. A developer asks for a restricted dataset; the publisher
approves; the developer's key reads it; revocation stops it. Every new page passes axe-core (WCAG 2.1
A/AA) and asks no other host; the API documentation loads its assets from the portal itself.
"""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.layout import PHONE, assert_no_sideways_scrolling
from tests.e2e.session import SLOW, sign_in_tab

pytestmark = pytest.mark.e2e

MESSY = "Stadtteil;Ladepunkte;Stichtag\nMitte;4;31.12.2024\nWesthagen;2;31.02.2024\n".encode("cp1252")
FIXED = "Stadtteil;Ladepunkte;Leistung kW;Stichtag\nMitte;4;22,5;31.12.2024\nWesthagen;2;11,0;30.12.2024\n"


@pytest.fixture
def people(city, settings, tmp_path):
    from modellstadt.partners.models import Membership, Organisation

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    for alias in ("default", "pages"):
        caches[alias].clear()
    User = get_user_model()
    org = Organisation.objects.get(name="Stadtwerke Teststadt")
    rep = User.objects.create_user("datenteam", "datenteam@example.org", "pw-geheim-123")
    Membership.objects.create(user=rep, organisation=org, state="approved")
    developer = User.objects.create_user("entwicklerin", "entwicklerin@example.org", "pw-geheim-123")
    return rep, developer, org


def api_get(tab, path, secret=None):
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    return tab.page.request.get(tab.base_url + path, headers=headers)


def create_key(tab, name):
    tab.open("/konto/api-schluessel/")
    assert_accessible(tab.page, "API-Schlüssel")
    tab.page.get_by_label("Name des Schlüssels").fill(name)
    tab.page.get_by_label("Gültig bis").fill((datetime.date.today() + datetime.timedelta(days=30)).isoformat())
    tab.page.get_by_role("button", name="Schlüssel erstellen").click()
    secret = tab.page.locator("#new-key").input_value(timeout=SLOW)
    assert secret.startswith("msd_")
    assert_accessible(tab.page, "API-Schlüssel mit neuem Schlüssel")
    return secret


def test_publish_messy_csv_preview_and_query(open_tab, people):
    rep, _developer, org = people
    tab = sign_in_tab(open_tab, rep)
    page = tab.page
    tab.open("/partnerbereich/daten/")
    assert_accessible(page, "Daten veröffentlichen")
    page.get_by_role("link", name=re.compile("Neuen Datensatz für Stadtwerke")).click()
    assert_accessible(page, "Datensatz anlegen")
    page.get_by_label("Titel").fill("Ladepunkte je Stadtteil")
    page.get_by_label("Beschreibung").fill("Ladepunkte im Stadtgebiet. Werte sind erfunden.")
    page.get_by_label("Verkehr").check()
    page.get_by_role("button", name="Entwurf anlegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ladepunkte je Stadtteil", timeout=SLOW)
    assert_accessible(page, "Datensatz bearbeiten")
    page.get_by_label("Titel der Distribution").fill("Tabelle")
    page.get_by_role("button", name="Distribution anlegen").click()
    expect(page.get_by_role("heading", name=re.compile("Tabelle"))).to_be_visible(timeout=SLOW)

    upload = page.locator("input[type=file]")
    upload.set_input_files({"name": "ladepunkte.csv", "mimeType": "text/csv", "buffer": MESSY})
    with page.expect_navigation(timeout=SLOW):  # the upload's answer first, then look again for the load
        page.get_by_role("button", name="Neue Version hochladen").click()
    page.reload()
    report = page.get_by_role("alert").filter(has_text="Prüfbericht zu Version 1")
    expect(report).to_contain_text("Zeile 3", timeout=SLOW)
    expect(report).to_contain_text("31.02.2024")
    assert_accessible(page, "Prüfbericht")

    upload.set_input_files({"name": "ladepunkte.csv", "mimeType": "text/csv", "buffer": FIXED.encode("utf-8-sig")})
    with page.expect_navigation(timeout=SLOW):  # the upload's answer first, then look again for the load
        page.get_by_role("button", name="Neue Version hochladen").click()
    page.reload()
    expect(page.get_by_role("cell", name="Geladen")).to_be_visible(timeout=SLOW)
    page.get_by_label("Ich bestätige, dass der Datensatz keine personenbezogenen Daten enthält.").check()
    page.get_by_role("button", name="Jetzt veröffentlichen").click()
    expect(page.get_by_text("Der Datensatz ist veröffentlicht.").first).to_be_visible(timeout=SLOW)

    public = open_tab()
    public.open("/daten/")
    assert_accessible(public.page, "Katalog")
    public.page.get_by_role("link", name="Ladepunkte je Stadtteil").click()
    expect(public.page.get_by_role("cell", name="Westhagen")).to_be_visible(timeout=SLOW)
    expect(public.page.get_by_text("Datenlizenz Deutschland – Namensnennung – Version 2.0").first).to_be_visible()
    assert_accessible(public.page, "Datensatzseite")
    public.assert_local_only()
    phone = open_tab(viewport=PHONE)
    phone.open("/daten/ladepunkte-je-stadtteil/")
    assert_no_sideways_scrolling(phone.page, "Datensatzseite")
    phone.open("/daten/")
    assert_no_sideways_scrolling(phone.page, "Katalog")

    secret = create_key(tab, "Auswertung")
    resource = org.datasets.get().distributions.get().pk
    response = api_get(tab, f"/api/v1/resources/{resource}/rows?leistung_kw__gte=20", secret)
    assert response.status == 200
    assert [r["stadtteil"] for r in response.json()["rows"]] == ["Mitte"]
    tab.assert_local_only()


def test_restricted_dataset_request_approve_read_revoke(open_tab, people):
    from modellstadt.opendata import services

    rep, developer, org = people
    ds = services.save_dataset(rep, None, publisher=org, title="Energielast je Stadtteil",
                               description="Aggregierte Last. Werte sind erfunden.", access_level="restricted",
                               terms_of_use="Nur für Forschung.")
    dist = services.add_distribution(rep, ds, title="Last", format="CSV")
    from django.core.files.uploadedfile import SimpleUploadedFile

    services.upload_version(rep, dist, upload=SimpleUploadedFile("l.csv", b"Stadtteil,MWh\nMitte,12.5\n"),
                            load_now=True)
    services.publish_dataset(rep, ds)

    dev = sign_in_tab(open_tab, developer)
    dev.open(f"/daten/{ds.slug}/")
    assert_accessible(dev.page, "eingeschränkter Datensatz")
    dev.page.get_by_role("link", name="Zugang beantragen").click()
    assert_accessible(dev.page, "Zugangsantrag")
    dev.page.get_by_label("Organisation").fill("Hochschule Teststadt")
    dev.page.get_by_label("Wofür brauchen Sie die Daten?").fill("Lastprognosen für eine Abschlussarbeit.")
    dev.page.get_by_label("Ich nehme die Nutzungsbedingungen an.").check()
    dev.page.get_by_role("button", name="Antrag stellen").click()
    expect(dev.page.get_by_text("Ihr Antrag liegt der bereitstellenden Stelle vor.")).to_be_visible(timeout=SLOW)
    secret = create_key(dev, "Analyse")
    rows = f"/api/v1/resources/{dist.pk}/rows"
    assert api_get(dev, rows, secret).status == 403
    assert api_get(dev, rows).status == 401

    pub = sign_in_tab(open_tab, rep)
    pub.open(f"/partnerbereich/daten/datensatz/{ds.slug}/")
    pub.page.get_by_role("button", name="Genehmigen").click()
    expect(pub.page.get_by_text("Die Entscheidung wurde gespeichert.")).to_be_visible(timeout=SLOW)
    response = api_get(dev, rows, secret)
    assert response.status == 200 and response.json()["rows"][0]["stadtteil"] == "Mitte"
    pub.page.reload()
    expect(pub.page.get_by_role("cell", name=rows)).to_be_visible(timeout=SLOW)  # the read log
    assert_accessible(pub.page, "Anträge und Protokoll")
    pub.page.get_by_role("button", name="Zugang widerrufen").click()
    expect(pub.page.get_by_text("Die Entscheidung wurde gespeichert.")).to_be_visible(timeout=SLOW)
    assert api_get(dev, rows, secret).status == 403
    dev.assert_local_only()
    pub.assert_local_only()


def test_api_docs_are_served_by_the_portal(tab, city):
    tab.open("/api/docs/")
    expect(tab.page.get_by_text("Modellstadt – Daten-API").first).to_be_visible(timeout=SLOW)
    tab.assert_local_only()
