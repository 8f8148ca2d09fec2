import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from modellstadt.dossier import services as dossier_services
from modellstadt.dossier.models import Call, CallTheme, Dossier, DossierThemeText
from modellstadt.progress import services
from modellstadt.progress.models import Assessment, CriterionRating, SmartCityArea

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(field, indicator, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    call = Call.objects.create(organiser="Bitkom", title="Digitale Stadt", slug="digitale-stadt")
    mobility = CallTheme.objects.create(call=call, number=1, title="Mobilität")
    CallTheme.objects.create(call=call, number=2, title="Gesundheit")
    dossier_services.set_theme_mapping(mobility, fields=[field], projects=[])
    area = SmartCityArea.objects.get(key="mobilitaet")
    area.fields.add(field)
    area.save()
    assessment = Assessment.objects.create(title="Selbstbewertung", date=datetime.date(2025, 3, 31))
    CriterionRating.objects.create(assessment=assessment, criterion=area.criteria.first(), score=70)
    return Dossier.objects.create(call=call, title="Bewerbung Digitale Stadt")


def test_dossier_takes_indicators_and_assessment_into_its_status_per_theme(dossier, field):
    field.status_description = "Es gibt 300 Ladepunkte."
    field.save_revision().publish()
    assert services.take_progress_into_dossier(dossier=dossier) == 1
    text = DossierThemeText.objects.get(dossier=dossier).status_text
    assert text.startswith("Es gibt 300 Ladepunkte.")
    assert "- Öffentliche Ladepunkte: Ziel 2025: 1.000 Ladepunkte; erreicht 640" in text
    assert "Smart-City-Selbstbewertung vom 31.03.2025" in text and "Mobilität: 70 von 100 Punkten" in text


def test_office_transfers_progress_into_a_dossier(dossier):
    user = get_user_model().objects.create_superuser("buero", "buero@example.org", "pw")
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    page = client.get("/verwaltung/fortschritt/bewerbung/").content.decode()
    assert "In „Bewerbung Digitale Stadt“ übernehmen" in page
    assert client.post("/verwaltung/fortschritt/bewerbung/", {"dossier": dossier.pk}).status_code == 302
    assert DossierThemeText.objects.filter(dossier=dossier).count() == 1
