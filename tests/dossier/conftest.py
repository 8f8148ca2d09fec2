import datetime

import pytest
from django.utils import timezone

from modellstadt.dossier import services
from modellstadt.dossier.models import Call, CallDeadline, CallRequirement, CallTheme, ScoringCriterion
from modellstadt.strategy.models import BodyMembership, GoverningBody, HomePage
from tests import factories


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Frozen versions and exports go to a temporary private folder."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def city(portal):
    home = HomePage.objects.get(pk=portal.pk)
    home.population = 123_000
    home.lead_unit = "Team Digitalisierung"
    home.save_revision().publish()
    return HomePage.objects.get(pk=portal.pk)


@pytest.fixture
def fields(city):
    health = factories.field(1, "Gesundes Leben", status_description="Praxen arbeiten auf Papier.",
                             vision="Telemedizin für alle.")
    mobility = factories.field(2, "Mobilität", status_description="Busse ohne Echtzeitdaten.",
                               vision="Eine App für jede Reise.")
    return {"health": health, "mobility": mobility}


@pytest.fixture
def projects(fields):
    return {
        "tele": factories.project(fields["health"], "Telesprechstunde"),
        "app": factories.project(fields["mobility"], "Mobilitätsassistent"),
    }


@pytest.fixture
def governance(city):
    body = GoverningBody.objects.create(name="Steuerkreis", kind="steering_committee")
    BodyMembership.objects.create(body=body, person="Oberbürgermeisterin", role="Vorsitz")
    return body


@pytest.fixture
def call(db):
    call = Call.objects.create(
        organiser="Bitkom", title="Digitale Stadt", slug="digitale-stadt",
        min_population=100_000, max_population=150_000,
    )
    CallDeadline.objects.create(call=call, label="Abgabe", due=timezone.make_aware(datetime.datetime(2017, 3, 15, 12)))
    CallTheme.objects.create(call=call, number=1, title="Gesundheit")
    CallTheme.objects.create(call=call, number=2, title="Mobilität")
    CallRequirement.objects.create(call=call, kind="status_and_vision", title="Status und Vision", order=1)
    CallRequirement.objects.create(call=call, kind="project_management", title="Projektmanagement", order=2)
    CallRequirement.objects.create(call=call, kind="partner_support", title="Unterstützung", order=3)
    CallRequirement.objects.create(call=call, kind="free_text", title="Gesamtkonzept", order=4)
    ScoringCriterion.objects.create(call=call, title="Gesamtkonzept", max_points=15, order=1)
    ScoringCriterion.objects.create(call=call, title="Unterstützung lokaler Akteure", max_points=15, order=2)
    ScoringCriterion.objects.create(call=call, title="Projektmanagement", max_points=15, order=3)
    return call


@pytest.fixture
def mapped(call, fields, projects):
    health = call.themes.get(number=1)
    mobility = call.themes.get(number=2)
    services.set_theme_mapping(health, fields=[fields["health"]], projects=[projects["tele"]])
    services.set_theme_mapping(mobility, fields=[fields["mobility"]], projects=[projects["app"]])
    return call


@pytest.fixture
def dossier(mapped, governance):
    return services.create_dossier(mapped, title="Bewerbung Teststadt", summary="Wir wollen **digital** werden.")


@pytest.fixture
def support(call):
    """Letters and pledges of the partners app for ``call`` (one public letter with a real PDF)."""
    import io

    from django.core.files.base import ContentFile
    from reportlab.pdfgen import canvas

    from modellstadt.partners.models import Pledge, SupportLetter

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, "Brief der Stadtwerke: Wir unterstuetzen die Bewerbung.")
    pdf.showPage()
    pdf.save()
    stadtwerke = factories.organisation("Stadtwerke Teststadt", kind="municipal_company")
    uni = factories.organisation("Hochschule Teststadt", kind="research")
    letter = SupportLetter(organisation=stadtwerke, date=datetime.date(2017, 2, 1), signatory="Dr. Werk", public=True)
    letter.file.save("brief.pdf", ContentFile(buffer.getvalue()), save=False)
    letter.save()
    letter.calls.add(call)
    post = SupportLetter.objects.create(organisation=uni, date=datetime.date(2017, 2, 3), signatory="Prof. Uni",
                                        received_by_post=True)
    post.calls.add(call)
    pledge_1 = Pledge.objects.create(organisation=stadtwerke, kind="data", description="Echtzeitdaten der Busse",
                                     estimated_value_eur="25000.00")
    pledge_2 = Pledge.objects.create(organisation=uni, kind="staff_time", description="Zwei Promotionsstellen",
                                     estimated_value_eur="150000.50")
    pledge_1.calls.add(call)
    pledge_2.calls.add(call)
    return {"letters": [letter, post], "pledges": [pledge_1, pledge_2]}


@pytest.fixture
def office_user(city, django_user_model):
    from modellstadt.accounts.roles import ensure_office_group

    user = django_user_model.objects.create_user("buero", email="buero@example.org", password="x" * 12)
    user.groups.add(ensure_office_group(city))
    return user


@pytest.fixture
def field_lead(fields, django_user_model):
    from modellstadt.accounts.roles import ensure_field_lead_group

    user = django_user_model.objects.create_user("feldleitung", email="feld@example.org", password="x" * 12)
    user.groups.add(ensure_field_lead_group(fields["health"]))
    return user
