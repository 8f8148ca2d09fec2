"""The shared document pipeline: tagged PDF/UA with language, title, outline, German hyphenation and
page numbers over the whole file, attachments cleaned of active content and numbered like the rest."""

import io
import re

import pikepdf
import pytest
from django.utils.safestring import mark_safe
from pypdf import PdfReader

from modellstadt.core.documents import Attachment, Document, PdfCheckError, clean_pdf, render_pdf
from tests.pdf import outline_titles

HYPHENS = ("-", "\u2010", "\u00ad")
LONG_WORDS = [
    "Digitalisierungsstrategie", "Regelbetriebsvereinbarung", "Umsetzungsplanung", "Breitbandinfrastruktur",
    "Ladeinfrastrukturausbau", "Verwaltungsdigitalisierung", "Bürgerbeteiligungsverfahren",
]


def letter_pdf(text, pages=1):
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for number in range(1, pages + 1):
        pdf.drawString(72, 720, f"{text} Blatt {number}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def body_html():
    sentence = " ".join(LONG_WORDS) + " sind Ziele der Stadt."
    rows = "".join(f"<tr><td>{word}</td><td>{sentence}</td></tr>" for word in LONG_WORDS)
    return mark_safe(  # noqa: S308 - fixed test markup
        f"<h1 id='k1'>Erstes Kapitel</h1><p>{sentence * 12}</p>"
        f"<h2 id='k1-1'>Unterabschnitt</h2>"
        f"<table><thead><tr><th style='width: 2.6cm'>Begriff</th><th>Erläuterung</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
        f"<h1 id='k2'>Zweites Kapitel</h1><p>{sentence * 3}</p>"
    )


@pytest.fixture(scope="module")
def rendered():
    document = Document(
        title="Fortschrittsbericht an den Rat", body_html=body_html(), language="de",
        header="Fortschrittsbericht – Teststadt", author="Programmbüro Teststadt",
        attachments_heading="Anlagen",
    )
    attachments = [
        Attachment("Schreiben der Stadtwerke", data=letter_pdf("Brief der Stadtwerke", pages=2)),
        Attachment("Kaputtes Schreiben", data=b"%PDF-1.4 kaputt"),
        Attachment("Langes Schreiben", load=lambda: letter_pdf("Langer Brief", pages=4)),
    ]
    data = render_pdf(document, attachments=attachments, max_attachment_pages=3)
    reader = PdfReader(io.BytesIO(data))
    return {"data": data, "reader": reader, "pages": [page.extract_text() for page in reader.pages],
            "document": document}


def test_pdf_is_tagged_pdf_ua_with_language_and_title(rendered):
    with pikepdf.open(io.BytesIO(rendered["data"])) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root
        assert bool(root.MarkInfo.Marked) is True
        assert str(root.Lang) == "de"
        assert str(pdf.docinfo["/Title"]) == "Fortschrittsbericht an den Rat"
        with pdf.open_metadata() as xmp:
            assert xmp["dc:title"] == "Fortschrittsbericht an den Rat"
            assert xmp.get("pdfuaid:part") == "1"
        # structure elements for headings and tables exist
        kinds = {str(obj.get("/S")) for obj in pdf.objects
                 if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/StructElem"}
        assert {"/H1", "/H2", "/Table", "/TH", "/TD", "/P"} <= kinds


def test_outline_has_headings_and_attachments(rendered):
    outline = list(outline_titles(rendered["reader"].outline))
    assert "Erstes Kapitel" in outline and "Unterabschnitt" in outline and "Zweites Kapitel" in outline
    assert "Anlagen" in outline
    assert any(title.startswith("Schreiben der Stadtwerke") for title in outline)


def test_page_numbers_and_labels_cover_the_whole_file_including_attachments(rendered):
    pages = rendered["pages"]
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        assert f"Seite {number} von {total}" in text
    with pikepdf.open(io.BytesIO(rendered["data"])) as pdf:
        labels = pdf.Root.PageLabels.Nums
        assert int(labels[0]) == 0 and labels[1].S == "/D"
    letter_pages = [i for i, text in enumerate(pages) if "Brief der Stadtwerke Blatt" in text]
    assert len(letter_pages) == 2 and letter_pages[-1] < total - 1
    assert "Seite 1 von 2" in pages[letter_pages[0]] and "Schreiben der Stadtwerke" in pages[letter_pages[0]]


def test_long_attachment_is_cut_with_a_note_and_broken_one_left_out(rendered):
    pages = rendered["pages"]
    long_pages = [text for text in pages if "Langer Brief Blatt" in text]
    assert len(long_pages) == 3
    assert "das Schreiben hat 4 Seiten, beigefügt sind die ersten 3" in long_pages[0]
    assert not any("Langer Brief Blatt 4" in text for text in pages)
    assert not any("Kaputtes Schreiben" in text for text in pages)
    shown = [(a.title, total, pages) for a, total, pages in rendered["document"].attachment_pages]
    assert shown == [("Schreiben der Stadtwerke", 2, 2), ("Kaputtes Schreiben", 0, 0), ("Langes Schreiben", 4, 3)]


def known_words():
    text = (" ".join(LONG_WORDS) + " sind Ziele der Stadt Erstes Kapitel Zweites Unterabschnitt Begriff "
            "Erläuterung Seite von Fortschrittsbericht Teststadt Anlagen")
    return set(re.findall(r"[\w\u00c0-\u017f]+", text))


def broken_lines(pages):
    """(lines ending inside a word without a hyphen, lines ending with a hyphen) of ``pages``. A line
    that starts with the rest of a word hyphenated on the line before is read as that whole word."""
    words, broken, hyphenated = known_words(), [], 0
    for text in pages:
        carry = ""
        for line in (line.strip() for line in text.splitlines()):
            tokens = re.findall(r"[\w\u00c0-\u017f\u2010-]+", line)
            if carry and tokens:
                tokens[0] = carry + tokens[0]
            carry = ""
            if not tokens or not re.search(r"[\w\u00c0-\u017f\u2010-]$", line) or tokens[-1].isdigit():
                continue
            if tokens[-1].endswith(HYPHENS):
                hyphenated += 1
                carry = tokens[-1].rstrip("".join(HYPHENS))
            elif tokens[-1] not in words:
                broken.append(line)
    return broken, hyphenated


def test_no_word_is_broken_without_a_hyphen(rendered):
    """Every line that ends inside a word ends with a hyphen; the narrow column does hyphenate."""
    broken, hyphenated = broken_lines(rendered["pages"][:3])
    assert broken == []
    assert hyphenated > 0


def test_the_line_check_catches_words_broken_anywhere():
    """The check above is not vacuous: with words broken anywhere and no hyphenation it fails."""
    document = Document(title="Bericht", body_html=body_html(),
                        stylesheets=["table { table-layout: fixed; } th:first-child, td:first-child { width: 1.6cm; }"
                                     " body, td, th { hyphens: manual; overflow-wrap: anywhere; }"])
    data = render_pdf(document)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    broken, hyphenated = broken_lines(pages[:2])
    assert broken and hyphenated == 0


# --- cleaning PDFs from outside ----------------------------------------------------------------------


def hostile_pdf(pages=1):
    """A PDF with every kind of active content a letter could bring."""
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
    js = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Action, S=pikepdf.Name.JavaScript,
                                              JS=pikepdf.String("app.alert('hallo')")))
    pdf.Root.OpenAction = js
    pdf.Root.AA = pikepdf.Dictionary(WC=js)
    embedded = pdf.make_stream(b"MZ evil")
    embedded.Type = pikepdf.Name.EmbeddedFile
    filespec = pikepdf.Dictionary(Type=pikepdf.Name.Filespec, F=pikepdf.String("x.exe"),
                                  EF=pikepdf.Dictionary(F=embedded))
    pdf.Root.Names = pikepdf.Dictionary(
        JavaScript=pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("start"), js])),
        EmbeddedFiles=pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("x.exe"), filespec])),
    )
    widget = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Widget, FT=pikepdf.Name.Tx, T=pikepdf.String("feld"),
        Rect=[10, 10, 100, 30], AA=pikepdf.Dictionary(K=js),
    ))
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([widget]), XFA=pdf.make_stream(b"<xdp/>"))
    page = pdf.pages[0]
    page.obj.AA = pikepdf.Dictionary(O=js)
    launch = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe"))
    chained = pikepdf.Dictionary(S=pikepdf.Name.GoTo, D=pikepdf.Array([page.obj, pikepdf.Name.Fit]), Next=js)
    page.obj.Annots = pdf.make_indirect(pikepdf.Array([
        widget,
        pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 10, 10], A=launch),
        pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 20, 10, 30],
                           A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("javascript:alert(1)"))),
        pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 40, 10, 50], A=chained),
        pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 60, 10, 70],
                           A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://example.org/"))),
        pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.FileAttachment, Rect=[0, 80, 10, 90],
                           FS=filespec),
    ]))
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


ACTIVE_MARKERS = [b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/AcroForm", b"/XFA", b"/OpenAction",
                  b"/AA", b"/Widget", b"/FileAttachment", b"javascript:", b"cmd.exe", b"MZ evil"]


def active_content(data):
    """Markers of active content anywhere in the file (uncompressed, so nothing hides in streams)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        buffer = io.BytesIO()
        pdf.save(buffer, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.generalized,
                 object_stream_mode=pikepdf.ObjectStreamMode.disable)
    raw = buffer.getvalue()
    return [marker for marker in ACTIVE_MARKERS if marker in raw]


def test_hostile_pdf_has_active_content_before_cleaning():
    assert set(active_content(hostile_pdf())) == set(ACTIVE_MARKERS)


def test_clean_pdf_removes_every_active_part_and_keeps_plain_links():
    clean = clean_pdf(hostile_pdf())
    assert clean.pages == 1
    assert active_content(clean.data) == []
    with pikepdf.open(io.BytesIO(clean.data)) as pdf:
        links = [annot for annot in pdf.pages[0].obj.get("/Annots", [])]
        assert [str(link.A.URI) for link in links if "/A" in link and link.A.get("/S") == "/URI"] == [
            "https://example.org/"]
        assert all(link.Subtype == "/Link" for link in links)


def test_clean_pdf_bounds_pages_and_refuses_what_is_no_pdf():
    with pytest.raises(PdfCheckError) as error:
        clean_pdf(hostile_pdf(pages=11), max_pages=10)
    assert error.value.code == "too_many_pages" and error.value.pages == 11
    assert clean_pdf(hostile_pdf(pages=10), max_pages=10).pages == 10
    for data, code in [(b"kein pdf", "not_pdf"), (b"%PDF-1.7\nkaputt", "broken")]:
        with pytest.raises(PdfCheckError) as error:
            clean_pdf(data)
        assert error.value.code == code


def test_attachments_in_a_document_carry_nothing_active():
    document = Document(title="Bericht", body_html=mark_safe("<h1 id='a'>Bericht</h1><p>Text.</p>"))
    data = render_pdf(document, attachments=[Attachment("Feindliches Schreiben", data=hostile_pdf())])
    assert active_content(data) == []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 2
        assert "/Annots" not in pdf.pages[1].obj or all(
            annot.get("/Subtype") == "/Link" and "/Launch" not in repr(annot) for annot in pdf.pages[1].obj.Annots)
