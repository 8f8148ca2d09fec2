"""Every list page and the home page cost a fixed number of queries, whatever the data size."""

import pytest
from django.test import Client

from tests import factories
from tests.query_counts import assert_constant_queries


@pytest.fixture
def client():
    return Client(HTTP_HOST="localhost")


@pytest.fixture
def city(portal):
    fields = [factories.field(number=n) for n in (1, 2)]
    org = factories.organisation(name="Stadtwerke", kind="municipal_company")
    projects = [
        factories.project(fields[0], partners=[(org, "Betrieb")], milestones=2, updates=2, lead_organisation=org)
    ]
    factories.news_post(info=[("Link", "https://example.org")])
    return {"fields": fields, "org": org, "projects": projects}


def grow(city):
    def add_rows():
        for n in range(3, 6):
            f = factories.field(number=n)
            for _ in range(3):
                org = factories.organisation(kind="research")
                factories.project(f, partners=[(org, "Forschung"), (city["org"], "Betrieb")], milestones=3, updates=3,
                                  lead_organisation=org, status=("pilot", "implementation")[n % 2])
        for _ in range(4):
            factories.news_post()
    return add_rows


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, expected",
    [
        # Lists of pages check view restrictions inside their own query (core.selectors.public_pages),
        # not in one extra query per list as Wagtail's .public() does: one query less per list.
        # The home and Leichte-Sprache pages: +1 for the running processes and all their phases
        # (ideas.selectors.running_processes), one query whatever their number.
        ("/", 9),
        ("/themenfelder/", 8),
        ("/projekte/", 10),
        ("/projekte/?status=pilot&sortierung=beginn", 10),
        ("/partner/", 7),
        ("/aktuelles/", 8),
        ("/steuerung/", 8),
        ("/leichte-sprache/", 9),
        ("/suche/?q=Projekt", 16),  # one query per result type (nine types)
    ],
)
def test_list_pages_have_constant_query_count(client, city, url, expected):
    assert_constant_queries(client, url, grow(city), expected)


@pytest.mark.django_db
def test_field_page_query_count_does_not_grow(client, city):
    url = city["fields"][0].url

    def add_projects():
        for _ in range(5):
            org = factories.organisation()
            factories.project(city["fields"][0], partners=[(org, "Mit")], lead_organisation=org, milestones=2)

    assert_constant_queries(client, url, add_projects, expected=14)  # +1 indicators, +1 datasets


@pytest.mark.django_db
def test_project_page_query_count_does_not_grow(client, city):
    project = city["projects"][0]
    url = project.url

    def add_timeline():
        from modellstadt.projects.models import Milestone, ProjectPartner, StatusUpdate

        for i in range(5):
            Milestone.objects.create(project=project, title=f"M{i}")
            StatusUpdate.objects.create(project=project, title=f"U{i}", date="2025-01-01")
            ProjectPartner.objects.create(project=project, organisation=factories.organisation(), role="Partner")

    # 12 for the project (one less since core.selectors.public_pages) + 1 for the comment thread.
    assert_constant_queries(client, url, add_timeline, expected=15)  # +1 indicators, +1 datasets


@pytest.mark.django_db
def test_organisation_page_query_count_does_not_grow(client, city):
    url = city["org"].get_absolute_url()
    assert_constant_queries(client, url, grow(city), expected=11)
