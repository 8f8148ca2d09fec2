"""A file missing from storage never passes silently: the export fails naming the letter, the frozen
version's page reports the checksum problem instead of failing with a server error."""

from pathlib import Path

import pytest

from modellstadt.dossier import services, versions
from modellstadt.dossier.models import DossierExport

LETTER = "Das Unterstützungsschreiben von Stadtwerke Teststadt vom 01.02.2017 fehlt im Dateispeicher"


def _remove_letter_file(support):
    letter = support["letters"][0]
    letter.file.storage.delete(letter.file.name)
    assert not letter.file.storage.exists(letter.file.name)
    return letter


def test_export_fails_naming_the_missing_letter(dossier, support, office_user):
    letter = _remove_letter_file(support)
    with pytest.raises(services.DossierError, match=LETTER):
        services.request_export(dossier, office_user)
    export = DossierExport.objects.get(dossier=dossier)
    assert export.state == DossierExport.State.FAILED
    assert LETTER in export.message and letter.file.name in export.message
    assert not export.pdf


def test_export_page_shows_the_missing_letter(client, dossier, support, office_user):
    _remove_letter_file(support)
    client.force_login(office_user)
    response = client.post(f"/verwaltung/dossiers/{dossier.pk}/exportieren/", follow=True)
    html = response.content.decode()
    assert "Fehlgeschlagen" in html and LETTER in html
    assert "stehen zum Herunterladen bereit" not in html


def test_export_with_every_letter_present_still_succeeds(dossier, support, office_user):
    export = services.request_export(dossier, office_user)
    assert export.state == DossierExport.State.DONE


def test_freezing_fails_naming_the_missing_letter(dossier, support, office_user):
    _remove_letter_file(support)
    with pytest.raises(services.DossierError, match=LETTER):
        services.freeze(dossier, office_user)
    assert not dossier.versions.exists()


def test_a_letter_vanishing_while_the_pdf_is_built_stops_it(dossier, support, office_user, monkeypatch):
    """The check before the build passes; the file is gone when the PDF reads it."""
    from modellstadt.dossier.exports import pdf

    letter = support["letters"][0]
    monkeypatch.setattr(letter.file.storage.__class__, "exists", lambda self, name: True)
    letter.file.storage.delete(letter.file.name)
    with pytest.raises(pdf.MissingLetterError, match="Stadtwerke Teststadt"):
        services.request_export(dossier, office_user)
    assert DossierExport.objects.get(dossier=dossier).state == DossierExport.State.FAILED


@pytest.fixture
def version(dossier, support, office_user):
    return services.freeze(dossier, office_user)


def test_version_page_reports_a_deleted_file(client, version, office_user):
    Path(version.pdf.path).unlink()
    client.force_login(office_user)
    response = client.get(f"/verwaltung/dossiers/versionen/{version.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Achtung: Dateien oder Inhalt weichen von der Prüfsumme ab." in html
    assert "Die PDF-Datei fehlt im Dateispeicher" in html
    assert versions.verify_version(version) is False


def test_version_page_reports_a_changed_file(client, version, office_user):
    path = Path(version.docx.path)
    path.write_bytes(path.read_bytes() + b"\0")
    client.force_login(office_user)
    response = client.get(f"/verwaltung/dossiers/versionen/{version.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Die DOCX-Datei weicht von ihrer Prüfsumme ab." in html
    assert "Die PDF-Datei" not in html.split("Prüfung")[-1].split("</dd>")[0]
    assert versions.check_version(version) == ["Die DOCX-Datei weicht von ihrer Prüfsumme ab."]
