import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from docx import Document

from modellstadt.progress import services
from modellstadt.progress.models import CouncilReport
from modellstadt.progress.report import build_report_content
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(field, indicator, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    from modellstadt.projects.models import Milestone

    project = factories.project(field, title="Ladepark Nord", status="pilot")
    Milestone.objects.create(project=project, title="Bau fertig", due=datetime.date(2024, 5, 1), done=True)
    Milestone.objects.create(project=project, title="Abnahme", due=datetime.date(2024, 6, 1), done=False)
    first = CouncilReport.objects.create(title="Bericht 2023", period_start=datetime.date(2023, 1, 1),
                                         period_end=datetime.date(2023, 12, 31))
    second = CouncilReport.objects.create(title="Bericht 2024", period_start=datetime.date(2024, 1, 1),
                                          period_end=datetime.date(2024, 12, 31))
    return project, first, second


def test_report_content_per_field_with_changes_since_the_last_report(reports, field):
    project, first, second = reports
    services.freeze_report(report=first)
    project.status = "operation"
    project.save_revision().publish()
    content = build_report_content(second)
    section = next(f for f in content["fields"] if f["title"] == "Elektromobilität")
    row = next(p for p in section["projects"] if p["title"] == "Ladepark Nord")
    assert row["changed"] and row["previous_status"] == "pilot" and row["status"] == "operation"
    assert [m["title"] for m in section["milestones"]["done"]] == ["Bau fertig"]
    assert [m["title"] for m in section["milestones"]["late"]] == ["Abnahme"]
    assert section["indicators"][0]["sentence"].startswith("Ziel 2025: 1.000 Ladepunkte")
    assert content["totals"]["changed"] == 1


def test_freezing_stores_docx_and_checksums_that_detect_changes(reports):
    _project, first, _second = reports
    report = services.freeze_report(report=first)
    assert report.state == "frozen" and len(report.checksum) == 64 and services.verify_report(report)
    with report.docx_file.open("rb") as handle:
        document = Document(io.BytesIO(handle.read()))
    assert document.core_properties.title == "Bericht 2023" and document.core_properties.language == "de-DE"
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading 1")]
    assert "5. Elektromobilität" in headings and "Beteiligung im Zeitraum" in headings
    with pytest.raises(services.ProgressError):
        services.freeze_report(report=first)
    report.content["title"] = "Geändert"
    assert not services.verify_report(report)


def test_office_freezes_and_publishes_a_report_in_the_back_office(reports):
    _project, first, _second = reports
    user = get_user_model().objects.create_superuser("buero", "buero@example.org", "pw")
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    url = f"/verwaltung/fortschritt/bericht/{first.pk}/"
    assert "Bericht erstellen und festschreiben" in client.get(url).content.decode()
    assert client.post(url, {"action": "freeze"}).status_code == 302
    first.refresh_from_db()
    assert first.state == "frozen"
    html = client.get(url).content.decode()
    assert "stimmen mit den Prüfsummen überein" in html and first.checksum in html
    assert client.get(f"{url}datei.docx").status_code == 200
    assert client.post(url, {"action": "publish"}).status_code == 302
    from wagtail.documents.models import Document as WagtailDocument

    assert WagtailDocument.objects.filter(title="Bericht 2023").exists()
