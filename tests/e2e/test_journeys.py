"""A visitor's way through the portal, with the mouse and with the keyboard."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_from_home_through_field_project_and_partner_to_search(city, tab):
    page = tab.page
    tab.open("/")
    expect(page.locator("h1")).to_have_text("Digitale Teststadt")

    page.locator(".tiles").get_by_role("link", name=re.compile("Elektromobilität")).click()
    expect(page).to_have_url(re.compile(r"/themenfelder/elektromobilitaet/$"))
    expect(page.locator("h1")).to_have_text("Elektromobilität")

    page.locator(".cards").get_by_role("link", name="Laden im Quartier").click()
    expect(page).to_have_url(re.compile(r"/projekte/laden-im-quartier/$"))
    expect(page.locator("h1")).to_have_text("Laden im Quartier")
    expect(page.locator(".timeline")).to_contain_text("Erste zehn Säulen laufen")

    partners = page.locator("section", has=page.get_by_role("heading", name="Beteiligte Organisationen"))
    partners.get_by_role("link", name="Stadtwerke Teststadt").click()
    expect(page).to_have_url(re.compile(r"/partner/stadtwerke-teststadt/$"))
    expect(page.locator("h1")).to_have_text("Stadtwerke Teststadt")
    expect(page.locator("main")).to_contain_text("Bau und Betrieb")

    # "Ladesäulen" finds the project that only ever says "Ladesäule" (German stemming).
    search = page.get_by_role("search").first
    search.get_by_role("searchbox", name="Suchbegriff").fill("Ladesäulen")
    search.get_by_role("button", name="Suchen").click()
    expect(page).to_have_url(re.compile(r"/suche/\?q=Lades"))
    projects = page.locator("section", has=page.get_by_role("heading", name=re.compile("^Projekt")))
    expect(projects.get_by_role("link", name="Laden im Quartier")).to_be_visible()
    projects.get_by_role("link", name="Laden im Quartier").click()
    expect(page).to_have_url(re.compile(r"/projekte/laden-im-quartier/$"))
    tab.assert_local_only()


def test_first_tab_focuses_the_skip_link_which_jumps_to_the_content(city, tab):
    page = tab.page
    tab.open("/")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text("Zum Inhalt springen")
    expect(focused).to_have_attribute("href", "#inhalt")
    expect(focused).to_be_in_viewport()  # the skip link shows itself when focused

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#inhalt$"))
    assert page.evaluate("document.activeElement.id") == "inhalt"
    page.keyboard.press("Tab")  # the next stop is inside the content, not back in the header
    assert page.evaluate("document.getElementById('inhalt').contains(document.activeElement)")
