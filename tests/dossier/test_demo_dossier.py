"""The Bitkom "Digitale Stadt" call in the demo city: facts, mapping, a nearly complete dossier, idempotent."""

import pytest
from django.core.management import call_command

from modellstadt.demo.dossier import CALL_SLUG, DOSSIER_TITLE, load_dossier_demo
from modellstadt.dossier import selectors
from modellstadt.dossier.models import (
    Call,
    CallDeadline,
    CallRequirement,
    CallTheme,
    Dossier,
    DossierSection,
    ScoringCriterion,
    SelfAssessment,
    ThemeMapping,
)


@pytest.fixture
def demo(db, settings, tmp_path, monkeypatch):
    settings.VAR_DIR = tmp_path
    monkeypatch.delenv("MODELLSTADT_DEMO_PASSWORD", raising=False)
    call_command("demo", stdout=open("/dev/null", "w"))
    return Call.objects.get(slug=CALL_SLUG)


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (Call, CallDeadline, CallTheme, CallRequirement, ScoringCriterion, ThemeMapping, Dossier,
                      DossierSection, SelfAssessment)
    }


def test_demo_call_has_the_competitions_facts(demo):
    assert "Bitkom" in demo.organiser and "DStGB" in demo.organiser
    assert (demo.min_population, demo.max_population) == (100_000, 150_000)
    assert [t.title for t in demo.themes.order_by("number")] == [
        "IT-Infrastruktur", "Verwaltung", "Gesellschaft", "Mobilität", "Energie und Umwelt", "Gesundheit",
        "Handel", "Sicherheit", "Datenplattform", "Bildung",
    ]
    assert demo.max_points == 45
    assert demo.criteria.get(title="Unterstützung durch lokale Akteure").max_points == 15
    assert {r.kind for r in demo.requirements.all()} >= {"status_and_vision", "project_management", "partner_support"}
    assert demo.deadlines.order_by("due").first().due.date().isoformat() == "2017-03-15"
    assert demo.status == "finalist"
    assert "Annahme" in demo.editorial_note and "bitkom.org" in demo.editorial_note


def test_demo_dossier_is_nearly_complete_with_visible_gaps(demo):
    dossier = Dossier.objects.get(call=demo, title=DOSSIER_TITLE)
    assert selectors.check_eligibility(demo, selectors.initiative()).eligible is True
    content = selectors.build_dossier_content(dossier)
    mobility = next(t for t in content["themes"] if t["title"] == "Mobilität")
    assert [f["number"] for f in mobility["fields"]] == [4, 5]
    assert mobility["projects"] and mobility["vision"]
    messages = [gap.message for gap in selectors.completeness(dossier, content)]
    assert "Thema Gesundheit: keine Vision hinterlegt" in messages
    assert "Thema Sicherheit: keine Projekte zugeordnet" in messages
    assert "Abschnitt Beteiligung der Bürgerinnen und Bürger: kein Text" in messages
    assert not any(m.startswith("Thema Mobilität") for m in messages)
    assert "Anforderung Projektmanagement: kein Gremium mit Mitgliedern" not in messages
    assert len(messages) <= 8
    assert selectors.self_assessment(dossier)["total"] == 36
    assert "Demo-Inhalt" in dossier.editorial_note


def test_loading_the_dossier_demo_twice_duplicates_nothing(demo):
    before = _counts()
    dossier = Dossier.objects.get(call=demo)
    Dossier.objects.filter(pk=dossier.pk).update(state=Dossier.State.FROZEN)
    load_dossier_demo()
    assert _counts() == before
    assert Dossier.objects.get(pk=dossier.pk).state == Dossier.State.FROZEN  # nothing changed, nothing touched
    CallTheme.objects.filter(call=demo, number=1).update(title="Geändert")
    load_dossier_demo()
    assert CallTheme.objects.get(call=demo, number=1).title == "IT-Infrastruktur"
    assert _counts() == before
