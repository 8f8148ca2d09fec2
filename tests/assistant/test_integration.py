"""The assistant on the pages of ideas and moderation: the idea form's field suggestion (preselected,
the person may change it, nothing submitted), similar ideas of other processes, the merge pointer
on the public page of a merged idea, and the moderation queue ordered and flagged by spam score."""

import pytest
from django.test import Client, override_settings

from modellstadt.assistant import services, training
from modellstadt.ideas.models import Idea, Moderation
from tests.assistant.conftest import idea
from tests.ideas.conftest import make_process

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def _form(process, **extra):
    data = {"title": "Ladesäulen in der Siedlung",
            "description": "Bitte Ladepunkte für Elektroautos in unserer Wohnstraße bauen."}
    data.update(extra)
    return f"/beteiligung/{process.slug}/idee-einreichen/", data


def test_idea_form_suggests_a_field_and_keeps_everything(process, resident, fields):
    url, data = _form(process, suggest_field="1")
    response = _client(resident).post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vorschlag für das Kooperationsfeld" in html and "wegen der Wörter" in html
    assert f'value="{fields["elektromobilitaet"].pk}" selected' in html  # preselected
    assert "Ladesäulen in der Siedlung" in html
    assert not Idea.objects.exists()


def test_a_chosen_field_is_kept_and_can_differ_from_the_suggestion(process, resident, fields):
    client = _client(resident)
    url, data = _form(process, suggest_field="1", field=fields["digitale-bildung"].pk)
    html = client.post(url, data).content.decode()
    assert f'value="{fields["digitale-bildung"].pk}" selected' in html
    url, data = _form(process, field=fields["digitale-bildung"].pk, confirm_similar="1")
    response = client.post(url, data)
    assert response.status_code == 302
    assert Idea.objects.get().field == fields["digitale-bildung"]


def test_idea_form_shows_similar_ideas_of_other_processes(process, resident, fields):
    other = make_process(list(fields.values()))
    idea(other, resident, "Mehr Ladesäulen in Wohngebieten", "Ladepunkte für Elektroautos in der Siedlung")
    url, data = _form(process, suggest_field="1")
    html = _client(resident).post(url, data).content.decode()
    assert "Ähnliche Ideen gibt es schon" in html and "Mehr Ladesäulen in Wohngebieten" in html


def test_merged_idea_points_to_its_target(process, resident, office_user, make_user):
    target = idea(process, resident, "Ladesäulen in der Siedlung", "Ladepunkte in Wohngebieten")
    source = idea(process, make_user("carla"), "Laden für Mieter", "Ladesäulen in Wohnquartieren")
    services.merge_ideas(user=office_user, source=source, target=target)
    html = Client(HTTP_HOST="localhost").get(f"/ideen/{source.pk}/").content.decode()
    assert "zusammengeführt" in html and f'href="/ideen/{target.pk}/"' in html


@override_settings(ASSISTANT_SPAM_MIN_EACH=3)
def test_moderation_queue_is_ordered_and_flagged_by_spam_score(process, resident, office_user):
    for n, text in enumerate(["Billige Kredite http://a.example", "Casino Bonus www.b.example",
                              "Pillen kaufen http://c.example", "Uhren billig http://d.example"]):
        idea(process, resident, f"Angebot {n}", text, moderation=Moderation.HIDDEN, hidden_reason="Spam")
    for n, text in enumerate(["Ladesäulen in der Siedlung", "Glasfaser für Vorsfelde", "Tablets für Schulen",
                              "Bürgerbüro online"]):
        idea(process, resident, f"Idee {n}", text)
    training.train_spam()
    idea(process, resident, "Bücherei länger öffnen", "Die Stadtbibliothek sollte abends offen sein.",
         moderation=Moderation.PENDING)
    idea(process, resident, "Kredite billig", "Billige Kredite ohne Schufa http://kredit.example",
         moderation=Moderation.PENDING)
    html = _client(office_user).get("/verwaltung/beteiligung/moderation/").content.decode()
    assert html.index("Kredite billig") < html.index("Bücherei länger öffnen")
    assert "Spam-Verdacht des Assistenten" in html
    assert Idea.objects.filter(moderation=Moderation.PENDING).count() == 2  # nothing hidden by the score
