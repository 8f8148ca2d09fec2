"""Hidden, pending and withdrawn ideas stay out of reach: the anonymous similar-ideas hint never names
them, and a support click on an idea that was hidden or withdrawn after the page was read is refused
without moving the counter."""

import pytest
from django.test import Client

from modellstadt.ideas import rules
from modellstadt.ideas import services as idea_services
from modellstadt.ideas.models import Idea, IdeaState, Moderation, Support
from modellstadt.ideas.selectors import similar_ideas
from tests.ideas.conftest import make_idea

# Every idea below shares the stem "ladesaul" with the query; only the first one may be shown.
VISIBLE = "Ladesäulen am Bahnhof"
INVISIBLE = {
    "Ladesäulen am Rathaus (ausgeblendet)": {"moderation": Moderation.HIDDEN, "hidden_reason": "Beleidigung"},
    "Ladesäulen am Hafen (wartet auf Freigabe)": {"moderation": Moderation.PENDING},
    "Ladesäulen am Stadion (zurückgezogen)": {"state": IdeaState.WITHDRAWN},
    "Ladesäulen am Markt (ausgeblendet und zurückgezogen)": {
        "moderation": Moderation.HIDDEN, "hidden_reason": "Werbung", "state": IdeaState.WITHDRAWN,
    },
}


@pytest.fixture
def ideas(process, resident, neighbour):
    visible = make_idea(process, resident, title=VISIBLE)
    for title, extra in INVISIBLE.items():
        # the invisible ones carry more supports, so an ordering by supports would put them first
        make_idea(process, neighbour, title=title, support_count=50, **extra)
    return visible


@pytest.mark.django_db
def test_similar_ideas_lists_only_published_and_not_withdrawn_ideas(process, ideas):
    assert Idea.objects.filter(process=process).count() == 1 + len(INVISIBLE)
    assert similar_ideas("Ladesäule", process) == [ideas]
    assert similar_ideas("Ladesäulen Rathaus Hafen Stadion Markt", process, limit=10) == [ideas]


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_similar_ideas_endpoint_never_names_hidden_pending_or_withdrawn_ideas(process, ideas, neighbour,
                                                                              signed_in):
    client = Client(HTTP_HOST="localhost")
    if signed_in:
        client.force_login(neighbour)  # even the author of the invisible ideas sees only the visible one
    response = client.get("/ideen/aehnliche/", {"verfahren": process.slug, "titel": "Ladesäulen am Rathaus"})
    assert response.status_code == 200
    assert [i["title"] for i in response.json()["ideas"]] == [VISIBLE]
    body = response.content.decode("unicode_escape")
    for title in INVISIBLE:
        assert title.split(" (")[0] not in body


# --- the counter re-checks visibility --------------------------------------------------------------


STALE_CHANGES = [
    ({"moderation": Moderation.HIDDEN, "hidden_reason": "Beleidigung"},
     "Diese Idee wurde von der Moderation ausgeblendet."),
    ({"moderation": Moderation.PENDING}, "Diese Idee wartet noch auf die Freigabe durch die Moderation."),
    ({"state": IdeaState.WITHDRAWN}, "Eine zurückgezogene Idee kann nicht unterstützt werden."),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("change", "message"), STALE_CHANGES, ids=["hidden", "pending", "withdrawn"])
def test_support_on_an_idea_that_became_invisible_since_it_was_read_is_refused(
    process, resident, neighbour, change, message
):
    idea = make_idea(process, resident)
    stale = Idea.objects.select_related("process").get(pk=idea.pk)  # what the page read a moment ago
    Idea.objects.filter(pk=idea.pk).update(**change)  # meanwhile a moderator or the author acted
    with pytest.raises(rules.ParticipationError) as raised:
        idea_services.support(neighbour, stale)
    assert str(raised.value.message) == message
    assert not Support.objects.filter(idea=idea).exists()
    idea.refresh_from_db()
    assert idea.support_count == 0


@pytest.mark.django_db
@pytest.mark.parametrize(("change", "message"), STALE_CHANGES, ids=["hidden", "pending", "withdrawn"])
def test_support_button_on_a_stale_page_does_not_count_an_invisible_idea(
    process, resident, neighbour, change, message
):
    idea = make_idea(process, resident)
    Idea.objects.filter(pk=idea.pk).update(**change)
    client = Client(HTTP_HOST="localhost")
    client.force_login(neighbour)
    response = client.post(f"/ideen/{idea.pk}/unterstuetzen/")
    assert response.status_code in (302, 400, 404)
    assert not Support.objects.filter(idea=idea).exists()
    idea.refresh_from_db()
    assert idea.support_count == 0


@pytest.mark.django_db
def test_support_on_a_visible_idea_still_counts(process, resident, neighbour):
    idea = make_idea(process, resident)
    stale = Idea.objects.select_related("process").get(pk=idea.pk)
    assert idea_services.support(neighbour, stale) is True
    assert stale.support_count == 1
    idea.refresh_from_db()
    assert idea.support_count == 1 == Support.objects.filter(idea=idea).count()
