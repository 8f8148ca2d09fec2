import pytest
from django.test import Client

from modellstadt.partners.models import Organisation
from tests import factories


@pytest.fixture
def client():
    return Client(HTTP_HOST="localhost")


@pytest.mark.django_db
def test_directory_groups_by_kind_and_filters(client, portal):
    factories.organisation(name="Stadt Wolfsburg", kind="administration")
    factories.organisation(name="Klinikum Wolfsburg", kind="municipal_company")
    factories.organisation(name="Stadtwerke Wolfsburg AG", kind="municipal_company")
    response = client.get("/partner/")
    groups = [(label, [o.name for o in orgs]) for _kind, label, orgs in response.context["groups"]]
    assert groups == [
        ("Verwaltung", ["Stadt Wolfsburg"]),
        ("Kommunales Unternehmen", ["Klinikum Wolfsburg", "Stadtwerke Wolfsburg AG"]),
    ]
    filtered = client.get("/partner/?art=administration")
    assert [o.name for _k, _l, orgs in filtered.context["groups"] for o in orgs] == ["Stadt Wolfsburg"]
    assert client.get("/partner/?art=%3Cscript%3E").context["total"] == 3


@pytest.mark.django_db
def test_organisation_page_lists_projects_with_roles(client, portal):
    org = factories.organisation(name="Ostfalia Hochschule", kind="research", description="Lehre *und* Forschung")
    field = factories.field(number=1)
    factories.project(field, title="Reallabor", partners=[(org, "Wissenschaftliche Begleitung")])
    factories.project(field, title="Stadt-App", lead_organisation=org)
    html = client.get("/partner/ostfalia-hochschule/").content.decode()
    assert "Reallabor" in html and "Wissenschaftliche Begleitung" in html
    assert "Stadt-App" in html and "Federführung" in html
    assert "<em>und</em>" in html


@pytest.mark.django_db
def test_organisation_slug_is_generated_once_and_unique(portal):
    first = Organisation.objects.create(name="Müller & Söhne", kind="private_company")
    assert first.slug == "mueller-soehne"
    first.name = "Müller und Töchter"
    first.save()
    assert first.slug == "mueller-soehne"
    second = Organisation.objects.create(name="Müller – Söhne", kind="private_company")
    assert second.slug == "mueller-soehne-2"
