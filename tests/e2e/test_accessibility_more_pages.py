"""axe-core (WCAG 2.1 A/AA) and the third-party check on the page types beyond the portal's content
pages: the legal pages and the account pages. And a check of the check: requests made after the load
event (lazy images below the fold, late fetches) are caught too."""

import pytest

from tests.e2e.axe import assert_accessible
from tests.e2e.layout import PHONE, assert_no_sideways_scrolling

pytestmark = pytest.mark.e2e

# address, expected status, a text the page must show; id = the page's name
PAGES = [
    pytest.param("/impressum/", 200, "Impressum", id="Impressum"),
    pytest.param("/datenschutz/", 200, "Datenschutzerklärung", id="Datenschutz"),
    pytest.param("/barrierefreiheit/", 200, "Erklärung zur Barrierefreiheit", id="Barrierefreiheit"),
    pytest.param("/konto/login/", 200, "Passwort vergessen?", id="Anmelden"),
    pytest.param("/konto/signup/", 200, "Registrieren", id="Registrieren"),
    pytest.param("/konto/password/reset/", 200, "Passwort", id="Passwort vergessen"),
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
    tab.assert_local_only()
    assert_no_sideways_scrolling(page, path)


# A page of the portal's own address that, like a careless template could, loads a picture from another
# host lazily far below the fold and fetches from another host shortly after the load event.
LATE_REQUESTS_PAGE = """<!doctype html><html lang="de"><head><title>Prüfseite</title></head><body>
<main><h1>Prüfseite</h1><div style="height: 6000px"></div>
<img loading="lazy" src="https://bilder.example/unten.png" alt="Unten" width="10" height="10"></main>
<script>window.addEventListener("load", () => setTimeout(() => fetch("https://zaehler.example/spaet"), 150));</script>
</body></html>"""


def test_requests_after_the_load_event_are_caught(live_server, tab):
    page = tab.page
    page.route(f"{live_server.url}/pruefseite/", lambda route: route.fulfill(
        status=200, content_type="text/html; charset=utf-8", body=LATE_REQUESTS_PAGE))
    page.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())  # never leave
    page.goto("/pruefseite/")  # returns at the load event, before the lazy image and the late fetch
    with pytest.raises(AssertionError) as caught:
        tab.assert_local_only()
    assert "https://bilder.example/unten.png" in str(caught.value)
    assert "https://zaehler.example/spaet" in str(caught.value)
