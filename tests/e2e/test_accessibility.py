"""Every public page type: WCAG 2.1 A/AA (axe-core) on a desktop and on a 360 px phone, no sideways
scrolling on the phone, and no request to anybody but the portal itself."""

import pytest

from tests.e2e.axe import assert_accessible

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}
# The innermost elements that stick out on the right, e.g. "select#id_partner (552 px)".
OVERFLOWING = r"""width => {
    const out = e => e.getBoundingClientRect().right > width + 0.5;
    const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : '');
    const text = e => e.textContent.replace(/\s+/g, ' ').trim().slice(0, 40);
    return [...document.querySelectorAll('body *')]
        .filter(e => out(e) && ![...e.children].some(out))
        .slice(0, 8)
        .map(e => `${name(e)} „${text(e)}“ (${Math.round(e.getBoundingClientRect().width)} px)`);
}"""


class SidewaysScrolling(AssertionError):
    """The page is wider than a 360 px phone (WCAG 2.1, 1.4.10 Reflow)."""


def xfail_reflow(reason):
    """A known template/CSS problem. Only SidewaysScrolling counts as the expected failure, so every other
    check of the page still fails for real. Strict: once the template is fixed, the test reports
    XPASS(strict) as a failure; then delete the mark."""
    return pytest.mark.xfail(raises=SidewaysScrolling, strict=True, reason=reason)


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
    assert text in page.locator("main").inner_text()
    assert page.locator("html").get_attribute("lang") == "de"
    assert_accessible(page, f"{path} (Desktop)")

    page.set_viewport_size(PHONE)
    tab.open(path, status=status)
    assert_accessible(page, f"{path} (360 px)")
    tab.assert_local_only()  # nothing fetched later either (axe-core is injected, not downloaded)

    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > PHONE["width"]:
        raise SidewaysScrolling(
            f"{path}: {scroll_width} px breit bei 360 px; ragen hinaus: {page.evaluate(OVERFLOWING, PHONE['width'])}"
        )
