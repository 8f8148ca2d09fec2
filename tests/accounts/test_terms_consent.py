"""Terms of use: linked where acceptance is asked, versioned, and asked again after a new version."""

from datetime import date

import pytest
from django.core.cache import cache

from modellstadt.accounts.models import PublishedTerms, TermsAcceptance
from modellstadt.accounts.services import record_terms_acceptance
from modellstadt.portal.models import LegalPage


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def publish_terms(reviewed):
    page = LegalPage.objects.get(slug="nutzungsbedingungen")
    page.last_reviewed = reviewed
    page.save_revision().publish()
    return page


def test_the_terms_page_exists_and_names_netiquette_moderation_and_licence(portal, client):
    response = client.get("/nutzungsbedingungen/")
    assert response.status_code == 200
    text = response.content.decode()
    for heading in ("Umgangsregeln", "Moderation", "Rechte an Ihren Beiträgen", "CC BY 4.0"):
        assert heading in text
    assert "Von der Stadt zu prüfen" in text  # what the city must check is marked


def test_the_privacy_statement_covers_what_the_platform_processes(portal, client):
    text = client.get("/datenschutz/").content.decode()
    for topic in ("Server-Protokolle", "Cookies", "sessionid", "csrftoken", "modellstadt_language", "Gäste",
                  "Benachrichtigungen", "Partnerbereich", "Unterstützungsschreiben", "Empfänger", "Ihre Rechte",
                  "Aufsichtsbehörde", "Löschung Ihres Kontos", "Ideen-Assistent", "Teststadt"):
        assert topic in text, topic
    assert "Von der Stadt zu prüfen" in text


def test_the_privacy_statement_says_what_is_kept_anonymised_after_deletion_and_why(portal, client):
    text = client.get("/datenschutz/").content.decode()
    section = text[text.index("Löschung Ihres Kontos"):text.index("Ihre Rechte", text.index("Löschung Ihres Kontos"))]
    for kept in ("Anonymisiert", "Unterstützungen", "Ideen und Kommentare", "Protokoll der Verwaltung",
                 "Rechenschaftspflicht", "Bilder", "Gelöschtes Konto"):
        assert kept in section, kept


def test_sign_up_links_both_documents(portal, client):
    html = client.get("/konto/signup/").content.decode()
    assert '<a href="/nutzungsbedingungen/">Nutzungsbedingungen</a>' in html
    assert '<a href="/datenschutz/">Datenschutzhinweise</a>' in html


def test_publishing_a_new_stand_asks_everyone_again_and_records_the_version(portal, client, django_user_model):
    user = django_user_model.objects.create_user("erika", password=None)
    publish_terms(date(2026, 1, 1))
    record_terms_acceptance(user)
    client.force_login(user)
    assert client.get("/ideen/").status_code == 200  # accepted the version in force

    publish_terms(date(2026, 12, 1))
    response = client.get("/ideen/?feld=1")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/zustimmung/?next=")

    # Declining (not ticking) keeps the person on the page with a German message next to the box.
    response = client.post("/konto/zustimmung/", {"next": "/ideen/"})
    assert response.status_code == 200
    assert "Bitte stimmen Sie den Nutzungsbedingungen zu" in response.content.decode()

    response = client.post("/konto/zustimmung/", {"accept_terms": "on", "next": "/ideen/"})
    assert response.status_code == 302 and response["Location"] == "/ideen/"
    assert set(user.terms_acceptances.filter(document=TermsAcceptance.Document.TERMS)
               .values_list("version", flat=True)) == {"2026-01-01", "2026-12-01"}
    assert client.get("/ideen/").status_code == 200


def test_a_typo_fix_with_the_same_stand_is_not_a_new_version(portal):
    page = publish_terms(date(2026, 1, 1))
    page.body += "\n\nKorrektur."
    page.save_revision().publish()
    assert PublishedTerms.objects.filter(document=TermsAcceptance.Document.TERMS).count() == 1


def test_the_consent_page_refuses_foreign_redirect_targets(portal, client, django_user_model):
    user = django_user_model.objects.create_user("fritz", password=None)
    publish_terms(date(2026, 2, 1))
    client.force_login(user)
    response = client.post("/konto/zustimmung/", {"accept_terms": "on", "next": "https://example.com/"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_without_a_published_version_nobody_is_asked(portal, client, django_user_model):
    client.force_login(django_user_model.objects.create_user("gina", password=None))
    assert client.get("/ideen/").status_code == 200
