"""The partner network and the application dossier in the browser.

A partner representative asks to join an organisation, the programme office approves in the back
office, the representative uploads a letter of support (a real PDF; a PNG renamed to .pdf is refused)
and records a pledge. The office maps a call's theme onto a cooperation field, closes the gap the
completeness check shows, exports PDF and DOCX and freezes the dossier as version 1. Every partner-area
page, the public supporters page and every dossier page pass axe-core (WCAG 2.1 A/AA); the public and
partner-area pages do not scroll sideways on a 360 px phone; no request goes to another host.

The live server runs in a thread of this process: the test data is written through the models
(tests/e2e/city.py), e-mails land in ``mail.outbox`` and background tasks run at once (tests/settings.py).
"""

import hashlib
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.axe import assert_accessible
from tests.e2e.layout import DESKTOP, PHONE, assert_no_sideways_scrolling
from tests.e2e.session import SLOW, log_in, sign_in_tab, wait_for_mail

pytestmark = pytest.mark.e2e

EXPORT = 60_000  # ms; PDF and DOCX are set while the request waits (tasks run at once in tests)



# --- Fixtures and helpers ---------------------------------------------------------------------------


@pytest.fixture
def network(city, settings, tmp_path):
    """The test city with an open participation process, the call "Wettbewerb Digitale Stadt 2017", its
    dossier, a public supporter with a letter and a pledge, an approved representative (mara), a
    resident without membership (paula) and the programme office; letters and dossier files go to a
    temporary private folder."""
    from tests.e2e.city import build_participation, build_partner_network

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    for alias in ("default", "pages"):  # rate limits and throttles start afresh for every test
        caches[alias].clear()
    participation = build_participation(city)
    return build_partner_network(city, participation.office)


def png_bytes():
    """A real PNG image (what gets renamed to .pdf)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (11, 92, 171)).save(buffer, format="PNG")
    return buffer.getvalue()


def stored_letters():
    folder = Path(settings.PRIVATE_MEDIA_ROOT) / "letters"
    return sorted(p.name for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def fill_letter_form(page, call_title, signatory, upload):
    page.get_by_label(re.compile("^Schreiben als PDF")).set_input_files(upload)
    page.get_by_label(re.compile("^Datum des Schreibens")).fill("2017-02-20")
    page.get_by_label(re.compile("^Unterzeichnet von")).fill(signatory)
    page.get_by_role("group", name=re.compile("^Für diese Ausschreibungen")).get_by_label(call_title).check()
    page.get_by_label("Das Schreiben darf öffentlich gezeigt werden.").check()


# --- Journey 1: a representative joins, the office approves, a letter and a pledge ------------------


def test_representative_joins_is_approved_uploads_letter_and_records_pledge(network, open_tab, mailoutbox):
    from wagtail.models import ModelLogEntry

    from modellstadt.dossier import selectors as dossier_selectors
    from modellstadt.partners import services
    from modellstadt.partners.models import Membership, MembershipState, Pledge, SupportLetter
    from tests.e2e.city import letter_pdf

    hochschule, call = network.hochschule, network.call
    area = f"/partnerbereich/organisation/{hochschule.slug}/"

    # The representative (a resident with a confirmed address) asks to join the Hochschule.
    paula = sign_in_tab(open_tab, network.paula)
    page = paula.page
    main = page.locator("main")
    paula.open("/partnerbereich/")
    expect(main).to_contain_text("So werden Sie Teil des Partnerbereichs")
    main.get_by_role("link", name="Wählen Sie Ihre Organisation").click()
    expect(page).to_have_url(re.compile(r"/partnerbereich/beitreten/$"), timeout=SLOW)
    page.get_by_role("searchbox", name="Organisation suchen").fill("Hochschule")
    page.get_by_role("button", name="Liste eingrenzen").click()
    expect(page).to_have_url(re.compile(r"/partnerbereich/beitreten/\?suche=Hochschule$"), timeout=SLOW)
    choice = page.get_by_role("combobox", name=re.compile(r"^Organisation"))
    expect(choice.locator("option", has_text="Stadtwerke Teststadt")).to_have_count(0)  # narrowed down
    choice.select_option(label="Hochschule Teststadt")
    page.get_by_label(re.compile("^Nachricht an das Programmbüro")).fill(
        "Ich leite das Institut für Verkehrsplanung und spreche für die Hochschule im Programm."
    )
    page.get_by_role("button", name="Anfrage senden").click()
    expect(page).to_have_url(re.compile(r"/partnerbereich/$"), timeout=SLOW)
    expect(main).to_contain_text("Danke! Das Programmbüro prüft Ihre Anfrage")
    expect(main.locator("li", has_text="Hochschule Teststadt – angefragt am")).to_be_visible()
    membership = Membership.objects.get(user=network.paula, organisation=hochschule)
    assert membership.state == MembershipState.REQUESTED
    paula.open(area, status=404)  # nothing of the organisation before the office decided

    # The programme office signs in through the login form and approves in the back office.
    office = open_tab()
    opage = office.page
    log_in(office, network.office.email, network.password)
    office.open("/verwaltung/")
    menu = opage.get_by_role("navigation", name="Hauptmenü")
    menu.get_by_role("button", name="Partner").click()
    menu.get_by_role("link", name="Mitgliedschaften").click()
    expect(opage).to_have_url(re.compile(r"/verwaltung/partner/mitgliedschaften/$"), timeout=SLOW)
    row = opage.locator("tbody tr", has_text="Hochschule Teststadt")
    expect(row).to_contain_text("Angefragt")
    row.locator(f"a[href$='/decide/{membership.pk}/']").first.click()
    decide = rf"/verwaltung/partner/mitgliedschaften/decide/{membership.pk}/$"
    expect(opage).to_have_url(re.compile(decide), timeout=SLOW)
    expect(opage.locator("main")).to_contain_text("Ich leite das Institut für Verkehrsplanung")
    opage.get_by_label("Bestätigen").check()
    opage.get_by_role("button", name="Entscheidung speichern").click()
    expect(opage.locator("body")).to_contain_text("Die Mitgliedschaft wurde bestätigt.", timeout=SLOW)
    membership.refresh_from_db()
    assert membership.state == MembershipState.APPROVED and membership.decided_by_id == network.office.pk
    assert ModelLogEntry.objects.filter(action=services.ACTION_APPROVE, object_id=str(membership.pk)).exists()
    wait_for_mail(mailoutbox, network.paula.email)

    # The representative now reaches the organisation's area.
    paula.open("/partnerbereich/")
    main.get_by_role("link", name="Hochschule Teststadt").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(area)}$"), timeout=SLOW)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hochschule Teststadt")
    letters = page.locator("section[aria-labelledby='schreiben']")
    pledges = page.locator("section[aria-labelledby='zusagen']")
    expect(letters).to_contain_text("Noch keine Schreiben.")
    expect(pledges).to_contain_text("Noch keine Zusagen.")

    # A PNG renamed to .pdf: a German error next to the file field, nothing stored.
    before = stored_letters()
    letters.get_by_role("link", name="Schreiben hochladen").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(area)}schreiben/neu/$"), timeout=SLOW)
    fill_letter_form(page, call.title, "Prof. Dr. Paula Beispiel",
                     {"name": "unterstuetzung.pdf", "mimeType": "application/pdf", "buffer": png_bytes()})
    page.get_by_role("button", name="Schreiben speichern").click()
    error = page.locator("#id_file-error")
    expect(error).to_contain_text("Die Datei ist keine PDF-Datei. Bitte laden Sie das Schreiben als PDF hoch.",
                                  timeout=SLOW)
    file_input = page.locator("#id_file")
    expect(file_input).to_have_attribute("aria-invalid", "true")
    expect(file_input).to_have_attribute("aria-describedby", re.compile(r"\bid_file-error\b"))
    expect(page.get_by_label(re.compile("^Unterzeichnet von"))).to_have_value("Prof. Dr. Paula Beispiel")
    assert not SupportLetter.objects.filter(organisation=hochschule).exists()
    assert stored_letters() == before

    # The real letter: a PDF made here, for the call, released for the public.
    pdf = letter_pdf("Hochschule Teststadt", "Wir unterstuetzen die Bewerbung der Teststadt.")
    fill_letter_form(page, call.title, "Prof. Dr. Paula Beispiel",
                     {"name": "unterstuetzung.pdf", "mimeType": "application/pdf", "buffer": pdf})
    page.get_by_role("button", name="Schreiben speichern").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(area)}$"), timeout=SLOW)
    expect(page.locator("[role='status']")).to_contain_text("Das Unterstützungsschreiben wurde gespeichert.")
    letter_row = letters.locator("tbody tr")
    expect(letter_row).to_have_count(1)
    expect(letter_row).to_contain_text("Prof. Dr. Paula Beispiel")
    expect(letter_row).to_contain_text(call.title)
    expect(letter_row.locator("td").nth(3)).to_have_text("ja")
    letter = SupportLetter.objects.get(organisation=hochschule)
    assert letter.public and letter.page_count == 1 and list(letter.calls.all()) == [call]
    assert letter.uploaded_by_id == network.paula.pk and str(letter.date) == "2017-02-20"
    assert len(stored_letters()) == len(before) + 1
    with page.expect_download() as download:
        letter_row.get_by_role("link", name=re.compile("PDF herunterladen")).click()
    # What was stored is the cleaned copy (core/documents/sanitize.py): the same text, the same page.
    with letter.file.open("rb") as stored_file:
        stored = stored_file.read()
    assert Path(download.value.path()).read_bytes() == stored
    cleaned = PdfReader(io.BytesIO(stored))
    assert len(cleaned.pages) == 1 and "Wir unterstuetzen die Bewerbung" in cleaned.pages[0].extract_text()
    # Stored privately: the office gets the file, a visitor not even a hint that it exists (the
    # Hochschule has not agreed to be named publicly, so "public" does not open it to everybody yet).
    download_url = f"/partnerbereich/schreiben/{letter.pk}/datei/"
    by_office = opage.request.get(download_url)
    assert by_office.status == 200 and by_office.body() == stored
    assert open_tab().page.request.get(download_url).status == 404

    # A pledge: staff time worth 1.500,00 EUR for the field "Elektromobilität" and the call.
    pledges.get_by_role("link", name="Zusage erfassen").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(area)}zusagen/neu/$"), timeout=SLOW)
    page.get_by_label(re.compile("^Art der Zusage")).select_option(label="Personalzeit")
    page.get_by_label(re.compile("^Was sagen Sie zu")).fill(
        "Zwei wissenschaftliche Mitarbeiterinnen begleiten den Aufbau der Ladesäulen ein Jahr lang."
    )
    page.get_by_label(re.compile("^Geschätzter Wert in Euro")).fill("1.500,00")
    page.get_by_role("group", name=re.compile("^Für diese Kooperationsfelder")).get_by_label(
        "1. Elektromobilität", exact=True).check()
    page.get_by_role("group", name=re.compile("^Zählt für diese Ausschreibungen")).get_by_label(call.title).check()
    page.get_by_role("button", name="Zusage speichern").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(area)}$"), timeout=SLOW)
    expect(page.locator("[role='status']")).to_contain_text("Die Zusage wurde gespeichert.")
    card = pledges.locator("li.card")
    expect(card).to_have_count(1)
    expect(card.get_by_role("heading", level=3)).to_have_text("Personalzeit")
    expect(card).to_contain_text("Zwei wissenschaftliche Mitarbeiterinnen")
    expect(card).to_contain_text("Geschätzter Wert: 1.500 €")
    expect(card).to_contain_text(f"Zählt für: {call.title}")
    expect(pledges).to_contain_text("Geschätzter Gesamtwert: 1.500 €")
    pledge = Pledge.objects.get(organisation=hochschule)
    assert pledge.kind == "staff_time" and pledge.estimated_value_eur == Decimal("1500.00")
    assert [f.slug for f in pledge.fields.all()] == ["elektromobilitaet"]
    assert list(pledge.calls.all()) == [call]

    # Both count for the call's dossier now (besides the Stadtwerke's letter and pledge).
    support = dossier_selectors.support_data(call)
    assert support["letter_count"] == 2 and support["pledge_count"] == 2
    assert support["pledges_total_eur"] == "26500.00"
    for tab in (paula, office):
        tab.assert_local_only()


# --- Journey 2: the office maps a theme, closes the gap, exports and freezes ---------------------------


def test_office_maps_theme_fixes_gap_exports_and_freezes_the_dossier(network, open_tab):
    from wagtail.models import ModelLogEntry

    from modellstadt.dossier.models import Dossier, DossierExport, DossierVersion, ThemeMapping
    from modellstadt.dossier.services import FREEZE_ACTION
    from modellstadt.strategy.models import CooperationFieldPage

    dossier = network.dossier
    detail = f"/verwaltung/dossiers/{dossier.pk}/"
    office = open_tab()
    page = office.page
    log_in(office, network.office.email, network.password)
    office.open(detail)
    expect(page.get_by_role("heading", level=1)).to_contain_text(dossier.title)
    check = page.locator("section[aria-labelledby='check-heading']")
    gaps = check.locator("ul.dossier-gaps li")
    expect(check).to_contain_text("Teilnahmeberechtigt: 123.000 Einwohner")
    # Only the unmapped theme "Gesundheit" is missing: no field, no status, no vision, no project.
    expect(gaps).to_have_text([
        re.compile("^Thema Gesundheit: keinem Kooperationsfeld zugeordnet"),
        re.compile("^Thema Gesundheit: kein Ist-Zustand hinterlegt"),
        re.compile("^Thema Gesundheit: keine Vision hinterlegt"),
        re.compile("^Thema Gesundheit: keine Projekte zugeordnet"),
    ])
    expect(check).to_contain_text("Es fehlen noch 4 Angaben:")

    # Map "Gesundheit" onto the field "Bildung und Qualifizierung" and its project, following the gap's link.
    gaps.filter(has_text="keinem Kooperationsfeld zugeordnet").get_by_role("link", name="Zuordnung bearbeiten").click()
    expect(page).to_have_url(re.compile(rf"/zuordnung/\?dossier={dossier.pk}#thema-2$"), timeout=SLOW)
    health = page.locator("fieldset#thema-2")
    expect(health.locator("legend")).to_have_text("2. Gesundheit")
    expect(page.locator("fieldset#thema-1").get_by_label("1. Elektromobilität")).to_be_checked()
    health.get_by_label("2. Bildung und Qualifizierung").check()
    health.locator("summary").click()
    health.get_by_label("Digitales Klassenzimmer (Bildung und Qualifizierung)").check()
    page.get_by_role("button", name="Zuordnung speichern").click()
    # back on the dossier (the browser keeps the fragment through the redirect)
    expect(page).to_have_url(re.compile(rf"{re.escape(detail)}(#thema-2)?$"), timeout=SLOW)
    expect(page.locator("body")).to_contain_text("Zuordnung gespeichert.")
    mapping = ThemeMapping.objects.get(theme=network.health_theme)
    assert [f.slug for f in mapping.fields.all()] == ["bildung"]
    assert [p.slug for p in mapping.projects.all()] == ["digitales-klassenzimmer"]
    # The field "Bildung und Qualifizierung" has neither status nor vision: those two gaps stay.
    expect(gaps).to_have_text([
        re.compile("^Thema Gesundheit: kein Ist-Zustand hinterlegt"),
        re.compile("^Thema Gesundheit: keine Vision hinterlegt"),
    ])

    # Close them with this dossier's own text for the theme; the field itself stays unchanged.
    page.locator("section[aria-labelledby='themes-heading']").get_by_role("link", name="2. Gesundheit").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(detail)}themen/{network.health_theme.pk}/$"), timeout=SLOW)
    page.get_by_label(re.compile(r"Ist-Zustand \(nur in dieser Bewerbung\)")).fill(
        "Die Schulen und Praxen der Teststadt arbeiten noch weitgehend auf Papier."
    )
    page.get_by_label(re.compile(r"Vision \(nur in dieser Bewerbung\)")).fill(
        "Telemedizin und digitale Gesundheitsbildung für alle Menschen in der Teststadt."
    )
    page.get_by_role("button", name="Speichern").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(detail)}$"), timeout=SLOW)
    expect(page.locator("body")).to_contain_text("Text für „Gesundheit“ gespeichert.")
    expect(check).to_contain_text("Die Bewerbung ist vollständig.")
    expect(gaps).to_have_count(0)
    themes = page.locator("section[aria-labelledby='themes-heading'] tbody tr")
    expect(themes.nth(1)).to_contain_text("eigener Text in dieser Bewerbung")
    assert CooperationFieldPage.objects.get(slug="bildung").vision == ""

    # Export PDF and DOCX and download them.
    page.get_by_role("button", name="Exportieren (PDF/DOCX)").click()
    expect(page).to_have_url(re.compile(r"/verwaltung/dossiers/exporte/\d+/$"), timeout=EXPORT)
    expect(page.locator("main p[role='status']")).to_contain_text("Fertig", timeout=EXPORT)  # reloads itself
    export = DossierExport.objects.get(dossier=dossier)
    assert export.state == DossierExport.State.DONE and export.progress == 100
    expect(page.locator("#export-progress")).to_have_attribute("value", "100")
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF herunterladen").click()
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Telemedizin und digitale Gesundheitsbildung" in " ".join(text.split())
    docx_url = page.get_by_role("link", name="DOCX herunterladen").get_attribute("href")
    docx = page.request.get(docx_url)
    assert docx.status == 200 and docx.body().startswith(b"PK")
    assert "wordprocessingml" in docx.headers["content-type"]

    # Submit and freeze: version 1 with its checksum.
    page.get_by_role("link", name="Zurück zur Bewerbung").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(detail)}$"), timeout=SLOW)
    page.get_by_role("link", name="Einreichen und einfrieren").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(detail)}einfrieren/$"), timeout=SLOW)
    expect(page.locator("main")).not_to_contain_text("Achtung: Es fehl")
    page.get_by_label("Ja, diesen Stand einreichen und einfrieren.").check()
    page.get_by_role("button", name="Einreichen und einfrieren").click()
    expect(page).to_have_url(re.compile(r"/verwaltung/dossiers/versionen/\d+/$"), timeout=EXPORT)
    version = DossierVersion.objects.get(dossier=dossier)
    assert version.number == 1 and len(version.sha256) == 64
    expect(page.locator("body")).to_contain_text("Version 1 eingefroren.")
    expect(page.locator("main")).to_contain_text(version.sha256)
    expect(page.locator("main")).to_contain_text("Dateien und Inhalt stimmen mit der Prüfsumme überein.")
    frozen = page.request.get(f"/verwaltung/dossiers/versionen/{version.pk}/pdf/")
    assert frozen.status == 200 and frozen.body().startswith(b"%PDF")
    assert hashlib.sha256(frozen.body()).hexdigest() == version.pdf_sha256
    assert Dossier.objects.get(pk=dossier.pk).state == Dossier.State.FROZEN
    assert ModelLogEntry.objects.filter(action=FREEZE_ACTION, object_id=str(dossier.pk),
                                        data__sha256=version.sha256).exists()

    office.open(detail)
    expect(page.locator("main")).to_contain_text("Stand: Eingefroren")
    versions = page.locator("section[aria-labelledby='versions-heading'] tbody tr")
    expect(versions).to_have_count(1)
    expect(versions.first).to_contain_text("Version 1")
    expect(versions.first).to_contain_text(version.sha256[:12])
    office.assert_local_only()


# --- axe-core on the partner area and the supporters page, desktop and phone -------------------------


def _submit_png_letter(page):
    page.get_by_label(re.compile("^Schreiben als PDF")).set_input_files(
        {"name": "brief.pdf", "mimeType": "application/pdf", "buffer": png_bytes()}
    )
    page.get_by_label(re.compile("^Datum des Schreibens")).fill("2017-02-20")
    page.get_by_label(re.compile("^Unterzeichnet von")).fill("Dr. Werner Werkleiter")
    page.get_by_role("button", name="Schreiben speichern").click()
    expect(page.locator("#id_file-error")).to_contain_text("Die Datei ist keine PDF-Datei.", timeout=SLOW)


# id: (address (str or function of the test data), viewer, text in <main>, action after loading)
# Viewers: "gast" (logged out), "paula" (signed in, no membership), "mara" (represents the Stadtwerke).
PARTNER_PAGES = {
    "Partnerbereich-Gast": ("/partnerbereich/", "gast", "So werden Sie Teil des Partnerbereichs", None),
    "Partnerbereich-ohne-Mitgliedschaft": ("/partnerbereich/", "paula", "So werden Sie Teil des Partnerbereichs",
                                           None),
    "Partnerbereich-Mitglied": ("/partnerbereich/", "mara", "Ihre Organisationen", None),
    "Beitreten": ("/partnerbereich/beitreten/", "paula", "Organisation vertreten", None),
    "Organisation": (lambda d: f"/partnerbereich/organisation/{d.stadtwerke.slug}/", "mara",
                     "Echtzeitdaten aller Ladesäulen", None),
    "Profil": (lambda d: f"/partnerbereich/organisation/{d.stadtwerke.slug}/profil/", "mara",
               "Profil von Stadtwerke Teststadt bearbeiten", None),
    "Schreiben-Fehler": (lambda d: f"/partnerbereich/organisation/{d.stadtwerke.slug}/schreiben/neu/", "mara",
                         "Bitte prüfen Sie die markierten Angaben.", _submit_png_letter),
    "Zusage": (lambda d: f"/partnerbereich/organisation/{d.stadtwerke.slug}/zusagen/neu/", "mara",
               "Zusage erfassen", None),
    "Projektidee": (lambda d: f"/partnerbereich/organisation/{d.stadtwerke.slug}/ideen/neu/", "mara",
                    "Ideen für die Digitalisierungsstrategie", None),
    "Unterstuetzer": ("/unterstuetzer/", "gast", "Stadtwerke Teststadt", None),
}


@pytest.mark.parametrize("name", list(PARTNER_PAGES))
def test_partner_page_is_accessible_on_desktop_and_phone(network, open_tab, name):
    address, viewer, text, action = PARTNER_PAGES[name]
    path = address(network) if callable(address) else address
    tab = open_tab() if viewer == "gast" else sign_in_tab(open_tab, getattr(network, viewer))
    page = tab.page
    for size, label in ((DESKTOP, "Desktop"), (PHONE, "360 px")):
        page.set_viewport_size(size)
        tab.open(path)
        if action is not None:
            action(page)
        where = f"{name} {path} ({viewer}, {label})"
        expect(page.locator("main")).to_contain_text(text)
        expect(page.get_by_role("link", name="Mein Konto")).to_have_count(0 if viewer == "gast" else 1)
        assert page.locator("html").get_attribute("lang") == "de", where
        assert_accessible(page, where)
        if size is PHONE:
            assert_no_sideways_scrolling(page, where)
    tab.assert_local_only()


# --- axe-core on the dossier's back-office pages -----------------------------------------------------


def _dossier_with_versions(data):
    """An export, and two frozen versions with a change in between (for the versions and compare pages)."""
    from modellstadt.dossier import services

    services.request_export(data.dossier, data.office, background=False)
    first = services.freeze(data.dossier, data.office)
    services.save_theme_text(data.dossier, data.health_theme, status_text="Praxen arbeiten auf Papier.",
                             vision_text="Telemedizin für alle.")
    second = services.freeze(data.dossier, data.office)
    return {"first": first, "second": second, "export": data.dossier.exports.get()}


def _submit_too_many_points(page):
    page.get_by_label(re.compile("Gesamtkonzept: erwartete Punkte")).fill("20")
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator("main")).to_contain_text("Höchstens 15 Punkte möglich.", timeout=SLOW)


# id: (address as a function of (test data, extra), text in <main>, action after loading)
DOSSIER_PAGES = {
    "Uebersicht-Vollstaendigkeit": (lambda d, x: f"/verwaltung/dossiers/{d.dossier.pk}/",
                                    "Thema Gesundheit: keine Vision hinterlegt", None),
    "Zuordnung": (lambda d, x: f"/verwaltung/dossiers/ausschreibungen/{d.call.pk}/zuordnung/?dossier={d.dossier.pk}",
                  "2. Gesundheit", None),
    "Thementext": (lambda d, x: f"/verwaltung/dossiers/{d.dossier.pk}/themen/{d.mobility_theme.pk}/",
                   "Zugeordnete Kooperationsfelder", None),
    "Selbsteinschaetzung": (lambda d, x: f"/verwaltung/dossiers/{d.dossier.pk}/selbsteinschaetzung/",
                            "Bisher erwartet: 0 von 45 Punkten.", None),
    "Selbsteinschaetzung-Fehler": (lambda d, x: f"/verwaltung/dossiers/{d.dossier.pk}/selbsteinschaetzung/",
                                   "Bisher erwartet", _submit_too_many_points),
    "Export": (lambda d, x: f"/verwaltung/dossiers/exporte/{x['export'].pk}/", "PDF herunterladen", None),
    "Einfrieren-bestaetigen": (lambda d, x: f"/verwaltung/dossiers/{d.dossier.pk}/einfrieren/",
                               "Ja, diesen Stand einreichen und einfrieren.", None),
    "Versionen": (lambda d, x: f"/verwaltung/dossiers/{d.dossier.pk}/", "Versionen vergleichen", None),
    "Version": (lambda d, x: f"/verwaltung/dossiers/versionen/{x['second'].pk}/", "Prüfsumme (SHA-256)", None),
    "Vergleich": (lambda d, x: f"/verwaltung/dossiers/{d.dossier.pk}/vergleich/", "Thema 2: Gesundheit", None),
}


@pytest.mark.parametrize("name", list(DOSSIER_PAGES))
def test_dossier_page_is_accessible(network, open_tab, name):
    address, text, action = DOSSIER_PAGES[name]
    extra = _dossier_with_versions(network) if name in ("Export", "Versionen", "Version", "Vergleich") else {}
    path = address(network, extra)
    tab = sign_in_tab(open_tab, network.office)
    page = tab.page
    page.set_viewport_size(DESKTOP)
    tab.open(path)
    if action is not None:
        action(page)
    expect(page.locator("main")).to_contain_text(text)
    assert page.locator("html").get_attribute("lang") == "de", name
    assert_accessible(page, f"{name} {path}")
    tab.assert_local_only()
