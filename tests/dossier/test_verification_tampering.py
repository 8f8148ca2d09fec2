"""A frozen version proves its integrity: any change to its PDF, its DOCX, its content snapshot or the
recorded checksums makes ``verify_version`` say so, and the version page shows the warning."""

import hashlib
import json
from pathlib import Path

import pytest

from modellstadt.dossier import selectors, services, versions
from modellstadt.dossier.models import DossierVersion

INTACT = "Dateien und Inhalt stimmen mit der Prüfsumme überein."
TAMPERED = "Achtung: Dateien oder Inhalt weichen von der Prüfsumme ab."


@pytest.fixture
def version(dossier, support, office_user):
    version = services.freeze(dossier, office_user)
    assert versions.verify_version(version)  # the untouched version is intact
    return version


def _flip_last_byte(path):
    data = bytearray(Path(path).read_bytes())
    data[-1] ^= 0x01
    Path(path).write_bytes(bytes(data))


def _set_columns(version, **columns):
    """Write columns past the model's immutability guard, as someone with database access could."""
    DossierVersion.objects.filter(pk=version.pk).update(**columns)
    return DossierVersion.objects.get(pk=version.pk)


def _tamper_pdf(version):
    _flip_last_byte(version.pdf.path)
    return version


def _tamper_docx(version):
    _flip_last_byte(version.docx.path)
    return version


def _append_to_pdf(version):
    with open(version.pdf.path, "ab") as f:
        f.write(b"\n% added later\n")
    return version


def _swap_pdf_with_its_checksum(version):
    """The PDF is replaced and its own checksum column updated to match; the combined one is not."""
    Path(version.pdf.path).write_bytes(b"%PDF-1.7\n% eine andere Bewerbung\n%%EOF\n")
    new_sha = hashlib.sha256(Path(version.pdf.path).read_bytes()).hexdigest()
    return _set_columns(version, pdf_sha256=new_sha)


def _swap_docx_with_its_checksum(version):
    data = Path(version.docx.path).read_bytes() + b"\0"
    Path(version.docx.path).write_bytes(data)
    return _set_columns(version, docx_sha256=hashlib.sha256(data).hexdigest())


def _change_content(version):
    content = json.loads(json.dumps(version.content))
    content["summary"] = "Wir wollen gar nicht digital werden."
    return _set_columns(version, content=content)


def _change_content_with_its_checksum(version):
    content = json.loads(json.dumps(version.content))
    content["cover"]["dossier_title"] = "Bewerbung Nachbarstadt"
    return _set_columns(
        version, content=content, content_sha256=hashlib.sha256(selectors.canonical_json(content)).hexdigest()
    )


def _change_combined_checksum(version):
    return _set_columns(version, sha256="0" * 64)


def _change_pdf_checksum_only(version):
    return _set_columns(version, pdf_sha256="f" * 64)


def _change_docx_checksum_only(version):
    return _set_columns(version, docx_sha256="e" * 64)


def _change_content_checksum_only(version):
    return _set_columns(version, content_sha256="d" * 64)


TAMPERINGS = [
    _tamper_pdf, _tamper_docx, _append_to_pdf, _swap_pdf_with_its_checksum, _swap_docx_with_its_checksum,
    _change_content, _change_content_with_its_checksum, _change_combined_checksum, _change_pdf_checksum_only,
    _change_docx_checksum_only, _change_content_checksum_only,
]


@pytest.mark.parametrize("tamper", TAMPERINGS, ids=[t.__name__.strip("_") for t in TAMPERINGS])
def test_any_tampering_is_detected(version, tamper):
    tampered = tamper(version)
    assert versions.verify_version(tampered) is False


def test_a_fresh_read_of_an_untouched_version_is_intact(version):
    assert versions.verify_version(DossierVersion.objects.get(pk=version.pk)) is True


@pytest.mark.parametrize("tamper", [_tamper_pdf, _change_content], ids=["pdf", "content"])
def test_version_page_warns_about_a_tampered_version(client, version, office_user, tamper):
    client.force_login(office_user)
    url = f"/verwaltung/dossiers/versionen/{version.pk}/"
    html = client.get(url).content.decode()
    assert INTACT in html and TAMPERED not in html
    tamper(version)
    html = client.get(url).content.decode()
    assert TAMPERED in html and INTACT not in html
