"""axe-core (WCAG 2.1 A/AA) and the third-party check on the page types beyond the portal's content
pages: the legal pages, the account pages and the error pages. And a check of the check: requests made after the load
event (lazy images below the fold, late fetches) are caught too."""

import pytest

from tests.e2e.axe import assert_accessible
from tests.e2e.layout import DESKTOP, PHONE, assert_no_sideways_scrolling

pytestmark = pytest.mark.e2e

# address, expected status, a text the page must show; id = the page's name
PAGES = [
    pytest.param("/impressum/", 200, "Impressum", id="Impressum"),
    pytest.param("/datenschutz/", 200, "Datenschutzerklärung", id="Datenschutz"),
    pytest.param("/barrierefreiheit/", 200, "Erklärung zur Barrierefreiheit", id="Barrierefreiheit"),
    pytest.param("/konto/login/", 200, "Passwort vergessen?", id="Anmelden"),
    pytest.param("/konto/signup/", 200, "Konto anlegen", id="Registrieren"),
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


# --- account pages, signed in ----------------------------------------------------------------------

# address, a text the page must show; id = the page's name
ACCOUNT_PAGES = [
    pytest.param("/konto/", "Meine Daten", id="Mein Konto"),
    pytest.param("/konto/meine-daten/", "herunterladen", id="Meine Daten"),
    pytest.param("/konto/loeschen/", "löschen", id="Konto löschen"),
    pytest.param("/konto/email/", "E-Mail", id="E-Mail-Adressen"),
    pytest.param("/konto/2fa/", "Authenticator", id="Zwei-Faktor"),
    pytest.param("/konto/benachrichtigungen/", "Benachrichtigungen", id="Benachrichtigungen"),
]


@pytest.fixture
def resident(city):
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("anna", email="anna@example.org", password="ein-langes-Passwort-1",
                                                display_name="Anna")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.mark.parametrize(("path", "text"), ACCOUNT_PAGES)
def test_account_page_is_accessible_on_desktop_and_phone(resident, open_tab, path, text):
    from tests.e2e.session import sign_in_tab

    tab = sign_in_tab(open_tab, resident)
    page = tab.page
    for size, label in ((DESKTOP, "Desktop"), (PHONE, "360 px")):
        page.set_viewport_size(size)
        tab.open(path)
        assert page.url.endswith(path), f"{path}: umgeleitet nach {page.url}"  # not the login page
        assert text in page.locator("main").inner_text(), path
        assert page.locator("html").get_attribute("lang") == "de"
        assert_accessible(page, f"{path} ({label})")
        if size is PHONE:
            assert_no_sideways_scrolling(page, path)
    tab.assert_local_only()


# --- error pages ------------------------------------------------------------------------------------


def test_not_found_from_a_view_is_accessible(city, tab):
    tab.open("/ideen/999999/", status=404)
    assert "Seite nicht gefunden" in tab.page.locator("main").inner_text()
    assert_accessible(tab.page, "404 aus einer Ansicht")
    tab.assert_local_only()


def test_forbidden_page_for_editing_someone_elses_idea_is_accessible(city, resident, open_tab):
    from django.contrib.auth import get_user_model

    from modellstadt.strategy.models import CooperationFieldPage
    from tests.e2e.session import sign_in_tab
    from tests.ideas.conftest import make_idea, make_process

    author = get_user_model().objects.create_user("bert", password=None, display_name="Bert")
    idea = make_idea(make_process([CooperationFieldPage.objects.first()]), author, title="Mehr Bänke am See")
    tab = sign_in_tab(open_tab, resident)
    tab.open(f"/ideen/{idea.pk}/bearbeiten/", status=403)
    assert_accessible(tab.page, "403 fremde Idee bearbeiten")
    tab.assert_local_only()


def test_server_error_page_is_accessible(city, live_server, tab):
    """The page the 500 handler renders, served at a portal address (so its styles load from the portal)."""
    from django.test import RequestFactory

    from modellstadt.core.views import server_error

    response = server_error(RequestFactory().get("/kaputt/"))
    assert response.status_code == 500
    page = tab.page
    page.route(f"{live_server.url}/kaputt/", lambda route: route.fulfill(
        status=500, content_type="text/html; charset=utf-8", body=response.content))
    tab.open("/kaputt/", status=500)
    assert page.locator("html").get_attribute("lang") == "de"
    assert_accessible(page, "500")
    page.set_viewport_size(PHONE)
    tab.open("/kaputt/", status=500)
    assert_accessible(page, "500 (360 px)")
    assert_no_sideways_scrolling(page, "500")
    tab.assert_local_only()
