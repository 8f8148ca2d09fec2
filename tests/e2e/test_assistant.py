"""The idea assistant in the browser: a resident asks for a field suggestion, sees the words behind
it, chooses another field and submits; the programme office opens the assistant's back-office pages,
merges two ideas that ask for the same thing and sees every supporter counted once. Every page of the
assistant passes axe-core (WCAG 2.1 A/AA) and asks no host but the portal for anything.
"""

import re

import pytest
from django.core.cache import caches
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.layout import DESKTOP, PHONE, assert_no_sideways_scrolling
from tests.e2e.session import SLOW, sign_in_tab

pytestmark = pytest.mark.e2e

# Texts the starting corpus's duplicate model calls duplicates (see tests/assistant/test_pair_decision.py).
BUS_A = ("Busdaten für alle freigeben", "Die Abfahrtszeiten der Busse in Echtzeit als offene Daten veröffentlichen.")
BUS_B = ("Echtzeitdaten der Busse öffnen",
         "Bitte die Echtzeit-Abfahrten der Busse als offene Daten für alle bereitstellen.")


@pytest.fixture
def assistant_city(city):
    """The participation test city with a third field the starting corpus knows ("Digitale
    Infrastruktur"), two ideas that say the same in other words, and supporters: one supports both,
    one only the first, one only the second."""
    from types import SimpleNamespace

    from modellstadt.assistant import store
    from modellstadt.ideas import services as idea_services
    from modellstadt.strategy.models import CooperationFieldPage, FieldIndexPage
    from tests.e2e.city import _account, build_participation

    for alias in ("default", "pages"):  # rate limits and throttles start afresh for every test
        caches[alias].clear()
    # Train the starting-corpus models now, not in the first request that needs them (seconds on a
    # busy machine, longer than a click waits).
    store.forget()
    store.corpus_field_model()
    store.corpus_duplicate_model()
    participation = build_participation(city)
    infrastructure = FieldIndexPage.objects.get().add_child(instance=CooperationFieldPage(
        title="Digitale Infrastruktur", slug="digitale-infrastruktur", number=3,
        short_description="Glasfaser und WLAN für die ganze Stadt.",
    ))
    process = participation.process
    process.fields.add(infrastructure)
    mobility = CooperationFieldPage.objects.get(slug="elektromobilitaet")
    education = CooperationFieldPage.objects.get(slug="bildung")
    first = idea_services.submit_idea(participation.bernd, process, mobility, *BUS_A)
    second = idea_services.submit_idea(participation.clara, process, mobility, *BUS_B)
    both = _account("ute", "ute@example.org", "Ute unterstützt beide")
    only_first = _account("veit", "veit@example.org", "Veit")
    only_second = _account("wim", "wim@example.org", "Wim")
    for user, ideas in ((both, (first, second)), (only_first, (first,)), (only_second, (second,))):
        for item in ideas:
            idea_services.support(user, item)
    return SimpleNamespace(**vars(participation), mobility=mobility, education=education,
                           infrastructure=infrastructure, first=first, second=second,
                           supporters={"both": both, "only_first": only_first, "only_second": only_second})


def test_resident_sees_the_field_suggestion_with_its_words_and_chooses_another_field(assistant_city, open_tab):
    from modellstadt.assistant.models import FieldSuggestion
    from modellstadt.ideas.models import Idea

    c = assistant_city
    tab = sign_in_tab(open_tab, c.bernd)
    page = tab.page
    title = "Schnellladesäulen am Bahnhof"
    text = "Pendler sollen ihr Elektroauto an Ladesäulen am Bahnhof laden können, während sie mit dem Zug fahren."
    tab.open(f"/beteiligung/{c.process.slug}/idee-einreichen/")
    field = page.get_by_label(re.compile("^Themenfeld"))
    page.get_by_label(re.compile("^Titel")).fill(title)
    page.get_by_label(re.compile("^Beschreibung")).fill(text)
    page.get_by_role("button", name="Feld vorschlagen lassen").click(timeout=SLOW)

    # The suggestion: fields of this process, most likely first, each with its certainty and the
    # person's own words that led to it; the first one is preselected, nothing is submitted yet.
    suggestion = page.locator("section.assistant-suggestion")
    expect(suggestion).to_be_visible(timeout=SLOW)
    expect(suggestion.get_by_role("heading", level=2)).to_have_text("Vorschlag für das Kooperationsfeld")
    first = suggestion.locator("ol > li").first
    expect(first).to_contain_text("Elektromobilität")
    expect(first).to_contain_text(re.compile(r"\d+ % sicher"))
    expect(first).to_contain_text(re.compile(r"wegen der Wörter .*„(Elektroauto|Ladesäulen|Schnellladesäulen)“"))
    expect(suggestion).to_contain_text("Ihr Text wird an niemanden weitergegeben")
    expect(field).to_have_value(str(c.mobility.pk))
    expect(page.get_by_label(re.compile("^Titel"))).to_have_value(title)
    expect(page.get_by_label(re.compile("^Beschreibung"))).to_have_value(text)
    assert not Idea.objects.filter(title=title).exists()
    for size, label in ((DESKTOP, "Desktop"), (PHONE, "360 px")):
        page.set_viewport_size(size)
        assert_accessible(page, f"Idee einreichen mit Feldvorschlag ({label})")
        if size is PHONE:
            assert_no_sideways_scrolling(page, f"Idee einreichen mit Feldvorschlag ({label})")
    page.set_viewport_size(DESKTOP)

    # The resident keeps their own view: the idea is about pupils' ways to school, say. They choose
    # another field and submit; the similar-ideas step keeps that choice.
    field.select_option(str(c.education.pk))
    page.get_by_role("button", name="Idee einreichen").click()
    confirm = page.get_by_role("button", name="Trotzdem einreichen")
    if confirm.count():  # "Ladesäulen" is also in an idea of the test city
        expect(field).to_have_value(str(c.education.pk))
        assert_accessible(page, "Idee einreichen, ähnliche Ideen")
        confirm.click()
    expect(page).to_have_url(re.compile(r"/ideen/\d+/$"), timeout=SLOW)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator("main")).to_contain_text("Bildung und Qualifizierung")
    idea = Idea.objects.get(title=title)
    assert idea.field_id == c.education.pk
    # The office gets the suggestion to confirm or correct, next to the field the resident chose.
    recorded = FieldSuggestion.objects.get(idea=idea)
    assert recorded.suggested_field_id == c.mobility.pk and recorded.confirmed_field_id is None
    tab.assert_local_only()


def test_office_merges_two_duplicates_and_every_supporter_counts_once(assistant_city, open_tab):
    from modellstadt.assistant.models import DuplicateLink
    from modellstadt.ideas.models import Idea, Moderation, Support

    c = assistant_city
    first, second = c.first, c.second
    assert (first.support_count, second.support_count) == (2, 2)
    tab = sign_in_tab(open_tab, c.office)
    page = tab.page

    # Overview: model versions (none trained yet: the starting corpus), undecided suggestions, topics.
    tab.open("/verwaltung/assistent/")
    expect(page.locator("main")).to_contain_text("Der Assistent rechnet nur auf diesem Server")
    expect(page.locator("main")).to_contain_text("mitgelieferte Startkorpus")
    undecided = page.locator("section", has=page.get_by_role("heading", name="Feldvorschläge ohne Entscheidung"))
    expect(undecided.get_by_role("link", name=BUS_A[0])).to_be_visible()
    assert_accessible(page, "Assistent: Übersicht")

    topics = page.get_by_role("link", name=c.process.title)
    topics.click()
    expect(page).to_have_url(re.compile(rf"/verwaltung/assistent/verfahren/{c.process.slug}/themen/$"))
    expect(page.locator("main")).to_contain_text(BUS_A[0])
    assert_accessible(page, "Assistent: Themen")
    tab.assert_local_only()

    # The first idea's page: the suggested field with its words, and the second idea as a duplicate.
    tab.open(f"/verwaltung/assistent/ideen/{first.pk}/")
    field = page.locator("section", has=page.get_by_role("heading", name="Kooperationsfeld"))
    expect(field.locator("ol > li").first).to_contain_text("Sicherheit")
    duplicates = page.locator("section", has=page.get_by_role("heading", name="Ähnliche Ideen in allen Verfahren"))
    row = duplicates.locator("tbody tr", has=page.get_by_role("link", name=BUS_B[0]))
    expect(row).to_be_visible()
    expect(row.locator(f"[data-supports='{second.pk}']")).to_have_text("2")
    assert_accessible(page, "Assistent: Idee mit möglichen Dubletten")

    # Merge the first into the second: the supporter of both counts once there.
    # (Chromium reads the visually hidden part after a space: "Hierhin zusammenführen : in „…“".)
    row.get_by_role("button", name=re.compile(rf"^Hierhin zusammenführen\s*: in „{re.escape(BUS_B[0])}“$")).click()
    expect(page).to_have_url(re.compile(rf"/verwaltung/assistent/ideen/{second.pk}/$"), timeout=SLOW)
    expect(page.locator("body")).to_contain_text(
        f"„{BUS_A[0]}“ wurde mit „{BUS_B[0]}“ zusammengeführt; 1 Unterstützungen wurden übertragen."
    )
    expect(page.locator(f"#idea-title + p [data-supports='{second.pk}']")).to_have_text("3")
    linked = page.locator("section", has=page.get_by_role("heading", name="Ähnliche Ideen in allen Verfahren"))
    expect(linked).to_contain_text("hierher zusammengeführt:")
    expect(linked.get_by_role("link", name=BUS_A[0])).to_be_visible()
    assert_accessible(page, "Assistent: Ziel-Idee nach dem Zusammenführen")

    supporters = set(Support.objects.filter(idea=second).values_list("user__username", flat=True))
    assert supporters == {"ute", "veit", "wim"}
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.support_count == 3 and first.support_count == 0
    assert first.moderation == Moderation.HIDDEN
    link = DuplicateLink.objects.get(idea=first)
    assert link.merged and link.moved_supports == 1
    assert 0 < link.score <= 1  # the similarity the page showed, kept with the link
    assert not Idea.objects.filter(pk=first.pk, moderation=Moderation.PUBLISHED).exists()

    tab.assert_local_only()

    # What everyone sees: the second idea counts three people; the first points to it.
    visitor = open_tab()
    public = visitor.page
    visitor.open(second.get_absolute_url())
    expect(public.locator("#support-count")).to_have_text("3 Personen unterstützen diese Idee.")
    visitor.open(first.get_absolute_url())
    pointer = public.locator("main [role='status']", has_text="gleichartigen Idee zusammengeführt")
    expect(pointer).to_contain_text(f"„{BUS_B[0]}“. Unterstützen und diskutieren Sie bitte dort.")
    expect(pointer.get_by_role("link", name="Zur zusammengeführten Idee")).to_have_attribute(
        "href", second.get_absolute_url()
    )
    expect(public.locator("main")).not_to_contain_text(BUS_A[1])  # the hidden text itself stays hidden
    assert_accessible(public, "Zusammengeführte Idee (öffentlich)")
    visitor.assert_local_only()
