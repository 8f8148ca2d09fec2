"""The portal works with JavaScript switched off: filters, language switch and search are plain HTML."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


@pytest.fixture
def tab(open_tab):
    return open_tab(java_script_enabled=False)


def test_project_filter_works_without_javascript(city, tab):
    page = tab.page
    tab.open("/projekte/")
    expect(page.get_by_role("status")).to_have_text("2 Projekte gefunden")

    page.get_by_label("Kooperationsfeld").select_option("elektromobilitaet")  # "1. Elektromobilität"
    page.get_by_role("button", name="Anwenden").click()
    expect(page).to_have_url(re.compile(r"/projekte/\?.*feld=elektromobilitaet"))
    expect(page.get_by_role("status")).to_have_text("1 Projekt gefunden")
    cards = page.locator("main .cards")
    expect(cards.get_by_role("link", name="Laden im Quartier")).to_be_visible()
    expect(cards.get_by_role("link", name="Digitales Klassenzimmer")).to_have_count(0)
    expect(page.get_by_label("Kooperationsfeld")).to_have_value("elektromobilitaet")  # the choice is kept

    page.get_by_role("link", name="Filter zurücksetzen").click()
    expect(page.get_by_role("status")).to_have_text("2 Projekte gefunden")
    tab.assert_local_only()


def test_language_switch_works_without_javascript(city, tab):
    page = tab.page
    tab.open("/projekte/")
    expect(page.locator("html")).to_have_attribute("lang", "de")

    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/projekte/$"))  # back on the same page
    expect(page.locator("html")).to_have_attribute("lang", "en")
    with translation.override("en"):
        main_nav, projects = translation.gettext("Hauptnavigation"), translation.gettext("Projekte")
    if projects != "Projekte":  # the English catalogue is compiled: the navigation speaks English
        nav = page.get_by_role("navigation", name=main_nav)
        expect(nav.get_by_role("link", name=projects, exact=True)).to_be_visible()

    page.get_by_role("link", name="Deutsch").click()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Projekte")).to_be_visible()
    tab.assert_local_only()


def test_search_works_without_javascript(city, tab):
    page = tab.page
    tab.open("/")
    page.get_by_role("searchbox", name="Suchbegriff").fill("Ladesäulen")
    page.get_by_role("searchbox", name="Suchbegriff").press("Enter")
    expect(page).to_have_url(re.compile(r"/suche/\?q="))
    expect(page.get_by_role("heading", level=1)).to_have_text("Suche")
    main = page.locator("main")
    expect(main.get_by_role("link", name="Laden im Quartier")).to_be_visible()
    expect(main.get_by_role("link", name="Die ersten Ladesäulen sind in Betrieb")).to_be_visible()

    # The search page's own form, submitted with its button.
    main.get_by_role("searchbox", name="Suchbegriff").fill("Tablets")
    main.get_by_role("button", name="Suchen").click()
    expect(main.get_by_role("link", name="Digitales Klassenzimmer")).to_be_visible()
    expect(main.get_by_role("link", name="Laden im Quartier")).to_have_count(0)
    tab.assert_local_only()
