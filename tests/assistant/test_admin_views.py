"""The assistant in the back office: overview with model versions, an idea with its suggestion,
the office's decision, link and merge, topics with CSV, thread summary; permissions; query counts."""

import re

import pytest
from django.test import Client

from modellstadt.assistant.models import DuplicateLink, FieldSuggestion
from modellstadt.comments.models import Comment
from modellstadt.ideas import services as participation_services
from modellstadt.ideas.models import Idea, Moderation
from tests.assistant.conftest import idea
from tests.query_counts import assert_constant_queries

pytestmark = pytest.mark.django_db
ADMIN = "/verwaltung/assistent"
OVERVIEW_QUERIES = 15  # +1 since the Betrieb menu item checks the office group, -1 permissions in one query
TOPICS_QUERIES = 15  # +1 since the Betrieb menu item checks the office group, -1 permissions in one query


def test_only_the_office_sees_the_assistant(process, resident):
    item = idea(process, resident, "Titel", "Text")
    client = Client(HTTP_HOST="localhost")
    client.force_login(resident)
    for url in (f"{ADMIN}/", f"{ADMIN}/ideen/{item.pk}/", f"{ADMIN}/verfahren/{process.slug}/themen/"):
        assert client.get(url).status_code in (302, 403)


def test_overview_shows_models_and_undecided_suggestions(office_client, process, resident):
    item = idea(process, resident, "Glasfaser für Vorsfelde", "Bitte schnelles Internet.")
    FieldSuggestion.objects.create(idea=item, confidence=0.7)
    response = office_client.get(f"{ADMIN}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Startkorpus" in html and "Glasfaser für Vorsfelde" in html
    assert "Jetzt neu trainieren" in html


def test_idea_page_explains_the_suggestion_and_lists_duplicates(office_client, process, resident):
    item = idea(process, resident, "Wohnsitz online ummelden", "Die Ummeldung nach dem Umzug online, ohne Termin.")
    other = idea(process, resident, "Ummeldung ohne Behördengang", "Die Anmeldung der neuen Wohnung online.")
    response = office_client.get(f"{ADMIN}/ideen/{item.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Einfache Verwaltungsprozesse" in html and "wegen:" in html
    assert other.title in html and "Hierhin zusammenführen" in html
    # The similarity goes back with "link" and "merge" in a form the server reads (not "0,37").
    scores = re.findall(r'name="score" value="([^"]*)"', html)
    assert scores and all(0 < float(value) <= 1 for value in scores)


def test_decision_with_error_keeps_the_page_and_says_why(office_client, process, resident, fields):
    item = idea(process, resident, "Titel", "Text")
    response = office_client.post(f"{ADMIN}/ideen/{item.pk}/feld/", {"field": ""})
    assert response.status_code == 400
    assert "Bitte wählen Sie ein Kooperationsfeld." in response.content.decode()
    response = office_client.post(f"{ADMIN}/ideen/{item.pk}/feld/", {"field": fields["digitale-bildung"].pk})
    assert response.status_code == 302
    assert Idea.objects.get(pk=item.pk).field == fields["digitale-bildung"]


def test_link_and_merge_through_the_pages(office_client, process, resident, make_user):
    source = idea(process, make_user("carla"), "Laden für Mieter", "Ladesäulen in Wohnquartieren")
    target = idea(process, resident, "Ladesäulen in der Siedlung", "Ladepunkte in Wohngebieten")
    fan = make_user("fan")
    participation_services.support(fan, source)
    participation_services.support(fan, target)
    response = office_client.post(f"{ADMIN}/ideen/{source.pk}/verknuepfen/", {"other": target.pk, "score": "0.5"})
    assert response.status_code == 302 and DuplicateLink.objects.filter(merged=False).count() == 1
    response = office_client.post(f"{ADMIN}/ideen/{source.pk}/zusammenfuehren/", {"other": target.pk})
    assert response.status_code == 302 and response["Location"].endswith(f"/ideen/{target.pk}/")
    assert Idea.objects.get(pk=target.pk).support_count == 1
    assert Idea.objects.get(pk=source.pk).moderation == Moderation.HIDDEN
    page = office_client.get(f"{ADMIN}/ideen/{source.pk}/").content.decode()
    assert "zusammengeführt" in page
    response = office_client.post(f"{ADMIN}/ideen/{source.pk}/zusammenfuehren/", {"other": "nichts"})
    assert response.status_code == 302


def test_topics_page_and_csv(office_client, process, resident):
    for n in range(3):
        idea(process, resident, f"=Ladesäule {n}", "Mehr Ladepunkte für Elektroautos", support_count=2)
    for n in range(3):
        idea(process, resident, f"Tablet {n}", "Tablets für die Schule")
    response = office_client.get(f"{ADMIN}/verfahren/{process.slug}/themen/")
    assert response.status_code == 200 and "Tablet 0" in response.content.decode()
    response = office_client.get(f"{ADMIN}/verfahren/{process.slug}/themen.csv")
    body = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    lines = body.strip().splitlines()
    assert lines[0].startswith("Thema;Kennwörter;Ideen;Unterstützungen")
    assert len(lines) == 7
    assert "'=Ladesäule 0" in body  # no spreadsheet formula from a title


def test_idea_page_shows_the_thread_summary(office_client, process, resident):
    item = idea(process, resident, "Ladesäulen", "Mehr Ladepunkte")
    for text in ["Ladesäulen in der Siedlung wären gut.", "Ja, Ladesäulen in der Siedlung!", "Danke schön",
                 "Ladesäulen mit Ökostrom.", "Die Ladesäulen am Bahnhof sind teuer.", "Wann kommt der Bus?"]:
        Comment.objects.create(idea=item, author=resident, text=text)
    html = office_client.get(f"{ADMIN}/ideen/{item.pk}/").content.decode()
    assert "Kern der Diskussion" in html and "#kommentar-" in html


def test_train_button_starts_training(office_client, django_capture_on_commit_callbacks):
    from modellstadt.assistant.models import TrainedModel

    with django_capture_on_commit_callbacks(execute=True):
        response = office_client.post(f"{ADMIN}/trainieren/")
    assert response.status_code == 302
    assert TrainedModel.objects.filter(kind="field").count() == 1


def test_lists_cost_constant_queries(office_client, process, resident):
    def grow():
        for n in range(5):
            item = idea(process, resident, f"Ladesäule {n}", "Mehr Ladepunkte")
            FieldSuggestion.objects.create(idea=item, confidence=0.5)

    idea(process, resident, "Tablet", "Tablets für die Schule")
    FieldSuggestion.objects.create(idea=Idea.objects.get(title="Tablet"), confidence=0.5)
    assert_constant_queries(office_client, f"{ADMIN}/", grow, expected=OVERVIEW_QUERIES)
    url = f"{ADMIN}/verfahren/{process.slug}/themen/"
    assert_constant_queries(office_client, url, grow, expected=TOPICS_QUERIES)
