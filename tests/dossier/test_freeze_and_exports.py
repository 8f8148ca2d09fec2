"""Freezing (immutable versions with checksums, audit log), comparing, and the PDF/DOCX exports."""

import hashlib
import io

import docx
import pytest
from pypdf import PdfReader
from wagtail.models import ModelLogEntry

from modellstadt.dossier import selectors, services, versions
from modellstadt.dossier.models import Dossier, DossierVersion, ImmutableError
from tests.pdf import outline_titles


def _pdf_text(data):
    reader = PdfReader(io.BytesIO(data))
    return reader, [page.extract_text() for page in reader.pages]


def test_freeze_creates_an_immutable_version_with_checksums(dossier, support, office_user):
    version = services.freeze(dossier, office_user)
    assert version.number == 1
    assert version.created_by == office_user
    pdf = version.pdf.open("rb").read()
    docx_bytes = version.docx.open("rb").read()
    assert pdf.startswith(b"%PDF")
    assert version.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    assert version.docx_sha256 == hashlib.sha256(docx_bytes).hexdigest()
    assert version.content_sha256 == hashlib.sha256(selectors.canonical_json(version.content)).hexdigest()
    assert version.sha256 == DossierVersion.combined_checksum(
        version.content_sha256, version.pdf_sha256, version.docx_sha256
    )
    assert versions.verify_version(version)
    assert "private" in version.pdf.path and "/media/" not in version.pdf.path
    dossier.refresh_from_db()
    assert dossier.state == Dossier.State.FROZEN

    version.content = {"manipuliert": True}
    with pytest.raises(ImmutableError):
        version.save()
    with pytest.raises(ImmutableError):
        DossierVersion.objects.get(pk=version.pk).delete()
    assert DossierVersion.objects.get(pk=version.pk).content["cover"]["dossier_title"] == "Bewerbung Teststadt"

    entry = ModelLogEntry.objects.get(action="modellstadt.freeze")
    assert entry.user == office_user
    assert entry.data["version"] == 1
    assert entry.data["sha256"] == version.sha256


def test_later_edit_makes_a_new_draft_and_versions_compare(dossier, support, office_user, call):
    first = services.freeze(dossier, office_user)
    services.save_theme_text(dossier, call.themes.get(number=2), vision_text="Mobilität ohne eigenes Auto.")
    dossier.refresh_from_db()
    assert dossier.state == Dossier.State.DRAFT
    draft = selectors.build_dossier_content(dossier)
    assert draft["themes"][1]["vision"] == "Mobilität ohne eigenes Auto."
    first = DossierVersion.objects.get(pk=first.pk)
    assert first.content["themes"][1]["vision"] == "Eine App für jede Reise."  # the frozen version is unchanged

    second = services.freeze(dossier, office_user)
    assert second.number == 2
    assert second.sha256 != first.sha256
    diffs = {d.key: d for d in versions.compare_versions(first, second)}
    assert diffs["theme-2"].change == "changed"
    assert "-Eine App für jede Reise." in diffs["theme-2"].diff
    assert "+Mobilität ohne eigenes Auto." in diffs["theme-2"].diff
    assert diffs["theme-1"].change == "unchanged"
    assert diffs["summary"].change == "unchanged"


def test_pdf_has_cover_toc_headers_page_numbers_and_appended_letter(dossier, support, office_user):
    import pikepdf

    version = services.freeze(dossier, office_user)
    data = version.pdf.open("rb").read()
    reader, pages = _pdf_text(data)
    text = "\n".join(pages)
    assert "Bitkom: Digitale Stadt" in pages[0]
    assert "Bewerbung Teststadt" in pages[0]
    assert "Inhalt" in pages[1]
    assert "Zusammenfassung" in pages[1] and "1. Gesundheit" in pages[1]  # table of contents
    assert "Anlagen: Unterstützungsschreiben" in pages[1]
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        assert f"Seite {number} von {total}" in page  # over the whole file, the appended letter included
        if number > 1:  # the cover has no running header
            assert "Digitale Stadt – Teststadt" in page
    assert "Gesundheit" in text and "Telemedizin für alle." in text
    assert "Oberbürgermeisterin" in text  # members of the steering committee
    assert "Echtzeitdaten der Busse" in text and "175.000,50\xa0€" in text  # pledges table with total
    assert "25.000\xa0€" in text and "25000.00" not in text
    # the public letter: on the last page, with a caption and its own number
    assert "Brief der Stadtwerke" in pages[-1]
    assert "Unterstützungsschreiben: Stadtwerke Teststadt, 1. Februar 2017, unterzeichnet von Dr. Werk" in pages[-1]
    assert "Prof. Uni" in text and "Brief der Uni" not in text
    # a body named like its kind is not labelled twice, neither in the table of contents nor in the text
    assert "Steuerkreis (Steuerkreis)" not in text and "Steuerkreis" in pages[1]
    outline = list(outline_titles(reader.outline))
    assert "Zusammenfassung" in outline and "Unterstützung" in outline and "Steuerkreis" in outline
    assert any(title.startswith("Unterstützungsschreiben: Stadtwerke Teststadt") for title in outline)
    with pikepdf.open(io.BytesIO(data)) as pdf:  # an accessible document: tagged PDF/UA in German with a title
        assert "/StructTreeRoot" in pdf.Root and bool(pdf.Root.MarkInfo.Marked)
        assert str(pdf.Root.Lang) == "de" and str(pdf.docinfo["/Title"]) == "Bewerbung Teststadt"
        assert "/PageLabels" in pdf.Root


def test_docx_has_heading_structure_and_pledges_table(dossier, support, office_user):
    version = services.freeze(dossier, office_user)
    document = docx.Document(io.BytesIO(version.docx.open("rb").read()))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:4] == [
        ("Heading 1", "Zusammenfassung"),
        ("Heading 1", "Status und Vision"),
        ("Heading 2", "1. Gesundheit"),
        ("Heading 2", "2. Mobilität"),
    ]
    assert ("Heading 1", "Projektmanagement") in headings
    assert ("Heading 2", "Zusagen") in headings
    assert ("Heading 1", "Gesamtkonzept") in headings
    pledge_table = next(t for t in document.tables if [c.text for c in t.rows[0].cells][2:] == ["Leistung", "Wert"])
    rows = [[c.text for c in row.cells] for row in pledge_table.rows]
    assert rows[1] == ["Stadtwerke Teststadt", "Daten", "Echtzeitdaten der Busse", "25.000\xa0€"]
    assert rows[-1] == ["Summe", "", "", "175.000,50\xa0€"]
    assert ("Heading 2", "Steuerkreis") in headings and ("Heading 2", "Steuerkreis (Steuerkreis)") not in headings
    assert 'w:val="de-DE"' in document.styles.element.xml  # German text: spelling and hyphenation
    footer_xml = document.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml
    assert document.sections[0].header.paragraphs[0].text == "Digitale Stadt – Teststadt"


def test_export_runs_immediately_for_small_dossiers(dossier, office_user):
    export = services.request_export(dossier, office_user)
    assert export.state == "done" and export.progress == 100
    assert export.pdf.open("rb").read().startswith(b"%PDF")


def test_large_export_runs_as_background_task(dossier, office_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        export = services.request_export(dossier, office_user, background=True)
    export.refresh_from_db()
    assert export.state == "done"
    assert export.message.startswith("PDF mit ")
    assert export.message.endswith("Seiten und DOCX stehen zum Herunterladen bereit.")
    assert export.status_text == f"Fertig – {export.message}"  # not "Fertig – Fertig."
    assert "Gesundheit" in "\n".join(_pdf_text(export.pdf.open("rb").read())[1])
