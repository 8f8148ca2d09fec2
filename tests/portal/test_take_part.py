"""The home page and the Leichte-Sprache page invite people to take part while a process is running."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from modellstadt.demo.content.portal import EASY_LANGUAGE
from modellstadt.ideas.models import Phase, PhaseKind
from modellstadt.portal.models import EasyLanguagePage
from tests import factories
from tests.ideas.conftest import make_process
from tests.query_counts import assert_constant_queries

C, E = PhaseKind.COLLECT, PhaseKind.EVALUATE


@pytest.fixture
def client():
    return Client(HTTP_HOST="localhost")


def html_of(response):
    assert response.status_code == 200
    return response.content.decode().replace("\u00ad", "")


@pytest.fixture
def field(portal):
    return factories.field(number=1, title="Mobilität")


@pytest.mark.django_db
def test_home_invites_to_submit_an_idea_while_a_process_collects_ideas(client, field):
    running = make_process([field], title="Ideen für den Bahnhof")
    make_process([field], title="Altes Verfahren", phases=[(C, -30, -20, "isc")])
    make_process([field], title="Kommt noch", phases=[(C, 10, 20, "isc")])
    html = html_of(client.get("/"))
    assert "Jetzt mitmachen" in html and "Ideen für den Bahnhof" in html
    assert f'<a class="button" href="/beteiligung/{running.slug}/idee-einreichen/">Jetzt Idee einreichen</a>' in html
    assert "Ideen können bis " in html and "eingereicht werden." in html  # the deadline, as on the process page
    assert "Altes Verfahren" not in html and "Kommt noch" not in html
    assert html.index("Jetzt mitmachen") < html.index('id="fields-title"')  # near the top


@pytest.mark.django_db
def test_home_links_to_the_process_when_it_no_longer_collects_ideas(client, field):
    voting = make_process([field], title="Abstimmung läuft", phases=[(C, -20, -1, "isc"), (E, -1, 10, "s")])
    html = html_of(client.get("/"))
    assert "Abstimmung läuft" in html and "Jetzt Idee einreichen" not in html
    assert f'<a class="button" href="/beteiligung/{voting.slug}/">Zum Verfahren und zu den Ideen</a>' in html
    assert "Ideen können bis " in html and "unterstützt werden." in html


@pytest.mark.django_db
def test_home_without_a_running_process_shows_no_invitation(client, field):
    make_process([field], title="Altes Verfahren", phases=[(C, -30, -20, "isc")])
    html = html_of(client.get("/"))
    assert "Jetzt mitmachen" not in html and "Jetzt Idee einreichen" not in html


@pytest.mark.django_db
def test_easy_language_page_invites_to_submit_ideas_here_with_the_last_day(client, field):
    process = make_process([field], title="Ideen für den Bahnhof")
    phase = process.phases.get()
    phase.ends_at = timezone.make_aware(datetime.datetime(2099, 1, 25))  # midnight: the 24th is the last day
    phase.save()
    html = html_of(client.get("/leichte-sprache/"))
    assert "Jetzt mitmachen: Ihre Idee für die Stadt" in html and "Ideen für den Bahnhof" in html
    assert "Sie können jetzt eine Idee aufschreiben." in html
    assert "Der letzte Tag dafür ist der 24. Januar 2099." in html
    assert f'href="/beteiligung/{process.slug}/idee-einreichen/">Jetzt Idee einreichen</a>' in html


@pytest.mark.django_db
def test_demo_easy_language_text_no_longer_asks_for_ideas_by_email(client, portal):
    """The Leichte-Sprache text of the demo points to the participation pages; e-mail only for questions."""
    section = EASY_LANGUAGE.split("## Sie können mitmachen", 1)[1].split("##", 1)[0]
    assert "auf dieser Internet-Seite auf" in section and "Beteiligung" in section
    ideas_part, _, questions = section.partition("Haben Sie eine Frage?")
    assert "E-Mail" not in ideas_part and "E-Mail" in questions
    page = EasyLanguagePage.objects.get()
    page.body = EASY_LANGUAGE
    page.save_revision().publish()
    html = html_of(client.get("/leichte-sprache/"))
    assert "Dann schreiben Sie Ihre Idee auf dieser Internet-Seite auf." in html


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/leichte-sprache/"])
def test_invitation_costs_one_query_whatever_the_number_of_processes(client, field, url):
    make_process([field], title="Erstes Verfahren")

    def more_processes():
        for n in range(4):
            process = make_process([field], title=f"Verfahren {n}", phases=[(C, -3, -1, "isc"), (E, -1, 9, "sc")])
            Phase.objects.create(process=process, kind=C, starts_at=timezone.now() + datetime.timedelta(days=9),
                                 ends_at=timezone.now() + datetime.timedelta(days=19), allows_ideas=True)

    assert_constant_queries(client, url, more_processes, expected=9)  # the pages' 8 + 1 for the processes
