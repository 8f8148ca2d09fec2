"""Eligibility, theme mapping, per-dossier overrides, completeness and self-assessment."""

import pytest
from django.db import IntegrityError, transaction

from modellstadt.dossier import selectors, services
from modellstadt.dossier.models import Call, SelfAssessment
from modellstadt.strategy.models import BodyMembership, CooperationFieldPage, HomePage


@pytest.mark.parametrize(
    ("population", "eligible"),
    [(99_999, False), (100_000, True), (123_000, True), (150_000, True), (150_001, False)],
)
def test_eligibility_population_range(call, city, population, eligible):
    city.population = population
    result = selectors.check_eligibility(call, city)
    assert result.eligible is eligible
    assert ("Nicht teilnahmeberechtigt" in result.message) is (not eligible)
    assert "100.000 bis 150.000" in result.message


def test_eligibility_open_ranges_and_unknown_population(call, city):
    open_call = Call(title="Offen", slug="offen", organiser="Land")
    assert selectors.check_eligibility(open_call, city).eligible is True
    only_min = Call(title="Groß", slug="gross", organiser="Bund", min_population=200_000)
    result = selectors.check_eligibility(only_min, city)
    assert result.eligible is False and "mindestens 200.000" in result.message
    city.population = None
    unknown = selectors.check_eligibility(call, city)
    assert unknown.eligible is None
    assert "nicht hinterlegt" in unknown.message


def test_mapping_draws_status_vision_and_projects_from_mapped_fields(dossier, fields, projects):
    content = selectors.build_dossier_content(dossier)
    health, mobility = content["themes"]
    assert health["title"] == "Gesundheit"
    assert health["status"] == "Praxen arbeiten auf Papier."
    assert health["vision"] == "Telemedizin für alle."
    assert [p["title"] for p in health["projects"]] == ["Telesprechstunde"]
    assert [f["title"] for f in mobility["fields"]] == ["Mobilität"]
    assert mobility["projects"][0]["title"] == "Mobilitätsassistent"


def test_theme_mapped_to_two_fields_joins_both_texts(dossier, call, fields, projects):
    theme = call.themes.get(number=1)
    services.set_theme_mapping(theme, fields=[fields["health"], fields["mobility"]], projects=[])
    health = selectors.build_dossier_content(dossier)["themes"][0]
    assert "**Gesundes Leben:** Telemedizin für alle." in health["vision"]
    assert "**Mobilität:** Eine App für jede Reise." in health["vision"]


def test_override_changes_only_the_dossier_not_the_field_page(dossier, call, fields):
    theme = call.themes.get(number=1)
    services.save_theme_text(dossier, theme, status_text="", vision_text="Eigene Vision für die Jury.")
    health = selectors.build_dossier_content(dossier)["themes"][0]
    assert health["vision"] == "Eigene Vision für die Jury."
    assert health["vision_source"] == "dossier"
    assert health["status"] == "Praxen arbeiten auf Papier."  # empty override: taken from the field
    page = CooperationFieldPage.objects.get(pk=fields["health"].pk)
    assert page.vision == "Telemedizin für alle."
    other = services.create_dossier(call, title="Zweite Bewerbung")
    assert selectors.build_dossier_content(other)["themes"][0]["vision"] == "Telemedizin für alle."


def _messages(dossier):
    return [gap.message for gap in selectors.completeness(dossier)]


def test_completeness_gaps_appear_and_disappear(dossier, fields, governance, support, city):
    messages = _messages(dossier)
    assert messages == ["Abschnitt Gesamtkonzept: kein Text"]

    page = CooperationFieldPage.objects.get(pk=fields["health"].pk)
    page.vision = ""
    page.save_revision().publish()
    BodyMembership.objects.filter(body=governance).delete()
    messages = _messages(dossier)
    assert "Thema Gesundheit: keine Vision hinterlegt" in messages
    assert "Anforderung Projektmanagement: kein Gremium mit Mitgliedern" in messages
    gaps = {gap.message: gap for gap in selectors.completeness(dossier)}
    assert gaps["Thema Gesundheit: keine Vision hinterlegt"].url == f"/verwaltung/pages/{page.pk}/edit/"
    assert gaps["Anforderung Projektmanagement: kein Gremium mit Mitgliedern"].url.startswith("/verwaltung/")

    # fixing: an override in the dossier, a member, a text for the section
    services.save_theme_text(dossier, dossier.call.themes.get(number=1), vision_text="Telemedizin im Quartier.")
    BodyMembership.objects.create(body=governance, person="Leitung PMO", role="Programmbüro")
    requirement = dossier.call.requirements.get(kind="free_text")
    services.save_section(dossier, requirement, "Unser Konzept in drei Sätzen.")
    assert _messages(dossier) == []


def test_completeness_reports_missing_letters_mapping_and_summary(call, governance, city):
    dossier = services.create_dossier(call, title="Leer")
    messages = _messages(dossier)
    assert "Zusammenfassung: kein Text" in messages
    assert "Thema Gesundheit: keinem Kooperationsfeld zugeordnet" in messages
    assert "Thema Gesundheit: keine Vision hinterlegt" in messages
    assert "Unterstützung: keine Unterstützungsschreiben für diese Ausschreibung" in messages
    assert "Unterstützung: keine Zusagen für diese Ausschreibung" in messages


def test_completeness_reports_ineligible_city(dossier, city):
    home = HomePage.objects.get(pk=city.pk)
    home.population = 90_000
    home.save_revision().publish()
    assert any(m.startswith("Nicht teilnahmeberechtigt: 90.000 Einwohner") for m in _messages(dossier))


def test_self_assessment_total_and_maximum(dossier, call):
    criteria = list(call.criteria.order_by("order"))
    services.set_assessment(dossier, criteria[0], 12)
    services.set_assessment(dossier, criteria[1], "15", "Über 100 Schreiben")
    summary = selectors.self_assessment(dossier)
    assert summary["total"] == 27
    assert summary["max"] == 45
    with pytest.raises(services.DossierError, match="0 bis 15 Punkte"):
        services.set_assessment(dossier, criteria[2], 16)
    with pytest.raises(services.DossierError, match="ganze Zahl"):
        services.set_assessment(dossier, criteria[2], "viel")


def test_database_refuses_more_points_than_the_maximum(dossier, call):
    criterion = call.criteria.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        SelfAssessment.objects.create(dossier=dossier, criterion=criterion, expected_points=16)
    assert SelfAssessment.objects.filter(dossier=dossier, criterion=criterion, expected_points=16).update(
        expected_points=15
    ) == 0


def test_building_the_dossier_costs_the_same_queries_whatever_the_support(dossier, support, call):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from modellstadt.partners.models import Pledge
    from tests import factories

    def queries():
        with CaptureQueriesContext(connection) as context:
            content = selectors.build_dossier_content(dossier)
            selectors.completeness(dossier, content)
        return len(context.captured_queries), content

    before, _content = queries()
    for i in range(15):
        org = factories.organisation(f"Firma {i}", kind="private_company")
        pledge = Pledge.objects.create(organisation=org, kind="money", description="Geld", estimated_value_eur=100)
        pledge.calls.add(call)
    after, content = queries()
    assert content["support"]["pledge_count"] == 17
    assert content["support"]["organisation_count"] == 17
    assert after == before
