"""The council report as an accessible PDF: produced when freezing, stored privately with its checksum,
tagged PDF/UA in German with a bookmark per section, and downloadable only by those allowed to."""

import datetime
import hashlib
import io
import re
from pathlib import Path

import pikepdf
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from modellstadt.progress import services
from modellstadt.progress.models import CouncilReport
from tests import factories
from tests.pdf import outline_titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(field, indicator, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    from modellstadt.projects.models import Milestone

    project = factories.project(field, title="Ladepark Nord", status="pilot")
    Milestone.objects.create(project=project, title="Bau fertig", due=datetime.date(2024, 5, 1), done=True)
    return CouncilReport.objects.create(title="Sachstand 2024", period_start=datetime.date(2024, 1, 1),
                                        period_end=datetime.date(2024, 12, 31))


def plain_text(reader):
    text = "\n".join(page.extract_text() for page in reader.pages)
    text = re.sub(r"[\u00ad\u2010-]\s*\n\s*", "", text)  # words hyphenated at a line end
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def test_freezing_stores_a_tagged_german_pdf_with_bookmarks_figures_and_checksum(report, tmp_path):
    report = services.freeze_report(report=report)
    data = report.pdf_file.read()
    report.pdf_file.close()
    assert data.startswith(b"%PDF") and report.pdf_checksum == hashlib.sha256(data).hexdigest()
    stored = Path(report.pdf_file.path)
    assert stored.is_relative_to(tmp_path / "private") and not any((tmp_path / "media").rglob("*.pdf"))
    with pytest.raises(ValueError):
        report.pdf_file.url  # noqa: B018 - private files have no public address

    reader = PdfReader(io.BytesIO(data))
    outline = list(outline_titles(reader.outline))
    for heading in ("Sachstand 2024", "Überblick", "5. Elektromobilität", "Projekte nach Status", "Meilensteine",
                    "Indikatoren und Ziele", "Beteiligung im Zeitraum"):
        assert heading in outline
    text = plain_text(reader)
    assert "Öffentliche Ladepunkte" in text and "Ladepark Nord" in text and "Bau fertig" in text
    assert "Ziel 2025: 1.000 Ladepunkte" in text  # the status sentence with its figures
    # the indicator table: unit, baseline, latest value and target, each with its date
    assert "Einheit: Ladepunkte" in text
    assert "100 31.12.2017" in text and "640 31.12.2021" in text and "1.000 31.12.2025" in text
    pages = len(reader.pages)
    assert f"Seite {pages} von {pages}" in reader.pages[-1].extract_text()

    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert "/StructTreeRoot" in pdf.Root and bool(pdf.Root.MarkInfo.Marked)
        assert str(pdf.Root.Lang) == "de"
        assert str(pdf.docinfo["/Title"]) == "Sachstand 2024"
        with pdf.open_metadata() as xmp:
            assert xmp.get("pdfuaid:part") == "1"
        kinds = {str(obj.get("/S")) for obj in pdf.objects
                 if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/StructElem"}
        assert {"/H1", "/H2", "/Table", "/TH", "/TD"} <= kinds

    assert services.verify_report(report)
    stored.write_bytes(data.replace(b"Sachstand 2024", b"Sachstand 2099", 1))
    assert not services.verify_report(report)


@pytest.fixture
def frozen(report):
    """A frozen report with stored files (typesetting is tested above; here only who may fetch them)."""
    report.state = CouncilReport.State.FROZEN
    report.content = {"title": report.title}
    report.checksum = "0" * 64
    report.pdf_file.save("bericht.pdf", ContentFile(b"%PDF-1.7 Sachstand"), save=False)
    report.docx_file.save("bericht.docx", ContentFile(b"PK docx"), save=False)
    report.frozen_at = timezone.now()
    report.save()
    return report


def client_for(user=None):
    client = Client(HTTP_HOST="localhost")
    if user is not None:
        client.force_login(user)
    return client


def test_unpublished_report_files_only_for_the_office(frozen):
    User = get_user_model()
    citizen = User.objects.create_user("buergerin", "b@example.org", "pw")
    office = User.objects.create_user("buero", "o@example.org", "pw")
    group = Group.objects.create(name="Programmbüro Berichte")
    group.permissions.add(Permission.objects.get(codename="access_admin"),
                          Permission.objects.get(codename="change_councilreport"))
    office.groups.add(group)
    public_pdf = f"/fortschritt/berichte/{frozen.pk}/sachstandsbericht.pdf"
    admin_pdf = f"/verwaltung/fortschritt/bericht/{frozen.pk}/datei.pdf"

    assert client_for().get(public_pdf).status_code == 404
    assert client_for(citizen).get(public_pdf).status_code == 404
    assert client_for().get(admin_pdf).status_code in (302, 403)
    assert client_for(citizen).get(admin_pdf).status_code in (302, 403)
    assert "Sachstand 2024" not in client_for().get("/fortschritt/").content.decode()

    response = client_for(office).get(admin_pdf)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.7 Sachstand"
    assert "no-store" in response["Cache-Control"]
    response = client_for(office).get(public_pdf)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]


def test_published_report_is_listed_and_downloadable_on_the_public_page(frozen):
    document = services.publish_report(report=frozen)
    assert document.file.read() == b"%PDF-1.7 Sachstand"  # the news post links the accessible PDF
    frozen.refresh_from_db()
    assert frozen.published_at is not None
    html = client_for().get("/fortschritt/").content.decode()
    assert "Sachstand 2024" in html and f"/fortschritt/berichte/{frozen.pk}/sachstandsbericht.pdf" in html
    response = client_for().get(f"/fortschritt/berichte/{frozen.pk}/sachstandsbericht.pdf")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.7 Sachstand"
    response = client_for().get(f"/fortschritt/berichte/{frozen.pk}/sachstandsbericht.docx")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]


def test_draft_report_cannot_be_published(report):
    with pytest.raises(services.ProgressError):
        services.publish_report(report=report)
    assert client_for().get(f"/fortschritt/berichte/{report.pk}/sachstandsbericht.pdf").status_code == 404


def test_migration_moves_files_of_earlier_frozen_reports_out_of_public_media(report, settings):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("modellstadt.progress.migrations.0003_report_files_private")
    public = Path(settings.MEDIA_ROOT) / "berichte"
    public.mkdir(parents=True)
    (public / "alt.docx").write_bytes(b"PK alt")
    CouncilReport.objects.filter(pk=report.pk).update(docx_file="berichte/alt.docx")
    migration.move_files_to_private_storage(apps, None)
    assert not (public / "alt.docx").exists()
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / "progress" / "berichte" / "alt.docx").read_bytes() == b"PK alt"
    report.refresh_from_db()
    assert report.docx_file.read() == b"PK alt"


def _struct_elements(data, kind):
    with pikepdf.open(io.BytesIO(data)) as pdf:
        found = [{"alt": str(obj.get("/Alt")) if obj.get("/Alt") is not None else None}
                 for obj in pdf.objects
                 if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/StructElem"
                 and obj.get("/S") == f"/{kind}"]
        meta = {"lang": str(pdf.Root.Lang), "title": str(pdf.docinfo["/Title"]),
                "display_title": bool(pdf.Root.ViewerPreferences.DisplayDocTitle)}
    return found, meta


def _svg_drawing(markup):
    """A chart's markup without its text alternative and its page-unique ids: what is drawn."""
    markup = re.sub(r"<title id=[^>]*>.*?</title><desc id=[^>]*>.*?</desc>", "", str(markup), count=1)
    return re.sub(r"chart-\d+-", "chart-N-", markup)


def test_each_indicator_chart_is_a_tagged_figure_with_alt_text(report, field, indicator):
    from modellstadt.progress.exports.report_pdf import _indicator_chart, render_pdf
    from modellstadt.progress.models import Assessment, CriterionRating, SmartCityArea
    from modellstadt.progress.report import build_report_content
    from modellstadt.progress.selectors import indicator_detail
    from modellstadt.progress.views import indicator_chart
    from tests.progress.conftest import make_indicator

    make_indicator(field, name="Anteil Elektroautos", unit="%", baseline=None,
                   targets=((datetime.date(2025, 12, 31), 50),))  # a target, no values yet
    make_indicator(field, name="Carsharing-Stationen", baseline=None, targets=())  # nothing to draw
    criterion = SmartCityArea.objects.get(key="mobilitaet").criteria.first()
    for day, score in ((datetime.date(2023, 6, 30), 40), (datetime.date(2024, 6, 30), 55)):
        assessment = Assessment.objects.create(title="Selbstbewertung", date=day)
        CriterionRating.objects.create(assessment=assessment, criterion=criterion, score=score)

    content = build_report_content(report)
    figures, meta = _struct_elements(render_pdf(content), "Figure")

    alts = [f["alt"] for f in figures]
    assert len(alts) == 3, alts  # two indicator charts and the self-assessment's radar chart
    charging = next(a for a in alts if a.startswith("Verlauf: Öffentliche Ladepunkte."))
    assert "zuletzt 640 Ladepunkte" in charging and "Ziel 2025: 1.000 Ladepunkte" in charging
    assert any(a.startswith("Verlauf: Anteil Elektroautos. Anteil Elektroautos: noch keine Werte") for a in alts)
    radar = next(a for a in alts if a.startswith("Selbstbewertung nach Bereichen."))
    assert "Mobilität: 55" in radar
    assert meta == {"lang": "de", "title": "Sachstand 2024", "display_title": True}

    # the report draws the very chart the indicator's page shows, from the values frozen in its content
    data = indicator_detail(indicator.slug)
    page_chart = indicator_chart(data["indicator"], values=data["values"], targets=data["targets"])
    section = next(f for f in content["fields"] if f["title"] == "Elektromobilität")
    frozen = next(i for i in section["indicators"] if i["slug"] == indicator.slug)
    assert frozen["values"] == [["2019-12-31", "300"], ["2021-12-31", "640"]]
    assert _svg_drawing(_indicator_chart(frozen)) == _svg_drawing(page_chart)
    assert "<polyline" in _svg_drawing(page_chart)


def test_report_without_any_values_renders_a_tagged_pdf(report, field, settings):
    from modellstadt.progress.exports.report_pdf import render_pdf
    from modellstadt.progress.models import Indicator
    from modellstadt.progress.report import build_report_content
    from tests.progress.conftest import make_indicator

    Indicator.objects.all().delete()
    make_indicator(field, name="Noch ohne Werte", baseline=None, targets=())
    content = build_report_content(report)
    assert content["assessment"] is None and content["participation"]["ideas"] == 0
    data = render_pdf(content)

    figures, meta = _struct_elements(data, "Figure")
    assert figures == [] and meta["lang"] == "de" and meta["title"] == "Sachstand 2024"
    text = plain_text(PdfReader(io.BytesIO(data)))
    assert "Noch ohne Werte" in text and "Noch keine Werte erfasst." in text
    assert "Smart-City-Selbstbewertung" not in text
