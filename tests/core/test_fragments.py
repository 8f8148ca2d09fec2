"""Page parts that are the same for everyone, rendered once per content version (core/fragments.py).

Signed-in visitors (whom the page cache never serves) get the cached parts of the field page, the
project page and the project list, and their own state (follow button, comments) rendered afresh.
"""

import re

import pytest
from django.db import connection
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext

from modellstadt.core import fragments
from modellstadt.notifications.services import follow
from tests import factories

ON = {"FRAGMENT_CACHE_SECONDS": 600}


pytestmark = pytest.mark.usefixtures("empty_page_cache")


@pytest.fixture
def city(portal):
    field = factories.field(number=1, title="Mobilität")
    org = factories.organisation(name="Stadtwerke Wolfsburg AG", kind="municipal_company")
    projects = [
        factories.project(field, title=f"Ladepark {n}", partners=[(org, "Betrieb")], milestones=2, updates=2,
                          lead_organisation=org)
        for n in range(3)
    ]
    return {"field": field, "projects": projects, "org": org}


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    # the form token is masked afresh on every render; everything else must be the same
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value="…"',
                  response.content.decode())
    return html, len(queries)


def _person(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(username=username, email=f"{username}@example.org",
                                                password="geheim-geheim", display_name=username.title())


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["home", "field", "project", "list"])
def test_a_signed_in_visitor_gets_the_same_page_with_fewer_queries(city, page):
    url = {"home": "/", "field": city["field"].url, "project": city["projects"][0].url,
           "list": "/projekte/?status=pilot"}[page]
    client = Client(HTTP_HOST="localhost")
    client.force_login(_person("rita"))
    with override_settings(**ON):
        first, first_queries = _get(client, url)
        second, second_queries = _get(client, url)
    assert second == first
    assert second_queries < first_queries
    with override_settings(FRAGMENT_CACHE_SECONDS=0):  # switched off: rendered afresh, same page
        third, third_queries = _get(client, url)
    assert third == first and second_queries < third_queries


@pytest.mark.django_db
def test_each_person_sees_their_own_follow_state_on_a_cached_page(city):
    project = city["projects"][0]
    rita, kurt = _person("rita"), _person("kurt")
    follow(rita, project)
    with override_settings(**ON):
        as_kurt = Client(HTTP_HOST="localhost")
        as_kurt.force_login(kurt)
        kurt_page, _ = _get(as_kurt, project.url)  # stores the parts
        as_rita = Client(HTTP_HOST="localhost")
        as_rita.force_login(rita)
        rita_page, rita_queries = _get(as_rita, project.url)  # from the stored parts
        kurt_again, kurt_queries = _get(as_kurt, project.url)
    assert 'aria-pressed="true"' in rita_page and 'aria-pressed="false"' not in rita_page
    assert 'aria-pressed="false"' in kurt_page and 'aria-pressed="true"' not in kurt_page
    assert kurt_again == kurt_page
    # a person's own form never comes from another person's render
    assert rita_page.count("csrfmiddlewaretoken") == kurt_page.count("csrfmiddlewaretoken") >= 1


@pytest.mark.django_db
def test_a_content_change_shows_at_once(city):
    project = city["projects"][1]
    client = Client(HTTP_HOST="localhost")
    client.force_login(_person("rita"))
    with override_settings(**ON):
        before, _ = _get(client, city["field"].url)
        assert "Ladepark 1" in before
        project.title = "Hafen Nord"
        project.save_revision().publish()
        after, _ = _get(client, city["field"].url)
        listed, _ = _get(client, "/projekte/")
    assert "Hafen Nord" in after and ">Ladepark 1<" not in after
    assert "Hafen Nord" in listed


@pytest.mark.django_db
def test_the_project_list_keeps_one_entry_per_query(city):
    factories.project(city["field"], title="Portal Mitte", status="operation")
    client = Client(HTTP_HOST="localhost")
    client.force_login(_person("rita"))
    with override_settings(**ON):
        _get(client, "/projekte/?status=operation")
        running, _ = _get(client, "/projekte/?status=operation")
        everything, _ = _get(client, "/projekte/")
    assert "Portal Mitte" in running and "Ladepark 0" not in running
    assert "Portal Mitte" in everything and "Ladepark 0" in everything


@pytest.mark.django_db
def test_the_language_is_part_of_the_key(city):
    client = Client(HTTP_HOST="localhost")
    client.force_login(_person("rita"))
    url = city["projects"][0].url
    with override_settings(**ON):
        german, _ = _get(client, url)
        client.cookies["modellstadt_language"] = "en"
        english, _ = _get(client, url)
    assert "Zeitleiste" in german and "Zeitleiste" not in english


@pytest.mark.django_db
def test_previews_and_posts_never_use_fragments():
    factory = RequestFactory()
    preview = factory.get("/projekte/x/")
    preview.is_preview = True
    with override_settings(**ON):
        assert fragments.lookup(preview, "project", 1) is None
        assert fragments.lookup(factory.post("/projekte/x/"), "project", 1) is None
        found = fragments.lookup(factory.get("/projekte/x/"), "project", 1)
    assert found is not None and not found.hit
    assert fragments.lookup(factory.get("/projekte/x/"), "project", 1) is None  # switched off (tests)


@pytest.mark.django_db
def test_a_part_with_a_form_token_is_never_stored():
    request = RequestFactory().get("/")
    with override_settings(**ON):
        fragment = fragments.lookup(request, "test", 1)
        fragments.store(fragment, "main", '<input name="csrfmiddlewaretoken" value="abc">')
        assert not fragments.lookup(request, "test", 1).hit
        fragments.store(fragment, "main", "<p>für alle gleich</p>")
        again = fragments.lookup(request, "test", 1)
    assert again.hit and again.parts == {"main": "<p>für alle gleich</p>"}


@pytest.mark.django_db
def test_the_invitation_to_take_part_is_read_on_every_request(city):
    import datetime

    from django.utils import timezone

    from modellstadt.ideas.models import Phase
    from tests.ideas.conftest import make_process

    process = make_process([city["field"]], title="Ideen für Mobil")
    client = Client(HTTP_HOST="localhost")
    client.force_login(_person("rita"))
    with override_settings(**ON):
        running, _ = _get(client, "/")
        hit, _ = _get(client, "/")
        # the phase ends by the clock: no save, no new content generation, the parts stay cached
        Phase.objects.filter(process=process).update(ends_at=timezone.now() - datetime.timedelta(minutes=1))
        ended, _ = _get(client, "/")
    assert "Jetzt Idee einreichen" in running and hit == running
    assert "Ideen für Mobil" not in ended and "Jetzt Idee einreichen" not in ended
    assert city["field"].title in ended  # the cached fields are still there
