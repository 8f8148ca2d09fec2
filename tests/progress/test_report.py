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


def _decision(title, day, *, fields=(), projects=()):
    from modellstadt.strategy.models import Decision, GoverningBody

    body = GoverningBody.objects.first() or GoverningBody.objects.create(name="Steuerkreis",
                                                                         kind="steering_committee")
    decision = Decision.objects.create(body=body, date=day, title=title, text="Beschlossen.")
    decision.fields.set(fields)
    decision.projects.set(projects)
    decision.save()  # parental many-to-many relations are written on save
    return decision


def test_decisions_count_for_the_fields_of_their_projects_and_unassigned_ones_are_kept(reports, field):
    project, _first, second = reports
    _decision("Ladepark erweitern", datetime.date(2024, 3, 1), projects=[project])
    _decision("Haushalt 2025", datetime.date(2024, 11, 1))
    _decision("Außerhalb des Zeitraums", datetime.date(2023, 11, 1))
    content = build_report_content(second)
    section = next(f for f in content["fields"] if f["title"] == "Elektromobilität")
    assert [d["title"] for d in section["decisions"]] == ["Ladepark erweitern"]
    assert [d["title"] for d in content["decisions_unassigned"]] == ["Haushalt 2025"]


def test_report_carries_the_latest_self_assessment_of_the_period_and_the_one_before(reports, field):
    from modellstadt.progress.models import Assessment, CriterionRating, SmartCityArea

    _project, _first, second = reports
    mobility = SmartCityArea.objects.get(key="mobilitaet")
    mobility.fields.add(field)
    mobility.save()
    first_criterion, second_criterion = list(mobility.criteria.all()[:2])
    for day, scores in ((datetime.date(2023, 6, 30), (20, 40)), (datetime.date(2024, 6, 30), (50, 70)),
                        (datetime.date(2025, 6, 30), (90, 90))):  # the last one is after the period
        assessment = Assessment.objects.create(title=f"Selbstbewertung {day.year}", date=day)
        CriterionRating.objects.create(assessment=assessment, criterion=first_criterion, score=scores[0])
        CriterionRating.objects.create(assessment=assessment, criterion=second_criterion, score=scores[1])
    Assessment.objects.create(title="Entwurf", date=datetime.date(2024, 12, 1), is_public=False)

    assessment = build_report_content(second)["assessment"]
    assert (assessment["title"], assessment["date"]) == ("Selbstbewertung 2024", "2024-06-30")
    assert assessment["previous"] == {"title": "Selbstbewertung 2023", "date": "2023-06-30", "total": 30}
    row = next(a for a in assessment["areas"] if a["name"] == "Mobilität")
    assert (row["score"], row["previous"], row["fields"]) == (60, 30, ["Elektromobilität"])
    assert assessment["total"] == 60  # the only rated area
    assert all(a["score"] is None for a in assessment["areas"] if a["name"] != "Mobilität")

    with report_docx_text(second) as text:
        assert "Smart-City-Selbstbewertung" in text and "Selbstbewertung 2024" in text


class report_docx_text:
    """The DOCX of a report's content as one text (paragraphs and table cells)."""

    def __init__(self, report):
        from modellstadt.progress.exports.report_docx import render_docx

        self.data = render_docx(build_report_content(report))

    def __enter__(self):
        document = Document(io.BytesIO(self.data))
        parts = [p.text for p in document.paragraphs]
        parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return "\n".join(parts)

    def __exit__(self, *exc):
        return False


def test_report_content_costs_the_same_queries_whatever_the_data(reports, field, indicator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from modellstadt.progress.models import Assessment, CriterionRating, SmartCityArea
    from tests.progress.conftest import make_indicator

    project, _first, second = reports
    criterion = SmartCityArea.objects.first().criteria.first()
    assessment = Assessment.objects.create(title="Selbstbewertung", date=datetime.date(2024, 1, 1))
    CriterionRating.objects.create(assessment=assessment, criterion=criterion, score=10)
    _decision("Erster Beschluss", datetime.date(2024, 2, 1), fields=[field])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            content = build_report_content(second)
        return len(ctx.captured_queries), content

    before, _content = count()
    for n in range(3):
        make_indicator(field, name=f"Indikator {n}",
                       values=[(datetime.date(2020 + y, 12, 31), 10 * y) for y in range(4)])
        _decision(f"Beschluss {n}", datetime.date(2024, 3, 1 + n), fields=[field], projects=[project])
        _decision(f"Ohne Feld {n}", datetime.date(2024, 4, 1 + n))
        later = Assessment.objects.create(title=f"Bewertung {n}", date=datetime.date(2024, 5, 1 + n))
        CriterionRating.objects.create(assessment=later, criterion=criterion, score=20 + n)
    after, content = count()
    assert before == after
    section = next(f for f in content["fields"] if f["title"] == "Elektromobilität")
    grown = [i for i in section["indicators"] if i["name"].startswith("Indikator ")]
    assert len(section["indicators"]) == 4 and [len(i["values"]) for i in grown] == [4, 4, 4]
    assert len(section["decisions"]) == 4 and len(content["decisions_unassigned"]) == 3
