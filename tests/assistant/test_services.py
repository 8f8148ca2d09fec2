"""Writes of the assistant against the database: suggestions, the office's decisions and the
retraining they trigger, duplicate links, merges that count every supporter once, stored model
versions and the fallback of a brand-new installation."""

import pytest
import sklearn
from django.test import override_settings

from modellstadt.assistant import selectors, services, store, training
from modellstadt.assistant.models import DuplicateLink, ModelKind, TrainedModel
from modellstadt.ideas import services as participation_services
from modellstadt.ideas.models import Idea, IdeaEvent, Moderation, Support
from modellstadt.notifications.models import Notification
from tests.assistant.conftest import idea

pytestmark = pytest.mark.django_db


def test_new_installation_uses_the_starting_corpus(process, resident):
    assert not TrainedModel.objects.exists()
    ranking = selectors.field_ranking(title="Ladesäulen", text="Mehr Ladepunkte für E-Autos", process=process)
    assert ranking.version is None
    assert ranking.top.field.slug == "elektromobilitaet"
    assert len(ranking.suggestions) == 3
    assert selectors.spam_scores({1: "x"}) == {}  # no spam model before moderators decided anything


def test_suggestions_only_name_fields_open_in_the_process(fields, resident):
    from tests.ideas.conftest import make_process

    process = make_process([fields["digitale-bildung"], fields["einfache-verwaltung"]])
    ranking = selectors.field_ranking(title="Ladesäulen", text="Mehr Ladepunkte für E-Autos", process=process)
    assert {s.field.slug for s in ranking.suggestions} <= {"digitale-bildung", "einfache-verwaltung"}


@pytest.mark.parametrize("text", ["", "🙂🙂🙂", "x" * 20_000])
def test_record_suggestion_never_fails(process, resident, text):
    item = idea(process, resident, "🙂" if not text else "Titel", text)
    suggestion = services.record_suggestion(idea=item)
    assert 0 <= suggestion.confidence <= 1
    assert len(suggestion.ranking) <= 3


def test_record_and_decide(process, resident, office_user, fields):
    item = idea(process, resident, "Glasfaser für Vorsfelde", "Das Internet ist zu langsam, bitte Glasfaser.",
                field=fields["digitale-bildung"])
    suggestion = services.record_suggestion(idea=item)
    assert suggestion.suggested_field.slug == "digitale-infrastruktur"
    assert suggestion.ranking[0]["words"]
    services.decide_field(user=office_user, idea=item, field=fields["digitale-infrastruktur"])
    item.refresh_from_db()
    suggestion.refresh_from_db()
    assert item.field.slug == "digitale-infrastruktur"
    assert suggestion.confirmed_field == fields["digitale-infrastruktur"] and suggestion.decided_by == office_user
    # A decided suggestion is not replaced by a new one.
    services.record_suggestion(idea=item)
    suggestion.refresh_from_db()
    assert suggestion.is_decided


def test_only_the_office_decides(process, resident, fields):
    item = idea(process, resident, "Titel", "Text")
    with pytest.raises(services.AssistantError):
        services.decide_field(user=resident, idea=item, field=fields["digitale-bildung"])
    with pytest.raises(services.AssistantError):
        services.merge_ideas(user=resident, source=item, target=item)


@override_settings(ASSISTANT_RETRAIN_AFTER=2)
def test_enough_decisions_train_a_new_version_that_learns_them(process, resident, office_user, fields,
                                                                 django_capture_on_commit_callbacks):
    text = "Zorbelpunkte für den Quaxplatz, damit die Zorbel immer funktionieren."
    ideas = [idea(process, resident, f"Zorbel {n}", text) for n in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_field(user=office_user, idea=ideas[0], field=fields["digitale-bildung"])
    assert not TrainedModel.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_field(user=office_user, idea=ideas[1], field=fields["digitale-bildung"])
    field_model = TrainedModel.objects.get(kind=ModelKind.FIELD)
    assert field_model.version == 1 and field_model.office_decisions == 2
    assert field_model.training_ideas == 315 + 2
    assert 0 < field_model.metrics["top1"] <= 1
    assert TrainedModel.objects.filter(kind=ModelKind.DUPLICATES).exists()
    ranking = selectors.field_ranking(title="Zorbel", text=text, process=process)
    assert ranking.version == 1
    assert ranking.top.field.slug == "digitale-bildung"
    assert "Zorbelpunkte" in ranking.top.words or "Zorbel" in ranking.top.words


def test_versions_count_up_and_other_library_versions_are_ignored(db):
    first = training.train_field()
    second = training.train_field()
    assert (first.version, second.version) == (1, 2)
    assert store.field_model()[1] == 2
    TrainedModel.objects.filter(pk=second.pk).update(library_version="0.0")
    store.forget()
    assert store.field_model()[1] == 1
    TrainedModel.objects.all().update(library_version="0.0")
    assert store.field_model()[1] is None  # back to the starting corpus
    assert sklearn.__version__ == first.library_version


def test_broken_stored_model_falls_back(db):
    row = training.train_field()
    TrainedModel.objects.filter(pk=row.pk).update(blob=b"not a model")
    store.forget()
    model, version = store.field_model()
    assert version is None and model.suggest("Ladesäule")


def _support(user, item):
    participation_services.support(user, item)


def test_merge_carries_supporters_over_once(process, resident, office_user, make_user):
    target = idea(process, resident, "Ladesäulen in der Siedlung", "Bitte Ladepunkte in Wohngebieten.")
    author = make_user("carla", display_name="Carla")
    source = idea(process, author, "Laden für Mieter", "Wir brauchen Ladesäulen in den Wohnquartieren.")
    both, only_source, only_target = make_user("both"), make_user("src"), make_user("tgt")
    for person in (both, only_target):
        _support(person, target)
    for person in (both, only_source, resident):  # the target's author supported the source
        _support(person, source)
    assert Idea.objects.get(pk=target.pk).support_count == 2
    link = services.merge_ideas(user=office_user, source=source, target=target)
    target.refresh_from_db()
    source.refresh_from_db()
    assert target.support_count == 3 == Support.objects.filter(idea=target).count()
    assert set(Support.objects.filter(idea=target).values_list("user__username", flat=True)) == {"both", "src", "tgt"}
    assert source.support_count == 0 and not Support.objects.filter(idea=source).exists()
    assert link.merged and link.moved_supports == 1
    assert source.moderation == Moderation.HIDDEN and str(target.pk) in source.hidden_reason
    assert IdeaEvent.objects.filter(idea=source, text=source.hidden_reason).exists()
    assert selectors.merged_into(source) == target
    assert Notification.objects.filter(user=author, title__contains="zusammengeführt").exists()
    with pytest.raises(services.AssistantError):
        services.merge_ideas(user=office_user, source=source, target=target)
    with pytest.raises(services.AssistantError):  # into an idea that was itself merged away
        services.merge_ideas(user=office_user, source=idea(process, author, "Neu", "Text"), target=source)


def test_merge_into_itself_is_refused(process, resident, office_user):
    item = idea(process, resident, "Titel", "Text")
    with pytest.raises(services.AssistantError):
        services.merge_ideas(user=office_user, source=item, target=item)


def test_link_and_unlink(process, resident, office_user):
    a = idea(process, resident, "Glasfaser Vorsfelde", "Vorsfelde braucht Glasfaser")
    b = idea(process, resident, "Internet in Vorsfelde", "Schnelles Internet für Vorsfelde")
    link = services.link_duplicate(user=office_user, idea=a, duplicate_of=b, score=0.5)
    assert selectors.links_of(b) == [link]
    with pytest.raises(services.AssistantError):
        services.link_duplicate(user=office_user, idea=a, duplicate_of=b)
    with pytest.raises(services.AssistantError):
        services.link_duplicate(user=office_user, idea=a, duplicate_of=a)
    services.unlink_duplicate(user=office_user, link=link)
    assert not DuplicateLink.objects.exists()


def test_duplicate_candidates_across_processes(process, resident, fields):
    from tests.ideas.conftest import make_process

    other_process = make_process(list(fields.values()))
    wanted = idea(other_process, resident, "Wohnsitz online ummelden", "Ummeldung nach dem Umzug ohne Termin.")
    idea(process, resident, "Mehr Bäume", "Schatten in der Innenstadt")
    hidden = idea(process, resident, "Ummeldung online", "Ummelden online ohne Termin",
                  moderation=Moderation.HIDDEN, hidden_reason="Spam")
    found = selectors.duplicate_candidates(title="Ummeldung im Netz", text="Adresse nach Umzug online ummelden")
    assert found and found[0].idea == wanted
    assert hidden not in [c.idea for c in found]
    assert selectors.duplicate_candidates(title="", text="🙂") == []


def test_topics_of_a_process(process, resident):
    for n in range(4):
        idea(process, resident, f"Ladesäule {n}", "Mehr Ladepunkte für Elektroautos in der Siedlung", support_count=n)
    for n in range(4):
        idea(process, resident, f"Tablet {n}", "Tablets und Lernplattform für die Schule")
    found = selectors.process_topics(process=process, k=2)
    assert sorted(t.size for t in found) == [4, 4]
    assert {t.supports for t in found} == {6, 0}


def test_thread_summary_needs_a_long_thread(process, resident, make_user):
    from modellstadt.comments.models import Comment

    item = idea(process, resident, "Ladesäulen", "Mehr Ladepunkte")
    texts = ["Ladesäulen in der Siedlung wären gut.", "Ja, Ladesäulen in der Siedlung!", "Wann fährt der Bus?",
             "Ladesäulen mit Ökostrom in der Siedlung.", "Danke", "Die Ladesäulen am Bahnhof sind teuer."]
    for text in texts[:5]:
        Comment.objects.create(idea=item, author=resident, text=text)
    assert selectors.thread_summary(idea=item) == []
    Comment.objects.create(idea=item, author=resident, text=texts[5])
    Comment.objects.create(idea=item, author=resident, text="Ladesäulen Siedlung Spam", moderation=Moderation.HIDDEN,
                           hidden_reason="Spam")
    summary = selectors.thread_summary(idea=item)
    assert 1 <= len(summary) <= 3
    assert all(c.moderation == Moderation.PUBLISHED for c in summary)
    assert "Wann fährt der Bus?" not in [c.text for c in summary]


@override_settings(ASSISTANT_SPAM_MIN_EACH=3)
def test_spam_model_from_moderation_decisions(process, resident):
    assert training.train_spam() is None
    for n, text in enumerate(["Billige Kredite http://a.example", "Casino Bonus www.b.example",
                              "Pillen kaufen http://c.example", "Uhren billig http://d.example"]):
        idea(process, resident, f"Angebot {n}", text, moderation=Moderation.HIDDEN, hidden_reason="Spam")
    for n, text in enumerate(["Ladesäulen in der Siedlung", "Glasfaser für Vorsfelde", "Tablets für Schulen",
                              "Bürgerbüro online"]):
        idea(process, resident, f"Idee {n}", text)
    row = training.train_spam()
    assert row.version == 1 and row.metrics["hidden"] == 4
    scores = selectors.spam_scores({"a": "Kredite billig http://x.example", "b": "Ladesäulen für die Siedlung"})
    assert scores["a"] > scores["b"]
