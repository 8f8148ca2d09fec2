import pytest
from django.test import Client

from modellstadt.strategy.models import GoverningBody, HomePage
from modellstadt.strategy.services import SECTIONS, ensure_portal_structure
from tests import factories


@pytest.fixture
def client():
    return Client(HTTP_HOST="localhost")


@pytest.mark.django_db
def test_portal_structure_is_idempotent(portal):
    ensure_portal_structure()
    assert HomePage.objects.count() == 1
    assert sorted(portal.get_children().values_list("slug", flat=True)) == sorted(s[1] for s in SECTIONS)


@pytest.mark.django_db
def test_home_shows_fields_with_counts_and_status_breakdown(client, portal):
    f1 = factories.field(number=1, title="Infrastruktur")
    factories.field(number=2, title="Verwaltung", is_assumption=True)
    factories.project(f1, status="pilot")
    factories.project(f1, status="pilot")
    factories.project(f1, status="operation")
    draft = factories.project(f1, status="idea")
    draft.unpublish()
    html = client.get("/").content.decode()
    assert "Infrastruktur" in html and "Verwaltung" in html
    assert "3 Projekte" in html  # the unpublished project is not counted
    assert '<span class="status status-pilot">Pilot</span> 2' in html
    assert "Bezeichnung angenommen" in html


@pytest.mark.django_db
def test_field_page_lists_projects_partners_and_texts(client, portal):
    org = factories.organisation(name="Klinikum")
    field = factories.field(number=3, title="Gesundheit", lead_person="Dr. Muster", lead_organisation=org)
    factories.project(field, title="Telemedizin", partners=[(factories.organisation(name="Hochschule"), "Forschung")])
    html = client.get(field.url).content.decode()
    for text in ("Gesundheit", "Ist-Zustand", "<strong>wenig</strong>", "Telemedizin", "Hochschule", "Dr. Muster"):
        assert text in html


@pytest.mark.django_db
def test_governance_page_shows_bodies_members_and_decisions(client, portal):
    from modellstadt.strategy.models import BodyMembership, Decision

    body = GoverningBody.objects.create(name="Steuerkreis", kind="steering_committee")
    BodyMembership.objects.create(body=body, person="Oberbürgermeister", role="Vorsitz")
    Decision.objects.create(body=body, date="2017-02-22", title="Leitlinie beschlossen", text="Der Rat stimmt zu.")
    html = client.get("/steuerung/").content.decode()
    assert "Steuerkreis" in html and "Oberbürgermeister" in html and "Leitlinie beschlossen" in html


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/themenfelder/gibt-es-nicht/", "/projekte/gibt-es-nicht/", "/partner/nein/",
                                 "/aktuelles/nein/", "/irgendwas/"])
def test_unknown_addresses_give_german_404(client, portal, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


@pytest.mark.django_db
def test_legal_and_easy_language_pages_exist(client, portal):
    for url in ("/impressum/", "/datenschutz/", "/barrierefreiheit/", "/leichte-sprache/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'href="/leichte-sprache/"' in response.content.decode()


@pytest.mark.django_db
def test_easy_language_page_lists_easy_texts(client, portal):
    field = factories.field(number=4, easy_text="Das ist ein Feld. Es ist wichtig.")
    factories.project(field, title="Schnelles Internet", easy_text="Internet wird schnell.")
    html = client.get("/leichte-sprache/").content.decode()
    assert "Das ist ein Feld. Es ist wichtig." in html and "Internet wird schnell." in html


@pytest.mark.django_db
def test_language_switch_keeps_german_addresses(client, portal):
    assert client.get("/").headers["Content-Language"] == "de"
    html = client.get("/projekte/").content.decode()
    assert 'href="/sprache/en/?next=/projekte/"' in html
    response = client.get("/sprache/en/?next=/projekte/")
    assert response.status_code == 302 and response.headers["Location"] == "/projekte/"
    response = client.get("/projekte/")
    assert response.headers["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()


@pytest.mark.django_db
def test_browser_language_does_not_override_german_default(portal):
    client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert client.get("/").headers["Content-Language"] == "de"


@pytest.mark.django_db
def test_sitemap_lists_pages_projects_and_partners(client, portal):
    field = factories.field(number=1)
    project = factories.project(field, title="Glasfaser")
    org = factories.organisation(name="Stadtwerke")
    xml = client.get("/sitemap.xml").content.decode()
    assert f"/projekte/{project.slug}/" in xml
    assert f"/partner/{org.slug}/" in xml
    assert field.url in xml


@pytest.mark.django_db
def test_language_switch_refuses_foreign_redirects(client, portal):
    response = client.get("/sprache/en/?next=https://evil.example/")
    assert response.headers["Location"] == "/"
    response = client.get("/sprache/xx/?next=/")
    assert "modellstadt_language" not in response.cookies
