import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from modellstadt.projects.models import ProjectPage
from tests import factories


@pytest.fixture
def client():
    return Client(HTTP_HOST="localhost")


@pytest.fixture
def city(portal):
    mobility = factories.field(number=5, title="Elektromobilität")
    infra = factories.field(number=3, title="Infrastruktur")
    swb = factories.organisation(name="Stadtwerke", kind="municipal_company")
    uni = factories.organisation(name="Hochschule", kind="research")
    projects = {
        "lade": factories.project(mobility, title="Ladepark Nord", status="pilot", partners=[(swb, "Betreiber")],
                                  start_date=datetime.date(2019, 1, 1)),
        "bus": factories.project(mobility, title="E-Busse", status="operation", partners=[(uni, "Forschung")],
                                 start_date=datetime.date(2021, 1, 1)),
        "faser": factories.project(infra, title="Glasfaser", status="implementation",
                                   partners=[(swb, "Bau"), (uni, "Begleitung")], start_date=datetime.date(2017, 1, 1)),
    }
    return {"mobility": mobility, "infra": infra, "swb": swb, "uni": uni, **projects}


def titles(response):
    return [p.title for p in response.context["page_obj"]]


@pytest.mark.django_db
def test_project_list_filters_and_sorting(client, city):
    assert titles(client.get("/projekte/")) == ["E-Busse", "Glasfaser", "Ladepark Nord"]
    assert titles(client.get(f"/projekte/?feld={city['mobility'].slug}")) == ["E-Busse", "Ladepark Nord"]
    assert titles(client.get("/projekte/?status=pilot")) == ["Ladepark Nord"]
    assert titles(client.get("/projekte/?partner=stadtwerke")) == ["Glasfaser", "Ladepark Nord"]
    assert titles(client.get("/projekte/?sortierung=beginn")) == ["E-Busse", "Ladepark Nord", "Glasfaser"]
    combined = client.get(f"/projekte/?feld={city['mobility'].slug}&partner=hochschule&status=operation")
    assert titles(combined) == ["E-Busse"]


@pytest.mark.django_db
def test_malformed_filters_are_ignored_with_a_message(client, city):
    response = client.get("/projekte/?feld=%00%27&status=xyz&partner=&sortierung=drop+table&seite=-1")
    assert response.status_code == 200
    assert titles(response) == ["E-Busse", "Glasfaser", "Ladepark Nord"]
    assert "ungültig und wurden ignoriert" in response.content.decode()


@pytest.mark.django_db
def test_pagination_clamps_bad_page_numbers(client, city, settings):
    settings.MODELLSTADT_PAGE_SIZE = 2
    assert titles(client.get("/projekte/?seite=2")) == ["Ladepark Nord"]
    assert titles(client.get("/projekte/?seite=999")) == ["Ladepark Nord"]
    assert titles(client.get("/projekte/?seite=abc")) == ["E-Busse", "Glasfaser"]
    html = client.get("/projekte/?status=&seite=1").content.decode()
    assert "status=&amp;seite=2" in html and "Seite 1 von 2" in html


@pytest.mark.django_db
def test_project_page_shows_values_partners_and_timeline(client, city):
    project = city["faser"]
    factories.project  # noqa: B018 - builder module used above
    from modellstadt.projects.models import Milestone, StatusUpdate

    Milestone.objects.create(project=project, title="Ausschreibung", due=datetime.date(2018, 3, 1), done=True)
    Milestone.objects.create(project=project, title="Ohne Termin")
    StatusUpdate.objects.create(project=project, title="Spatenstich", date=datetime.date(2018, 6, 1), text="Los geht's")
    html = client.get("/projekte/glasfaser/").content.decode()
    for text in ("Nutzen für Bürgerinnen und Bürger", "Nutzen für die lokale Wirtschaft", "Stadtwerke", "Bau",
                 "Ausschreibung", "Spatenstich", "Ohne Termin", "Umsetzung"):
        assert text in html
    assert html.index("Spatenstich") < html.index("Ausschreibung")  # newest first


@pytest.mark.django_db
def test_project_is_served_at_projekte_and_tree_path_redirects(client, city):
    project = city["lade"]
    assert project.url == "/projekte/ladepark-nord/"
    response = client.get(f"{city['mobility'].url}ladepark-nord/")
    assert response.status_code == 301 and response.headers["Location"] == "/projekte/ladepark-nord/"


@pytest.mark.django_db
def test_unpublished_project_is_not_public(client, city):
    city["lade"].unpublish()
    assert client.get("/projekte/ladepark-nord/").status_code == 404
    assert "Ladepark Nord" not in client.get("/projekte/").content.decode()


@pytest.mark.django_db
def test_project_slugs_are_german_and_unique_across_fields(city):
    first = factories.project(city["mobility"], title="Ladesäulen für Straßen")
    second = factories.project(city["infra"], title="Ladesäulen für Straßen")
    assert first.slug == "ladesaeulen-fuer-strassen"
    assert second.slug == "ladesaeulen-fuer-strassen-2"
    second.slug = first.slug
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "slug" in error.value.message_dict


@pytest.mark.django_db
def test_of_two_rows_with_one_slug_the_older_project_is_served(client, city):
    first = factories.project(city["mobility"], title="Ladesäulen für Straßen")
    second = factories.project(city["infra"], title="Ladesäulen in Höfen")
    ProjectPage.objects.filter(pk=second.pk).update(slug=first.slug)  # past validation, straight in the table
    html = client.get(f"/projekte/{first.slug}/").content.decode()
    assert "Ladesäulen für Straßen" in html and "Ladesäulen in Höfen" not in html


@pytest.mark.django_db
def test_slug_stays_stable_when_title_changes(city):
    project = city["bus"]
    project.title = "Elektrische Stadtbusse"
    project.save_revision().publish()
    project.refresh_from_db()
    assert project.slug == "e-busse"


@pytest.mark.django_db
def test_project_validation_messages_are_german(city):
    project = city["bus"]
    project.end_date = datetime.date(2020, 1, 1)
    project.latitude = 52.4
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert error.value.message_dict["end_date"] == ["Das Ende darf nicht vor dem Beginn liegen."]
    assert "Breiten- und Längengrad" in error.value.message_dict["longitude"][0]


@pytest.mark.django_db
def test_moving_a_project_moves_it_to_the_new_field(city):
    from wagtail.actions.move_page import MovePageAction

    MovePageAction(city["bus"], city["infra"], pos="last-child").execute()
    assert ProjectPage.objects.get(pk=city["bus"].pk).field_id == city["infra"].pk


@pytest.mark.django_db
def test_field_follows_parent_on_publish(city):
    project = city["lade"]
    assert project.field_id == city["mobility"].pk
    project.save_revision().publish()
    assert ProjectPage.objects.get(pk=project.pk).field_id == city["mobility"].pk
