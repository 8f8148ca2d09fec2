"""The idea list draws each card from plain values remembered per process (core.rendering), and keeps
the count of listed ideas under the content generation when page parts are kept. Whatever is
remembered, a list must show what is true now: new counts, renamed titles, the viewer's own support,
and a count that follows every idea added, hidden, withdrawn or merged."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from modellstadt.assistant import services as assistant_services
from modellstadt.ideas import services as idea_services
from modellstadt.moderation import services as moderation_services
from tests import factories
from tests.ideas.conftest import make_idea


def _found(response):
    return int(re.search(r"(\d+) Ideen? gefunden", response.content.decode()).group(1))


def _card(response, idea):
    html = response.content.decode()
    start = html.index(f'href="/ideen/{idea.pk}/"')
    return html[start:html.index("</li>\n  </ul>", start)]


@pytest.mark.django_db
def test_a_card_shows_new_counts_titles_and_only_the_viewers_own_support(client, process, field, resident,
                                                                         neighbour):
    idea = make_idea(process, resident, title="Sitzbänke mit Solarladern")
    signed_in = Client()
    signed_in.force_login(neighbour)
    card = _card(signed_in.get("/ideen/"), idea)
    assert "0 Unterstützungen" in card and "auch von Ihnen" not in card and "Mobilität" in card

    idea_services.support(neighbour, idea)
    card = _card(signed_in.get("/ideen/"), idea)
    assert "1 Unterstützung" in card and "auch von Ihnen" in card
    anonymous = _card(client.get("/ideen/"), idea)
    assert "1 Unterstützung" in anonymous and "auch von Ihnen" not in anonymous

    process.title = "Ideen für den Stadtpark"
    process.save()
    field.title = "Mobilität und Verkehr"
    field.save()
    card = _card(client.get("/ideen/"), idea)
    assert "Ideen für den Stadtpark" in card and "Mobilität und Verkehr" in card


@pytest.mark.django_db
def test_a_field_outside_the_lists_filters_still_names_the_card(client, process, resident, portal):
    draft_field = factories.field(number=7, title="Noch nicht veröffentlicht")
    draft_field.unpublish()
    idea = make_idea(process, resident, field=draft_field)
    assert "Noch nicht veröffentlicht" in _card(client.get("/ideen/"), idea)


@pytest.fixture
def kept(settings, empty_page_cache):
    """Production's set-up for signed-in visitors: no whole-page cache, page parts kept."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 600
    return Client()


def _counted(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return _found(response), any("COUNT(" in q["sql"] for q in queries.captured_queries)


@pytest.mark.django_db
def test_the_count_is_kept_until_an_idea_is_added_hidden_withdrawn_or_merged(kept, process, resident, neighbour,
                                                                            office):
    ideas = [make_idea(process, resident) for _ in range(4)]
    assert _counted(kept, "/ideen/") == (4, True)
    assert _counted(kept, "/ideen/") == (4, False)  # kept
    assert _counted(kept, f"/ideen/?verfahren={process.slug}") == (4, True)  # other filters, own count

    idea_services.support(neighbour, ideas[0])  # a support click changes no count
    assert _counted(kept, "/ideen/") == (4, False)

    make_idea(process, neighbour)
    assert _counted(kept, "/ideen/") == (5, True)
    moderation_services.hide(office, ideas[1], "Beleidigend.")
    assert _counted(kept, "/ideen/")[0] == 4
    idea_services.withdraw_idea(resident, ideas[2], "Erledigt.")
    assert _counted(kept, "/ideen/")[0] == 3
    assistant_services.merge_ideas(user=office, source=ideas[3], target=ideas[0])
    assert _counted(kept, "/ideen/")[0] == 2
    assert _counted(kept, f"/ideen/?verfahren={process.slug}")[0] == 2


@pytest.mark.django_db
def test_without_kept_parts_the_count_is_asked_every_time(client, process, resident):
    make_idea(process, resident)
    assert _counted(client, "/ideen/") == (1, True)
    assert _counted(client, "/ideen/") == (1, True)


def _tables(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.content.decode(), " ".join(q["sql"] for q in queries.captured_queries)


@pytest.mark.django_db
def test_the_filters_options_are_kept_until_a_process_or_a_field_changes(kept, process, field, resident):
    make_idea(process, resident)
    html, sql = _tables(kept, "/ideen/")
    assert '"participation_process"' in sql and "strategy_cooperationfieldpage" in sql
    html, sql = _tables(kept, "/ideen/")
    assert '"participation_process"' not in sql and "strategy_cooperationfieldpage" not in sql
    assert f'<option value="{process.slug}">{process.title}</option>' in html

    from tests.ideas.conftest import make_process
    newer = make_process([field], title="Bürgerhaushalt 2027")
    html, _sql = _tables(kept, "/ideen/")
    assert f'<option value="{newer.slug}">Bürgerhaushalt 2027</option>' in html
    field.title = "Mobilität und Verkehr"
    field.save()
    html, _sql = _tables(kept, "/ideen/")
    assert "1. Mobilität und Verkehr</option>" in html
