"""What ``check_version`` reports for each kind of damage to a frozen version, as the German sentences the
version page shows, on a small version with stand-in files: every rule without building a PDF."""

import hashlib
import json

import pytest
from django.core.files.base import ContentFile

from modellstadt.dossier import versions
from modellstadt.dossier.models import DossierVersion

CONTENT = {"cover": {"dossier_title": "Bewerbung Teststadt"}, "summary": "Wir wollen **digital** werden."}
PDF = b"%PDF-1.7\n% Bewerbung Teststadt\n%%EOF\n"
DOCX = b"PK\x03\x04 Bewerbung Teststadt"

PDF_CHANGED = "Die PDF-Datei weicht von ihrer Prüfsumme ab."
DOCX_CHANGED = "Die DOCX-Datei weicht von ihrer Prüfsumme ab."
CONTENT_CHANGED = "Der gespeicherte Inhalt weicht von seiner Prüfsumme ab."
COMBINED_WRONG = "Die Gesamtprüfsumme passt nicht zu den Einzelprüfsummen."


def _sha(data):
    return hashlib.sha256(data).hexdigest()


def _canonical(content):
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


@pytest.fixture
def version():
    """An unsaved version whose files lie in the private storage and whose checksums match them."""
    content_sha, pdf_sha, docx_sha = _sha(_canonical(CONTENT)), _sha(PDF), _sha(DOCX)
    version = DossierVersion(
        dossier_id=7, number=1, content=json.loads(json.dumps(CONTENT)), content_sha256=content_sha,
        pdf_sha256=pdf_sha, docx_sha256=docx_sha,
        sha256=DossierVersion.combined_checksum(content_sha, pdf_sha, docx_sha),
    )
    version.pdf.save("bewerbung-v1.pdf", ContentFile(PDF), save=False)
    version.docx.save("bewerbung-v1.docx", ContentFile(DOCX), save=False)
    return version


def _rewrite(field, data):
    with open(field.path, "wb") as f:
        f.write(data)


def test_an_intact_version_has_no_problems(version):
    assert versions.check_version(version) == []
    assert versions.verify_version(version) is True


def test_a_changed_pdf_is_named(version):
    _rewrite(version.pdf, PDF + b"% added later\n")
    assert versions.check_version(version) == [PDF_CHANGED]
    assert versions.verify_version(version) is False


def test_a_changed_docx_is_named(version):
    _rewrite(version.docx, DOCX[:-1])
    assert versions.check_version(version) == [DOCX_CHANGED]
    assert versions.verify_version(version) is False


@pytest.mark.parametrize(("field", "label"), [("pdf", "PDF-Datei"), ("docx", "DOCX-Datei")])
def test_a_file_gone_from_storage_is_named_with_its_stored_name(version, field, label):
    stored = getattr(version, field)
    name = stored.name
    assert name.startswith("versionen/7/") and name.endswith(f"/bewerbung-v1.{field}")
    stored.storage.delete(name)
    assert versions.check_version(version) == [f"Die {label} fehlt im Dateispeicher ({name})."]
    assert versions.verify_version(version) is False


def test_a_file_replaced_together_with_its_checksum_breaks_only_the_combined_checksum(version):
    forged = b"%PDF-1.7\n% eine andere Bewerbung\n%%EOF\n"
    _rewrite(version.pdf, forged)
    version.pdf_sha256 = _sha(forged)
    assert versions.check_version(version) == [COMBINED_WRONG]


def test_changed_content_is_named(version):
    version.content["summary"] = "Wir wollen gar nicht digital werden."
    assert versions.check_version(version) == [CONTENT_CHANGED]


def test_content_changed_together_with_its_checksum_breaks_only_the_combined_checksum(version):
    version.content["cover"]["dossier_title"] = "Bewerbung Nachbarstadt"
    version.content_sha256 = _sha(_canonical(version.content))
    assert versions.check_version(version) == [COMBINED_WRONG]


def test_the_content_is_checked_in_its_canonical_form(version):
    """Key order and the JSON spelling of the stored snapshot do not matter, only its data."""
    version.content = {"summary": CONTENT["summary"], "cover": dict(CONTENT["cover"])}
    assert versions.check_version(version) == []


@pytest.mark.parametrize(("column", "expected"), [
    ("pdf_sha256", [PDF_CHANGED, COMBINED_WRONG]),
    ("docx_sha256", [DOCX_CHANGED, COMBINED_WRONG]),
    ("content_sha256", [CONTENT_CHANGED, COMBINED_WRONG]),
    ("sha256", [COMBINED_WRONG]),
])
def test_a_changed_checksum_column_is_named(version, column, expected):
    setattr(version, column, "0" * 64)
    assert versions.check_version(version) == expected


def test_every_problem_is_listed_in_order_files_content_combined(version):
    version.pdf.storage.delete(version.pdf.name)
    _rewrite(version.docx, b"anders")
    version.content = {"cover": {}}
    version.sha256 = "f" * 64
    assert versions.check_version(version) == [
        f"Die PDF-Datei fehlt im Dateispeicher ({version.pdf.name}).", DOCX_CHANGED, CONTENT_CHANGED,
        COMBINED_WRONG,
    ]
