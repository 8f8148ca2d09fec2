import pytest
from django.test import Client

from modellstadt.portal.services import SECTIONS, ensure_portal_structure
from modellstadt.strategy.models import GoverningBody, HomePage
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
    html = client.get("/").content.decode().replace("\u00ad", "")
    assert "Infrastruktur" in html and "Verwaltung" in html
    assert "3 Projekte" in html  # the unpublished project is not counted
    assert '<span class="status status-pilot">Pilot</span> 2' in html
    # An assumed name is marked without the word of an idea's status ("angenommen" = accepted).
    assert ('<p class="assumption"><strong>Name vorläufig</strong> – '
            "nicht durch eine öffentliche Quelle belegt</p>") in html
    assert "angenommen" not in html.lower()


@pytest.mark.django_db
def test_field_page_lists_projects_partners_and_texts(client, portal):
    org = factories.organisation(name="Klinikum")
    field = factories.field(number=3, title="Gesundheit", lead_person="Dr. Muster", lead_organisation=org)
    factories.project(field, title="Telemedizin", partners=[(factories.organisation(name="Hochschule"), "Forschung")])
    html = client.get(field.url).content.decode().replace("\u00ad", "")
    for text in ("Gesundheit", "Ist-Zustand", "<strong>wenig</strong>", "Telemedizin", "Hochschule", "Dr. Muster"):
        assert text in html


@pytest.mark.django_db
def test_governance_page_shows_bodies_members_and_decisions(client, portal):
    from modellstadt.strategy.models import BodyMembership, Decision

    body = GoverningBody.objects.create(name="Steuerkreis", kind="steering_committee")
    BodyMembership.objects.create(body=body, person="Oberbürgermeister", role="Vorsitz")
    Decision.objects.create(body=body, date="2017-02-22", title="Leitlinie beschlossen", text="Der Rat stimmt zu.")
    html = client.get("/steuerung/").content.decode().replace("\u00ad", "")
    assert "Steuerkreis" in html and "Oberbürgermeister" in html and "Leitlinie beschlossen" in html


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/themenfelder/gibt-es-nicht/", "/projekte/gibt-es-nicht/", "/partner/nein/",
                                 "/aktuelles/nein/", "/irgendwas/"])
def test_unknown_addresses_give_german_404(client, portal, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode().replace("\u00ad", "")


@pytest.mark.django_db
def test_legal_and_easy_language_pages_exist(client, portal):
    for url in ("/impressum/", "/datenschutz/", "/barrierefreiheit/", "/leichte-sprache/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'href="/leichte-sprache/"' in response.content.decode().replace("\u00ad", "")


@pytest.mark.django_db
def test_easy_language_page_lists_easy_texts(client, portal):
    field = factories.field(number=4, easy_text="Das ist ein Feld. Es ist wichtig.")
    factories.project(field, title="Schnelles Internet", easy_text="Internet wird schnell.")
    html = client.get("/leichte-sprache/").content.decode().replace("\u00ad", "")
    assert "Das ist ein Feld. Es ist wichtig." in html and "Internet wird schnell." in html


@pytest.mark.django_db
def test_language_switch_keeps_german_addresses(client, portal):
    assert client.get("/").headers["Content-Language"] == "de"
    html = client.get("/projekte/").content.decode().replace("\u00ad", "")
    assert 'href="/sprache/en/?next=/projekte/"' in html
    response = client.get("/sprache/en/?next=/projekte/")
    assert response.status_code == 302 and response.headers["Location"] == "/projekte/"
    response = client.get("/projekte/")
    assert response.headers["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode().replace("\u00ad", "")


@pytest.mark.django_db
def test_browser_language_does_not_override_german_default(portal):
    client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert client.get("/").headers["Content-Language"] == "de"


@pytest.mark.django_db
def test_sitemap_lists_pages_projects_and_partners(client, portal):
    field = factories.field(number=1)
    project = factories.project(field, title="Glasfaser")
    org = factories.organisation(name="Stadtwerke")
    xml = client.get("/sitemap.xml").content.decode().replace("\u00ad", "")
    assert f"/projekte/{project.slug}/" in xml
    assert f"/partner/{org.slug}/" in xml
    assert field.url in xml


@pytest.mark.django_db
def test_language_switch_refuses_foreign_redirects(client, portal):
    response = client.get("/sprache/en/?next=https://evil.example/")
    assert response.headers["Location"] == "/"
    response = client.get("/sprache/xx/?next=/")
    assert "modellstadt_language" not in response.cookies


@pytest.mark.django_db
def test_german_content_is_marked_as_german_when_the_interface_speaks_english(client, portal):
    field = factories.field(number=1, title="Infrastruktur")
    factories.project(field, title="Glasfaser für alle")
    german = client.get(field.url).content.decode().replace("\u00ad", "")
    assert 'lang="de"' not in german.split("<body>", 1)[1]  # the whole page is German already
    client.cookies["modellstadt_language"] = "en"
    for url in ("/", field.url, "/projekte/", "/projekte/glasfaser-fuer-alle/"):
        html = client.get(url).content.decode().replace("\u00ad", "")
        assert '<html lang="en">' in html, url
        assert '<h1 lang="de">' in html or '<section class="hero" aria-labelledby="home-title" lang="de">' in html, url
    card = '<h2 class="h3" lang="de"><a href="/projekte/glasfaser-fuer-alle/">'
    assert card in client.get("/projekte/").content.decode().replace("\u00ad", "")


@pytest.mark.django_db
def test_titles_and_footer_use_the_current_sites_name(client, portal):
    from wagtail.models import Site

    Site.objects.filter(is_default_site=True).update(site_name="Digitales Teststadt")
    org = factories.organisation(name="Stadtwerke")
    for url in ("/", f"/partner/{org.slug}/", "/suche/?q=x", "/gibt-es-nicht/"):
        html = client.get(url).content.decode().replace("\u00ad", "")
        title = html.split("<title>", 1)[1].split("</title>", 1)[0]
        assert title.endswith("– Digitales Teststadt"), (url, title)
        assert "Digitales Teststadt – eine Plattform ohne Tracking" in html, url


@pytest.mark.django_db
def test_field_page_shows_a_limited_number_of_cards_and_links_to_the_full_list(client, portal):
    from modellstadt.projects.selectors import FIELD_PAGE_PROJECTS

    field = factories.field(number=1, title="Mobilität")
    for n in range(FIELD_PAGE_PROJECTS + 2):
        factories.project(field, title=f"Projekt {n:02d}")
    html = client.get(field.url).content.decode().replace("\u00ad", "")
    assert html.count('<li class="card">') == FIELD_PAGE_PROJECTS
    assert f"{FIELD_PAGE_PROJECTS + 2} Projekte" in html
    assert f'href="/projekte/?feld={field.slug}"' in html


@pytest.mark.django_db
def test_pages_in_a_private_section_stay_out_of_every_list(client, portal):
    from wagtail.models import PageViewRestriction

    from modellstadt.core.selectors import public_pages
    from modellstadt.projects.models import ProjectPage

    open_field = factories.field(number=1, title="Offen")
    closed_field = factories.field(number=2, title="Intern")
    factories.project(open_field, title="Sichtbar")
    hidden = factories.project(closed_field, title="Verborgen")
    PageViewRestriction.objects.create(page=closed_field, restriction_type=PageViewRestriction.LOGIN)
    assert list(public_pages(ProjectPage.objects.live()).values_list("title", flat=True)) == ["Sichtbar"]
    assert set(public_pages(ProjectPage.objects.live())) == set(ProjectPage.objects.live().public())
    for url in ("/", "/themenfelder/", "/projekte/"):
        assert "Verborgen" not in client.get(url).content.decode().replace("\u00ad", ""), url
    assert client.get(f"/projekte/{hidden.slug}/").status_code == 404
