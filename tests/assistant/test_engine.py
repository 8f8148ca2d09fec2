"""The assistant's methods on plain texts: field suggestion with reasons, duplicates, topics,
thread summaries and the spam score, including texts that are empty, one word, English, only
emojis or 20,000 characters long."""

import time

import pytest

from modellstadt.assistant import corpus, engine, nlp, store

LADEN = engine.idea_text(
    "Mehr Ladesäulen in der Siedlung",
    "In unserer Straße gibt es keine Lademöglichkeit für Elektroautos. Bitte Ladepunkte bauen.",
)


@pytest.fixture(scope="module")
def field_model():
    return store.corpus_field_model()


@pytest.fixture(scope="module")
def duplicate_model():
    return store.corpus_duplicate_model()


def test_folding_makes_umlauts_and_their_spelling_equal():
    assert nlp.stems("Ladesäule") == nlp.stems("Ladesaeule")
    assert nlp.stems("für die Straße") == nlp.stems("fuer die strasse")
    assert nlp.words("Bitte und aber") == []


def test_surface_forms_keep_what_the_person_typed():
    forms = nlp.surface_forms("Ladesäulen für Elektroautos")
    assert forms[nlp.stem(nlp.fold("Ladesäulen"))] == "Ladesäulen"


def test_suggests_the_field_with_the_words_that_led_to_it(field_model):
    ranked = field_model.suggest(LADEN)
    assert [s.field for s in ranked][0] == "elektromobilitaet"
    assert len(ranked) == 3
    assert ranked[0].confidence > ranked[1].confidence >= ranked[2].confidence
    assert sum(s.confidence for s in ranked) <= 1.0001
    # The explanation names words of the idea as typed, e.g. "Elektroautos" or "Ladepunkte".
    assert ranked[0].words
    assert set(ranked[0].words) <= set(LADEN.replace(".", " ").split())


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        ("Glasfaser fuer unser Dorf", "das internet ist zu langsam, bitte breitband ausbauen",
         "digitale-infrastruktur"),
        ("Perso online verlängern", "Ich will nicht wegen jedem Formular ins Bürgerbüro, bitte online Anträge.",
         "einfache-verwaltung"),
        ("Tablets in der Schule", "Unsere Schüler brauchen Geräte und die Lehrer Fortbildung.", "digitale-bildung"),
    ],
)
def test_typical_ideas_typos_and_missing_umlauts(field_model, title, text, expected):
    assert field_model.suggest(engine.idea_text(title, text))[0].field == expected


@pytest.mark.parametrize("text", ["", "   ", "🚲🚌⚡️🙂", "!!! ???", "12"])
def test_nothing_to_read_gives_no_suggestion(field_model, text):
    assert field_model.suggest(text) == []


def test_one_word_still_gives_three_fields(field_model):
    ranked = field_model.suggest("Ladesäule")
    assert len(ranked) == 3 and ranked[0].field == "elektromobilitaet"


def test_english_idea_gives_a_suggestion_without_error(field_model):
    ranked = field_model.suggest(engine.idea_text("Charging stations", "More charging stations for electric cars"))
    assert len(ranked) == 3
    assert all(0 <= s.confidence <= 1 for s in ranked)


def test_very_long_text_is_fast(field_model):
    text = engine.idea_text("Ladesäulen", "Wir brauchen mehr Ladepunkte für Elektroautos. " * 450)
    assert len(text) > 20_000
    field_model.suggest(text)
    start = time.perf_counter()
    ranked = field_model.suggest(text)
    assert (time.perf_counter() - start) < 0.5  # generous bound on a shared machine; benchmark: bench/
    assert ranked[0].field == "elektromobilitaet"


def test_duplicates_found_across_wording(duplicate_model):
    candidates = [
        (1, engine.idea_text("Ummeldung online", "Die Anmeldung einer neuen Wohnung sollte online gehen.")),
        (2, engine.idea_text("Mehr Bäume", "In der Innenstadt fehlen Bäume und Schatten.")),
        (3, engine.idea_text("Hundesteuer", "Hundesteuer online bezahlen")),
    ]
    query = engine.idea_text("Wohnsitz online ummelden", "Nach dem Umzug die Ummeldung ohne Termin im Bürgerbüro.")
    found = duplicate_model.matches(query, candidates)
    assert found and found[0].key == 1
    assert 2 not in [m.key for m in found]
    assert found[0].shared  # words both ideas use


@pytest.mark.parametrize("text", ["", "🙂🙂", "x"])
def test_duplicates_of_nothing_is_nothing(duplicate_model, text):
    assert duplicate_model.matches(text, [(1, "Ladesäulen bauen")]) == []
    assert duplicate_model.matches("Ladesäulen", []) == []


def test_duplicate_pairs_of_a_list(duplicate_model):
    texts = ["Glasfaser in Vorsfelde ausbauen", "Vorsfelde braucht Glasfaser", "Kitaplätze planen"]
    pairs = duplicate_model.pairs(["a", "b", "c"], texts, threshold=0.2)
    assert pairs and pairs[0][:2] == ("a", "b")
    assert duplicate_model.pairs(["a"], ["x"]) == []


def test_topics_group_ideas_and_count_supports():
    rows = corpus.starting_corpus()
    wanted = {"elektromobilitaet", "digitale-bildung"}
    items = [(r.id, engine.idea_text(r.title, r.text), 2) for r in rows if r.field in wanted]
    found = engine.topics(items, k=2)
    assert len(found) == 2
    assert sum(t.size for t in found) == len(items)
    assert sum(t.supports for t in found) == 2 * len(items)
    fields = {r.id: r.field for r in rows}
    for topic in found:  # each topic is mostly one field
        share = max(sum(fields[k] == f for k in topic.keys) for f in wanted) / topic.size
        assert share > 0.8
        assert topic.label


def test_topics_of_few_or_empty_ideas():
    assert engine.topics([]) == []
    one = engine.topics([(1, "Ladesäulen", 3)])
    assert len(one) == 1 and one[0].keys == [1] and one[0].supports == 3
    emojis = engine.topics([(1, "🙂", 0), (2, "🚲", 1)])
    assert sum(t.size for t in emojis) == 2


def test_topic_count_grows_with_ideas():
    assert engine.topic_count(1) == 1
    assert engine.topic_count(40) == 5
    assert engine.topic_count(2000) == 12


def test_summary_picks_central_comments_in_thread_order():
    comments = [
        (1, "Ladesäulen in der Siedlung wären gut, weil viele kein eigenes Grundstück haben."),
        (2, "Ja, Ladesäulen in der Siedlung, unbedingt!"),
        (3, "Ich finde, die Ladesäulen sollten Ökostrom bieten und in der Siedlung stehen."),
        (4, "Wann fährt eigentlich der Bus am Sonntag?"),
        (5, "Danke"),
        (6, "Ladesäulen in der Siedlung bitte mit fairen Preisen, die Ladesäulen am Bahnhof sind teuer."),
        (7, "🙂"),
    ]
    picked = engine.summarise(comments, size=3)
    keys = [k for k, _ in picked]
    assert len(keys) == 3 and keys == sorted(keys)
    assert 4 not in keys and 5 not in keys and 7 not in keys
    assert max(score for _, score in picked) == pytest.approx(1.0)


def test_summary_of_short_threads_is_the_thread():
    assert engine.summarise([(1, "Prima Vorschlag"), (2, "Schlechte Idee")]) == [(1, 1.0), (2, 1.0)]
    assert engine.summarise([]) == []


SPAM = [
    "Billige Uhren kaufen http://spam.example",
    "Viagra günstig www.pillen.example jetzt bestellen",
    "KREDIT OHNE SCHUFA!!! http://kredit.example",
    "Geld verdienen von zuhause http://reich.example",
    "Casino Bonus 500 Euro www.casino.example",
    "Ihr seid alle Idioten",
]
HAM = [
    "Ladesäulen in der Siedlung wären gut.",
    "Ich unterstütze die Idee mit dem Bus.",
    "Bitte auch an Senioren denken.",
    "Gute Idee, aber wer bezahlt das?",
    "Glasfaser in Vorsfelde fehlt wirklich.",
    "Die Bibliothek als Lernort finde ich toll.",
]


def test_spam_model_scores_like_the_moderators_decided():
    model = engine.SpamModel.train(SPAM + HAM, [True] * len(SPAM) + [False] * len(HAM))
    scores = model.scores(["Billiger Kredit http://x.example", "Gute Idee für die Siedlung"])
    assert scores[0] > 0.5 > scores[1]
    assert model.score("") < 1
    assert model.scores([]) == []
    assert "Kredit" in model.reasons("Billiger Kredit ohne Schufa")


def test_spam_model_needs_both_kinds():
    with pytest.raises(ValueError):
        engine.SpamModel.train(HAM, [False] * len(HAM))
