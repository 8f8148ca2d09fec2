"""The site search finds ideas, processes, decisions, comments and datasets, never what is hidden."""

import datetime

import pytest
from django.utils import timezone

from modellstadt.comments.models import Comment
from modellstadt.ideas.models import IdeaState, Moderation
from modellstadt.portal.search import search
from modellstadt.strategy.models import Decision, GoverningBody
from tests import factories
from tests.ideas.conftest import make_idea, make_process


@pytest.fixture
def city(portal, django_user_model):
    field = factories.field(number=5, title="Elektromobilität")
    process = make_process([field], title="Ideen für mehr Ladesäulen")
    anna = django_user_model.objects.create_user("anna", password=None, display_name="Anna")
    visible = make_idea(process, anna, title="Ladesäulen am Bahnhof", description="Mehr Strom für E-Autos.")
    make_idea(process, anna, title="Ladesäulen versteckt", moderation=Moderation.HIDDEN, hidden_reason="Spam")
    make_idea(process, anna, title="Ladesäulen wartend", moderation=Moderation.PENDING)
    make_idea(process, anna, title="Ladesäulen zurückgezogen", state=IdeaState.WITHDRAWN)
    Comment.objects.create(idea=visible, author=anna, text="Ladesäulen bitte auch im Norden.")
    Comment.objects.create(idea=visible, author=anna, text="Ladesäulen gelöscht", deleted_at=timezone.now())
    Comment.objects.create(idea=visible, author=anna, text="Ladesäulen ausgeblendet",
                           moderation=Moderation.HIDDEN, hidden_reason="Beleidigung")
    body = GoverningBody.objects.create(name="Kernteam", kind=GoverningBody._meta.get_field("kind").choices[0][0])
    Decision.objects.create(body=body, date=datetime.date(2026, 5, 1), title="Programm Ladesäulen",
                            text="Das Kernteam beschließt 100 Ladesäulen.")
    return visible


def titles(results):
    return {kind: sorted(hit.title for hit in hits) for kind, _label, hits in results}


@pytest.mark.django_db
def test_search_covers_ideas_processes_decisions_and_comments_but_nothing_hidden(city):
    found = titles(search("Ladesäule"))
    assert found["idea"] == ["Ladesäulen am Bahnhof"]
    assert found["process"] == ["Ideen für mehr Ladesäulen"]
    assert found["decision"] == ["Programm Ladesäulen"]
    assert found["comment"] == ["Ladesäulen bitte auch im Norden."]
    everything = " ".join(" ".join(v) for v in found.values())
    for hidden in ("versteckt", "wartend", "zurückgezogen", "gelöscht", "ausgeblendet"):
        assert hidden not in everything


@pytest.mark.django_db
def test_a_comment_on_a_hidden_idea_is_not_found(city):
    city.moderation = Moderation.HIDDEN
    city.hidden_reason = "Spam"
    city.save()
    assert "comment" not in titles(search("Ladesäule"))


@pytest.mark.django_db
def test_the_result_type_filter_limits_the_results(city, client):
    response = client.get("/suche/", {"q": "Ladesäulen", "typ": "idea"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ladesäulen am Bahnhof" in html and "Programm Ladesäulen" not in html
    assert '<option value="idea" selected>' in html
    response = client.get("/suche/", {"q": "Ladesäulen", "typ": "gibt-es-nicht"})
    assert response.status_code == 200 and "Programm Ladesäulen" in response.content.decode()
