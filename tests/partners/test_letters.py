"""Letters of support: only real PDFs are stored (privately, under a random name), nothing is stored
half, and the file goes only to the office and the organisation's representatives."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from pypdf import PdfReader, PdfWriter

from modellstadt.partners import services
from modellstadt.partners.models import SupportLetter
from tests import factories
from tests.partners import test_partner_area as area

# The fixtures and helpers of the partner area's tests, shared here.
pdf_bytes, png_bytes, representative = area.pdf_bytes, area.png_bytes, area.representative
client, private_root, make_person, office = area.client, area.private_root, area.make_person, area.office
stadtwerke, klinikum, rep, other_rep = area.stadtwerke, area.klinikum, area.rep, area.other_rep


def upload(content, name="schreiben.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files(root):
    folder = Path(root) / "letters"
    return sorted(p.name for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def post_letter(client, org, content, name="schreiben.pdf", **extra):
    data = {"file": upload(content, name), "date": "2017-03-01", "signatory": "Dr. Erika Muster", **extra}
    return client.post(f"/partnerbereich/organisation/{org.slug}/schreiben/neu/", data)


@pytest.fixture
def call(portal):
    from modellstadt.dossier.models import Call

    return Call.objects.create(organiser="Bitkom e. V. und DStGB", title="Wettbewerb Digitale Stadt",
                               slug="wettbewerb-digitale-stadt-2017")


@pytest.mark.django_db
def test_a_real_pdf_is_stored_privately_under_a_random_name(client, rep, stadtwerke, call, private_root, settings):
    client.force_login(rep)
    form = client.get(f"/partnerbereich/organisation/{stadtwerke.slug}/schreiben/neu/").content.decode()
    assert "Wettbewerb Digitale Stadt" in form and 'accept="application/pdf,.pdf"' in form
    response = post_letter(client, stadtwerke, pdf_bytes(pages=2), "Brief Stadtwerke.pdf",
                           calls=[call.pk], public="on")
    assert response.status_code == 302
    letter = SupportLetter.objects.get()
    assert (letter.organisation, letter.signatory, letter.date, letter.public, letter.uploaded_by) == (
        stadtwerke, "Dr. Erika Muster", datetime.date(2017, 3, 1), True, rep)
    assert letter.page_count == 2 and letter.original_name == "Brief Stadtwerke.pdf"
    assert list(letter.calls.all()) == [call]
    files = stored_files(private_root)
    assert len(files) == 1 and files[0].endswith(".pdf") and len(files[0]) == 36  # uuid4 hex + ".pdf"
    assert "Stadtwerke" not in files[0]
    path = Path(letter.file.path)
    assert path.is_relative_to(Path(private_root)) and not path.is_relative_to(Path(settings.MEDIA_ROOT))
    assert len(PdfReader(path).pages) == 2
    with pytest.raises(ValueError):
        letter.file.url  # noqa: B018 - a private file has no public address
    page = client.get(f"/partnerbereich/organisation/{stadtwerke.slug}/").content.decode()
    assert "Dr. Erika Muster" in page and f"/partnerbereich/schreiben/{letter.pk}/datei/" in page


def _truncated_pdf():
    data = pdf_bytes()
    return data[: len(data) // 2]


def _encrypted_garbage():
    return b"%PDF-1.7\n1 0 obj\n<< /Encrypt 5 0 R >>\n" + bytes(range(256)) * 20


@pytest.mark.django_db
@pytest.mark.parametrize(("content", "name", "message"), [
    (png_bytes(), "schreiben.pdf", "Die Datei ist keine PDF-Datei."),
    (_truncated_pdf(), "schreiben.pdf", "Die PDF-Datei ist beschädigt oder unvollständig"),
    (_encrypted_garbage(), "schreiben.pdf", "Die PDF-Datei ist beschädigt oder unvollständig"),
    (b"", "leer.pdf", "Die Datei ist leer."),
])
def test_fake_or_broken_pdf_is_refused_and_nothing_is_stored(client, rep, stadtwerke, private_root,
                                                             content, name, message):
    client.force_login(rep)
    response = post_letter(client, stadtwerke, content, name)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert 'id="id_file-error"' in html  # next to the field
    assert 'value="Dr. Erika Muster"' in html and 'value="2017-03-01"' in html  # input kept
    assert not SupportLetter.objects.exists()
    assert stored_files(private_root) == []


@pytest.mark.django_db
def test_password_protected_pdf_is_refused(client, rep, stadtwerke, private_root):
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("geheim")
    buffer = io.BytesIO()
    writer.write(buffer)
    client.force_login(rep)
    response = post_letter(client, stadtwerke, buffer.getvalue())
    assert response.status_code == 400 and "mit einem Kennwort geschützt" in response.content.decode()
    assert not SupportLetter.objects.exists() and stored_files(private_root) == []


@pytest.mark.django_db
def test_oversized_pdf_is_refused(client, rep, stadtwerke, private_root):
    content = pdf_bytes() + b"%" + b"0" * (10 * 1024 * 1024)
    client.force_login(rep)
    response = post_letter(client, stadtwerke, content)
    assert response.status_code == 400
    assert "Die Datei ist zu groß. Erlaubt sind höchstens 10 MB." in response.content.decode()
    assert not SupportLetter.objects.exists() and stored_files(private_root) == []


@pytest.mark.django_db
def test_file_is_removed_when_the_row_cannot_be_written(rep, stadtwerke, private_root, monkeypatch):
    def fail(self, *args, **kwargs):
        raise IntegrityError("simulated")

    monkeypatch.setattr(SupportLetter, "save", fail)
    with pytest.raises(IntegrityError):
        services.create_letter(rep, stadtwerke, upload=upload(pdf_bytes()), date=datetime.date(2017, 1, 5),
                               signatory="X")
    assert stored_files(private_root) == []


@pytest.mark.django_db
def test_download_only_for_office_and_own_organisation(client, make_person, rep, other_rep, office, stadtwerke,
                                                       klinikum):
    letter = services.create_letter(rep, stadtwerke, upload=upload(pdf_bytes()), date=datetime.date(2017, 2, 3),
                                    signatory="Vorstand")
    url = f"/partnerbereich/schreiben/{letter.pk}/datei/"
    client.force_login(rep)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "unterstuetzungsschreiben-stadtwerke-wolfsburg-ag-2017-02-03.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")

    client.force_login(office)
    assert client.get(url).status_code == 200
    client.force_login(other_rep)
    assert client.get(url).status_code == 404
    client.force_login(make_person("nobody"))
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404
    assert client.get("/partnerbereich/schreiben/999999/datei/").status_code == 404
    # a public letter of a consenting organisation is named on /unterstuetzer/, its file stays private
    letter.public = True
    letter.save()
    stadtwerke.public_supporter = True
    stadtwerke.save()
    supporters = client.get("/unterstuetzer/").content.decode()
    assert "Schreiben vom 3. Februar 2017" in supporters
    assert url not in supporters
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_representative_deletes_own_letter_and_the_file_goes(client, rep, stadtwerke, private_root,
                                                            django_capture_on_commit_callbacks):
    letter = services.create_letter(rep, stadtwerke, upload=upload(pdf_bytes()), date=datetime.date(2017, 2, 3),
                                    signatory="Vorstand")
    assert len(stored_files(private_root)) == 1
    client.force_login(rep)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/partnerbereich/schreiben/{letter.pk}/loeschen/").status_code == 302
    assert not SupportLetter.objects.exists() and stored_files(private_root) == []
    # a letter the office recorded (received by post) stays
    postal = SupportLetter.objects.create(organisation=stadtwerke, date="2017-01-02", signatory="Vorstand",
                                          received_by_post=True)
    assert client.post(f"/partnerbereich/schreiben/{postal.pk}/loeschen/").status_code == 404
    with pytest.raises(services.PartnerError, match="nur das Programmbüro"):
        services.delete_letter(rep, postal)
    assert SupportLetter.objects.filter(pk=postal.pk).exists()


@pytest.mark.django_db
def test_office_records_a_letter_received_by_post(client, office, stadtwerke, call, private_root):
    client.force_login(office)
    url = "/verwaltung/partner/schreiben/new/"
    assert client.get(url).status_code == 200
    missing = client.post(url, {"organisation": stadtwerke.pk, "date": "2017-03-10", "signatory": "Vorstand"})
    assert missing.status_code == 200 and "oder markieren Sie es als per Post eingegangen" in missing.content.decode()
    assert not SupportLetter.objects.exists()
    response = client.post(url, {"organisation": stadtwerke.pk, "date": "2017-03-10", "signatory": "Vorstand",
                                 "calls": [call.pk], "received_by_post": "on"})
    assert response.status_code == 302
    letter = SupportLetter.objects.get()
    assert letter.received_by_post and not letter.file and letter.uploaded_by == office
    assert list(letter.calls.all()) == [call]
    # with a fake PDF the office gets the same German error and nothing is stored
    fake = client.post(url, {"organisation": stadtwerke.pk, "date": "2017-03-11", "signatory": "Vorstand",
                             "file": upload(png_bytes())})
    assert "Die Datei ist keine PDF-Datei." in fake.content.decode()
    assert SupportLetter.objects.count() == 1 and stored_files(private_root) == []
    # and with a real one the file is stored privately
    client.post(url, {"organisation": stadtwerke.pk, "date": "2017-03-12", "signatory": "Vorstand",
                      "file": upload(pdf_bytes())})
    assert SupportLetter.objects.count() == 2 and len(stored_files(private_root)) == 1


@pytest.mark.django_db
def test_letters_count_for_the_dossier(rep, stadtwerke, call):
    from modellstadt.dossier import selectors as dossier_selectors

    services.create_letter(rep, stadtwerke, upload=upload(pdf_bytes()), date=datetime.date(2017, 2, 3),
                           signatory="Vorstand", calls=[call], public=True)
    services.save_pledge(rep, stadtwerke, kind="money", description="Sponsoring", estimated_value_eur="1000",
                         calls=[call])
    other = factories.organisation(name="Ohne Bezug", kind="association")
    representative(rep, other)
    services.create_letter(rep, other, upload=upload(pdf_bytes()), date=datetime.date(2017, 2, 4), signatory="X")
    assert [letter.organisation for letter in dossier_selectors.support_letters(call)] == [stadtwerke]
    assert [p.description for p in dossier_selectors.pledges(call)] == ["Sponsoring"]
