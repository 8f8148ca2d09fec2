"""Writes that shape the portal: the page tree skeleton every city starts with."""

from typing import Any

from django.db import transaction
from wagtail.models import Page, Site

from modellstadt.news.models import NewsIndexPage
from modellstadt.partners.models import PartnerIndexPage
from modellstadt.portal.legal_texts import CityDetails, privacy_statement, terms_of_use
from modellstadt.portal.models import EasyLanguagePage, LegalPage
from modellstadt.projects.models import ProjectIndexPage
from modellstadt.strategy.models import FieldIndexPage, GovernancePage, HomePage

# (model, slug, title, extra fields) of the fixed sections below the home page. Their slugs are the
# portal's German addresses and must stay as they are. A callable field value is a default text
# written with the city's details (portal/legal_texts.py).
SECTIONS: list[tuple[type, str, str, dict[str, Any]]] = [
    (FieldIndexPage, "themenfelder", "Themenfelder", {}),
    (ProjectIndexPage, "projekte", "Projekte", {}),
    (PartnerIndexPage, "partner", "Partner", {}),
    (GovernancePage, "steuerung", "Steuerung", {}),
    (NewsIndexPage, "aktuelles", "Aktuelles", {}),
    (EasyLanguagePage, "leichte-sprache", "Leichte Sprache", {"body": "Hier steht bald ein Text in Leichter Sprache."}),
    (LegalPage, "impressum", "Impressum", {"body": "Angaben gemäß § 5 DDG folgen."}),
    (LegalPage, "datenschutz", "Datenschutzerklärung", {"body": privacy_statement}),
    (LegalPage, "nutzungsbedingungen", "Nutzungsbedingungen", {"body": terms_of_use}),
    (LegalPage, "barrierefreiheit", "Erklärung zur Barrierefreiheit", {"body": "Die Erklärung folgt."}),
]


@transaction.atomic
def ensure_portal_structure(*, city: str = "Modellstadt", programme_name: str = "Digitale Modellstadt",
                            vision: str = "") -> HomePage:
    """Create the home page, its fixed sections and the site record if they are missing.

    Returns the home page. Existing pages are left untouched, so this is safe to call repeatedly.
    """
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's initial migration creates a placeholder "Welcome" page; the portal replaces it.
        for placeholder in root.get_children().exact_type(Page):
            placeholder.delete()
        home = root.add_child(
            instance=HomePage(
                title=programme_name, slug="start", city=city, programme_name=programme_name,
                vision=vision or f"{programme_name}: die Digitalstrategie von {city}.",
            )
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True,
                            site_name=programme_name)
    elif site.root_page_id != home.id:
        site.root_page = home
        site.save()
    existing = set(home.get_children().values_list("slug", flat=True))
    details = CityDetails(city=home.city, programme=home.programme_name)
    for model, slug, title, extra in SECTIONS:
        if slug not in existing:
            values = {k: v(details) if callable(v) else v for k, v in extra.items()}
            home.add_child(instance=model(title=title, slug=slug, **values))
    return home
