"""The back office opens every editing screen the programme office uses."""

import pytest
from django.test import Client

from modellstadt.accounts.roles import ensure_office_group
from modellstadt.strategy.models import FieldIndexPage, GoverningBody
from tests import factories


@pytest.fixture
def office_client(portal, django_user_model):
    user = django_user_model.objects.create_user("buero", password="x")
    user.groups.add(ensure_office_group(portal))
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_office_opens_edit_screens_of_every_page_type(office_client, portal):
    field = factories.field(number=1)
    project = factories.project(field, milestones=1, updates=1,
                                partners=[(factories.organisation(), "Partner")])
    post = factories.news_post(info=[("Link", "https://example.org")])
    pages = [portal, FieldIndexPage.objects.get(), field, project, post] + [p for p in portal.get_children()]
    for page in pages:
        response = office_client.get(f"/verwaltung/pages/{page.pk}/edit/")
        assert response.status_code == 200, page
    assert office_client.get(f"/verwaltung/pages/add/projects/projectpage/{field.pk}/").status_code == 200


@pytest.mark.django_db
def test_office_manages_snippets_and_reads_the_audit_log(office_client, portal):
    assert office_client.get("/verwaltung/snippets/partners/organisation/").status_code == 200
    assert office_client.get("/verwaltung/snippets/partners/organisation/add/").status_code == 200
    body = GoverningBody.objects.create(name="Kernteam", kind="core_team")
    assert office_client.get(f"/verwaltung/snippets/strategy/governingbody/edit/{body.pk}/").status_code == 200
    assert office_client.get("/verwaltung/snippets/strategy/decision/add/").status_code == 200
    assert office_client.get("/verwaltung/reports/site-history/").status_code == 200


@pytest.mark.django_db
def test_office_creates_an_organisation_and_gets_a_german_error_for_a_missing_kind(office_client, portal):
    response = office_client.post("/verwaltung/snippets/partners/organisation/add/", {"name": "Neue GmbH"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Neue GmbH" in html  # the typed input is kept
    assert "Dieses Feld muss ausgefüllt werden." in html  # German, next to the field
    response = office_client.post(
        "/verwaltung/snippets/partners/organisation/add/", {"name": "Neue GmbH", "kind": "private_company"}
    )
    assert response.status_code == 302
    from wagtail.models import ModelLogEntry

    from modellstadt.partners.models import Organisation

    org = Organisation.objects.get(name="Neue GmbH")
    assert org.slug == "neue-gmbh"
    assert ModelLogEntry.objects.filter(object_id=str(org.pk), action="wagtail.create").exists()
