"""Every public page type: WCAG 2.1 A/AA (axe-core) on a desktop and on a 360 px phone, no sideways
scrolling on the phone, and no request to anybody but the portal itself."""

import pytest

from tests.e2e.axe import assert_accessible
from tests.e2e.layout import PHONE, assert_no_sideways_scrolling

pytestmark = pytest.mark.e2e

# address, expected status, a text the page must show; id = the page's name
PAGES = [
    pytest.param("/", 200, "Digitale Teststadt", id="Startseite"),
    pytest.param("/themenfelder/elektromobilitaet/", 200, "Ladesäule", id="Kooperationsfeld"),
    pytest.param("/projekte/", 200, "2 Projekte gefunden", id="Projektliste"),
    pytest.param("/projekte/laden-im-quartier/", 200, "Erste zehn Säulen laufen", id="Projekt"),
    pytest.param("/partner/", 200, "5 Organisationen", id="Partnerverzeichnis"),
    pytest.param("/partner/stadtwerke-teststadt/", 200, "Bau und Betrieb", id="Partner"),
    pytest.param("/aktuelles/", 200, "Die ersten Ladesäulen sind in Betrieb", id="Aktuelles"),
    pytest.param("/aktuelles/erste-ladesaeulen/", 200, "Auf einen Blick", id="Nachricht"),
    pytest.param("/suche/?q=Lades%C3%A4ulen", 200, "Laden im Quartier", id="Suche"),
    pytest.param("/steuerung/", 200, "Oberbürgermeisterin der Stadt Teststadt", id="Steuerung"),
    pytest.param("/leichte-sprache/", 200, "Hier können Menschen ihr E-Auto aufladen.", id="Leichte Sprache"),
    pytest.param("/gibt-es-nicht/", 404, "Seite nicht gefunden", id="Seite nicht gefunden"),
]


@pytest.mark.parametrize(("path", "status", "text"), PAGES)
def test_page_is_accessible_on_desktop_and_phone_and_asks_nobody_else(city, tab, path, status, text):
    page = tab.page
    tab.open(path, status=status)
    assert text in page.locator("main").inner_text().replace("\u00ad", "")  # soft hyphens are invisible
    assert page.locator("html").get_attribute("lang") == "de"
    assert_accessible(page, f"{path} (Desktop)")

    page.set_viewport_size(PHONE)
    tab.open(path, status=status)
    assert_accessible(page, f"{path} (360 px)")
    tab.assert_local_only()  # nothing fetched later either (axe-core is injected, not downloaded)

    assert_no_sideways_scrolling(page, path)
