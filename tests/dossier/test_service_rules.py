"""The rules of the dossier services, each checked without typesetting a document: the PDF and DOCX
renderers are replaced by stand-ins that return small files, so freezing, exporting and every edit run
in well under a second. What the real documents contain is checked in test_freeze_and_exports.py."""

import datetime
import io

import pikepdf
import pytest
from django.contrib.auth.models import AnonymousUser
from wagtail.models import ModelLogEntry

from modellstadt.dossier import selectors, services, versions
from modellstadt.dossier.models import (
    Call,
    CallRequirement,
    Dossier,
    DossierExport,
    DossierSection,
    DossierThemeText,
    DossierVersion,
    SelfAssessment,
    ThemeMapping,
)

DOCX = b"PK\x03\x04 stand-in docx"


def _pdf(pages):
    document = pikepdf.new()
    for _page in range(pages):
        document.add_blank_page()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


PDF = _pdf(3)


class Renderers:
    """Stand-ins for render_pdf/render_docx that record what they were given."""

    def __init__(self):
        self.pdf_calls = []
        self.docx_calls = []
        self.during_pdf = None  # called with the progress callback while the "PDF" is built
        self.pdf = PDF

    def render_pdf(self, content, *, letters=(), progress=None):
        self.pdf_calls.append({"content": content, "letters": list(letters)})
        if self.during_pdf:
            self.during_pdf(progress)
        return self.pdf

    def render_docx(self, content):
        self.docx_calls.append(content)
        return DOCX


@pytest.fixture
def renderers(monkeypatch):
    from modellstadt.dossier.exports import docx, pdf

    stand_ins = Renderers()
    monkeypatch.setattr(pdf, "render_pdf", stand_ins.render_pdf)
    monkeypatch.setattr(docx, "render_docx", stand_ins.render_docx)
    return stand_ins


def _state(dossier):
    return Dossier.objects.values_list("state", flat=True).get(pk=dossier.pk)


def _freeze_in_db(dossier):
    Dossier.objects.filter(pk=dossier.pk).update(state=Dossier.State.FROZEN)
    dossier.state = Dossier.State.FROZEN


def _timeless(content):
    """A content snapshot without the moment it was built."""
    return {key: value for key, value in content.items() if key != "generated_at"}


def _refusal(error, message, field=None, code="dossier"):
    assert (str(error.value), error.value.field, error.value.code) == (message, field, code)


# --- the error -----------------------------------------------------------------------------------------


def test_the_error_carries_its_message_field_and_code():
    error = services.DossierError("Nicht erlaubt.", field="title", code="eigen")
    assert (str(error), error.message, error.field, error.code) == (
        "Nicht erlaubt.", "Nicht erlaubt.", "title", "eigen")
    plain = services.DossierError("Nein.")
    assert (plain.field, plain.code, str(plain)) == (None, "dossier", "Nein.")


# --- creating and editing ------------------------------------------------------------------------------


@pytest.mark.parametrize("title", ["", "   ", None])
def test_a_dossier_needs_a_title(call, title):
    with pytest.raises(services.DossierError) as error:
        services.create_dossier(call, title=title)
    _refusal(error, "Bitte einen Titel angeben.", "title")
    assert not Dossier.objects.exists()


def test_a_new_dossier_keeps_its_stripped_title_summary_and_author(call, office_user):
    dossier = services.create_dossier(call, title="  Bewerbung Teststadt ", user=office_user, summary="Kurz.")
    stored = Dossier.objects.get(pk=dossier.pk)
    assert (stored.call, stored.title, stored.summary, stored.created_by, stored.state) == (
        call, "Bewerbung Teststadt", "Kurz.", office_user, Dossier.State.DRAFT)


def test_updating_a_dossier_stores_every_allowed_field_and_makes_it_a_draft(call):
    dossier = services.create_dossier(call, title="Alt")
    _freeze_in_db(dossier)
    values = {"title": "Neu", "subtitle": "Untertitel", "summary": "Zusammenfassung", "contact": "Rathaus",
              "editorial_note": "Intern"}
    assert services.update_dossier(dossier, **values) is dossier
    stored = Dossier.objects.get(pk=dossier.pk)
    assert {name: getattr(stored, name) for name in values} == values
    assert stored.state == dossier.state == Dossier.State.DRAFT


def test_updating_refuses_unknown_fields_and_an_empty_title(call):
    dossier = services.create_dossier(call, title="Alt")
    with pytest.raises(services.DossierError) as error:
        services.update_dossier(dossier, title="Neu", state="frozen")
    _refusal(error, "Unbekanntes Feld: state")
    for empty in ("  ", None):
        with pytest.raises(services.DossierError) as error:
            services.update_dossier(dossier, title=empty)
        _refusal(error, "Bitte einen Titel angeben.", "title")
    assert Dossier.objects.get(pk=dossier.pk).title == "Alt"


# --- self-assessment -----------------------------------------------------------------------------------


def test_assessment_points_from_zero_to_the_maximum_are_stored_and_replaced(dossier, call):
    criterion = call.criteria.order_by("order").first()  # at most 15 points
    first = services.set_assessment(dossier, criterion, "0")
    assert (first.expected_points, first.justification) == (0, "")
    services.set_assessment(dossier, criterion, 15, "Alle Ämter machen mit")
    stored = SelfAssessment.objects.get(dossier=dossier, criterion=criterion)
    assert (stored.pk, stored.expected_points, stored.justification) == (first.pk, 15, "Alle Ämter machen mit")
    services.set_assessment(dossier, criterion, 3, None)
    assert SelfAssessment.objects.get(pk=first.pk).justification == ""


@pytest.mark.parametrize("points", [-1, 16])
def test_assessment_points_outside_the_range_are_refused_naming_the_criterion(dossier, call, points):
    criterion = call.criteria.order_by("order").first()
    with pytest.raises(services.DossierError) as error:
        services.set_assessment(dossier, criterion, points)
    _refusal(error, "Für „Gesamtkonzept“ sind 0 bis 15 Punkte möglich.", "expected_points")
    assert not SelfAssessment.objects.exists()


@pytest.mark.parametrize("points", ["viel", None, "1,5"])
def test_assessment_points_must_be_a_whole_number(dossier, call, points):
    with pytest.raises(services.DossierError) as error:
        services.set_assessment(dossier, call.criteria.first(), points)
    _refusal(error, "Bitte eine ganze Zahl eingeben.", "expected_points")


def test_assessment_of_another_calls_criterion_is_refused(dossier):
    other = Call.objects.create(organiser="Land", title="Andere", slug="andere")
    criterion = other.criteria.create(title="Fremd", max_points=10, order=1)
    with pytest.raises(services.DossierError) as error:
        services.set_assessment(dossier, criterion, 5)
    _refusal(error, "Dieses Kriterium gehört nicht zur Ausschreibung der Bewerbung.")


# --- texts of the dossier --------------------------------------------------------------------------------


def test_theme_text_is_stored_stripped_and_makes_a_frozen_dossier_a_draft(dossier, call):
    theme = call.themes.get(number=1)
    _freeze_in_db(dossier)
    before = Dossier.objects.get(pk=dossier.pk).updated_at
    text = services.save_theme_text(dossier, theme, status_text="  Stand ", vision_text=" Ziel  ")
    assert (text.status_text, text.vision_text) == ("Stand", "Ziel")
    assert _state(dossier) == dossier.state == Dossier.State.DRAFT
    assert Dossier.objects.get(pk=dossier.pk).updated_at > before
    services.save_theme_text(dossier, theme, status_text=None, vision_text=None)
    stored = DossierThemeText.objects.get(dossier=dossier, theme=theme)
    assert (stored.pk, stored.status_text, stored.vision_text) == (text.pk, "", "")
    services.save_theme_text(dossier, theme)  # neither text given: both empty
    stored = DossierThemeText.objects.get(dossier=dossier, theme=theme)
    assert (stored.status_text, stored.vision_text) == ("", "")


def test_theme_text_of_another_calls_theme_is_refused(dossier):
    other = Call.objects.create(organiser="Land", title="Andere", slug="andere")
    theme = other.themes.create(number=1, title="Fremd")
    _freeze_in_db(dossier)
    with pytest.raises(services.DossierError) as error:
        services.save_theme_text(dossier, theme, vision_text="x")
    _refusal(error, "Dieses Themenfeld gehört nicht zur Ausschreibung der Bewerbung.")
    assert _state(dossier) == Dossier.State.FROZEN


def test_free_text_section_is_stored_stripped_and_makes_a_frozen_dossier_a_draft(dossier, call):
    requirement = call.requirements.get(kind=CallRequirement.Kind.FREE_TEXT)
    _freeze_in_db(dossier)
    before = Dossier.objects.get(pk=dossier.pk).updated_at
    section = services.save_section(dossier, requirement, "  Unser Konzept. ")
    assert section.text == "Unser Konzept."
    assert _state(dossier) == dossier.state == Dossier.State.DRAFT
    assert Dossier.objects.get(pk=dossier.pk).updated_at > before
    services.save_section(dossier, requirement, None)
    stored = DossierSection.objects.get(dossier=dossier, requirement=requirement)
    assert (stored.pk, stored.text) == (section.pk, "")


def test_only_free_text_requirements_of_the_own_call_have_a_section(dossier, call):
    other = Call.objects.create(organiser="Land", title="Andere", slug="andere")
    foreign = other.requirements.create(kind=CallRequirement.Kind.FREE_TEXT, title="Fremd", order=1)
    not_free = call.requirements.get(kind="partner_support")
    _freeze_in_db(dossier)
    for requirement in (foreign, not_free):
        with pytest.raises(services.DossierError) as error:
            services.save_section(dossier, requirement, "Text")
        _refusal(error, "Zu dieser Anforderung gibt es keinen Freitext-Abschnitt.")
    assert not DossierSection.objects.exists()
    assert _state(dossier) == Dossier.State.FROZEN


def test_theme_mapping_sets_fields_projects_and_note_and_makes_the_calls_dossiers_drafts(
        dossier, call, fields, projects):
    other_call = Call.objects.create(organiser="Land", title="Andere", slug="andere")
    other = services.create_dossier(other_call, title="Andere Bewerbung")
    _freeze_in_db(dossier)
    _freeze_in_db(other)
    before = Dossier.objects.get(pk=dossier.pk).updated_at
    theme = call.themes.get(number=1)
    mapping = services.set_theme_mapping(theme, fields=[fields["mobility"]], projects=[projects["app"]],
                                         note="Nur Verkehr")
    stored = ThemeMapping.objects.get(theme=theme)
    assert stored.pk == mapping.pk
    assert list(stored.fields.all()) == [fields["mobility"]]
    assert list(stored.projects.all()) == [projects["app"]]
    assert stored.note == "Nur Verkehr"
    assert _state(dossier) == Dossier.State.DRAFT and _state(other) == Dossier.State.FROZEN
    assert Dossier.objects.get(pk=dossier.pk).updated_at > before
    services.set_theme_mapping(theme, fields=[], projects=[])  # no note given: the note stays
    stored = ThemeMapping.objects.get(theme=theme)
    assert (stored.note, list(stored.fields.all()), list(stored.projects.all())) == ("Nur Verkehr", [], [])
    services.set_theme_mapping(theme, fields=[], projects=[], note="")
    assert ThemeMapping.objects.get(theme=theme).note == ""


# --- rendering -------------------------------------------------------------------------------------------


def test_rendering_hands_the_public_letters_over_and_reports_progress(dossier, support, renderers):
    content = {"cover": {"dossier_title": "Bewerbung"}}
    renderers.during_pdf = lambda progress: (progress(0), progress(50), progress(100))
    steps = []
    assert services.render_files(dossier, content, lambda percent, message: steps.append((percent, message))) == (
        PDF, DOCX)
    letter = support["letters"][0]  # the letter sent by post has no file and is not appended
    [call] = renderers.pdf_calls
    assert call["content"] is content
    assert [(row, field.name) for row, field in call["letters"]] == [
        ({"organisation": "Stadtwerke Teststadt", "date": "2017-02-01", "signatory": "Dr. Werk"}, letter.file.name)]
    assert renderers.docx_calls == [content]
    assert [(percent, str(message)) for percent, message in steps] == [
        (10, "PDF wird gesetzt …"), (10, "PDF wird gesetzt …"), (40, "PDF wird gesetzt …"),
        (70, "PDF wird gesetzt …"), (75, "DOCX wird erstellt …"), (95, "Dateien werden gespeichert …"),
    ]
    assert services.render_files(dossier, content) == (PDF, DOCX)  # without anyone watching the progress


def test_rendering_stops_at_a_letter_whose_file_is_gone(dossier, support, renderers):
    letter = support["letters"][0]
    letter.file.storage.delete(letter.file.name)
    with pytest.raises(services.DossierError) as error:
        services.render_files(dossier, {})
    _refusal(error, "Das Unterstützungsschreiben von Stadtwerke Teststadt vom 01.02.2017 fehlt im Dateispeicher "
                    f"({letter.file.name}). Bitte stellen Sie die Datei wieder her oder laden Sie das Schreiben neu "
                    "hoch.", code="missing_letter")
    assert renderers.pdf_calls == []


def test_the_missing_letter_message_without_a_date(support):
    letter = support["letters"][0]
    letter.date = None
    assert services.missing_letter_message(letter, "briefe/x.pdf") == (
        "Das Unterstützungsschreiben von Stadtwerke Teststadt vom – fehlt im Dateispeicher (briefe/x.pdf). "
        "Bitte stellen Sie die Datei wieder her oder laden Sie das Schreiben neu hoch.")


def test_page_count_of_a_pdf():
    assert services.pdf_page_count(_pdf(1)) == 1
    assert services.pdf_page_count(PDF) == 3


# --- exports -------------------------------------------------------------------------------------------


def test_an_export_records_its_progress_and_its_files(dossier, office_user, renderers, monkeypatch):
    seen = []
    build = services.build_dossier_content

    def watched_build(watched):
        seen.append(DossierExport.objects.values("state", "progress", "message", "updated_at").get())
        return build(watched)

    monkeypatch.setattr(services, "build_dossier_content", watched_build)
    renderers.during_pdf = lambda progress: (
        seen.append(DossierExport.objects.values("state", "progress", "message", "updated_at").get()),
        progress(200), seen.append(DossierExport.objects.values("progress").get()),
        progress(-50), seen.append(DossierExport.objects.values("progress").get()),
    )
    export = services.request_export(dossier, office_user, background=False)
    started, building, too_far, too_low = seen
    assert {k: started[k] for k in ("state", "progress", "message")} == {
        "state": "running", "progress": 1, "message": "Inhalt wird zusammengestellt …"}
    assert {k: building[k] for k in ("state", "progress", "message")} == {
        "state": "running", "progress": 10, "message": "PDF wird gesetzt …"}
    assert building["updated_at"] > started["updated_at"]
    assert (too_far["progress"], too_low["progress"]) == (100, 0)  # kept within 0 to 100
    stored = DossierExport.objects.get(pk=export.pk)
    assert (stored.state, stored.progress, stored.message) == (
        "done", 100, "PDF mit 3 Seiten und DOCX stehen zum Herunterladen bereit.")
    assert (export.state, export.progress) == ("done", 100)  # the returned row is read again
    assert stored.pdf.name.endswith("/bewerbung-teststadt.pdf")
    assert stored.docx.name.endswith("/bewerbung-teststadt.docx")
    assert stored.pdf.open("rb").read() == PDF and stored.docx.open("rb").read() == DOCX
    assert [_timeless(c) for c in renderers.docx_calls] == [_timeless(selectors.build_dossier_content(dossier))]


def test_a_failing_export_is_marked_failed_with_its_error_cut_to_the_column(dossier, office_user, renderers):
    building = []

    def fail(progress):
        building.append(DossierExport.objects.get().updated_at)
        raise RuntimeError("kaputt " + "x" * 300)

    renderers.during_pdf = fail
    with pytest.raises(RuntimeError):
        services.request_export(dossier, office_user, background=False)
    export = DossierExport.objects.get()
    assert export.state == DossierExport.State.FAILED
    assert export.message == ("Fehler beim Erstellen: kaputt " + "x" * 300)[:255]
    assert export.updated_at > building[0]
    assert not export.pdf and not export.docx


def test_an_export_request_is_logged_and_waits_for_the_worker(dossier, office_user, renderers,
                                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        export = services.request_export(dossier, office_user, background=True)
    assert (export.state, export.requested_by, export.message) == (
        "queued", office_user, "Die Dateien werden erstellt, sobald der Hintergrunddienst frei ist.")
    assert renderers.pdf_calls == []
    entry = ModelLogEntry.objects.get(action="modellstadt.dossier_export")
    assert (entry.user, entry.data, entry.object_id) == (office_user, {"export": export.pk}, str(dossier.pk))
    assert len(callbacks) == 1
    callbacks[0]()  # the worker's task
    assert DossierExport.objects.get(pk=export.pk).state == "done"


@pytest.mark.parametrize("user", [None, AnonymousUser()], ids=["nobody", "anonymous"])
def test_an_export_without_a_signed_in_person_has_no_requester(dossier, renderers, user):
    assert services.request_export(dossier, user, background=False).requested_by is None
    assert ModelLogEntry.objects.get(action="modellstadt.dossier_export").user is None


@pytest.mark.parametrize(("size", "queued"), [(40, False), (41, True)])
def test_exports_of_more_than_forty_letters_and_pledges_go_to_the_worker(
        dossier, office_user, renderers, monkeypatch, django_capture_on_commit_callbacks, size, queued):
    monkeypatch.setattr(services, "export_size", lambda watched: size if watched == dossier else 0)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        export = services.request_export(dossier, office_user)
    assert (len(callbacks), export.state) == ((1, "queued") if queued else (0, "done"))


# --- freezing ------------------------------------------------------------------------------------------


def test_freezing_stores_content_files_checksums_and_logs(dossier, support, office_user, renderers):
    before = Dossier.objects.get(pk=dossier.pk).updated_at
    version = services.freeze(dossier, office_user)
    assert Dossier.objects.get(pk=dossier.pk).updated_at > before
    stored = DossierVersion.objects.get(pk=version.pk)
    content = stored.content
    assert (stored.dossier, stored.number, stored.created_by) == (dossier, 1, office_user)
    assert _timeless(content) == _timeless(selectors.build_dossier_content(dossier))
    assert renderers.pdf_calls[0]["content"] == content and renderers.docx_calls == [content]
    assert stored.pdf.name.endswith("/bewerbung-teststadt-v1.pdf")
    assert stored.docx.name.endswith("/bewerbung-teststadt-v1.docx")
    assert stored.pdf.open("rb").read() == PDF and stored.docx.open("rb").read() == DOCX
    expected = (selectors.sha256_hex(selectors.canonical_json(content)), selectors.sha256_hex(PDF),
                selectors.sha256_hex(DOCX))
    assert (stored.content_sha256, stored.pdf_sha256, stored.docx_sha256) == expected
    assert stored.sha256 == DossierVersion.combined_checksum(*expected)
    assert versions.check_version(stored) == []
    assert _state(dossier) == Dossier.State.FROZEN
    assert version.dossier.state == Dossier.State.FROZEN
    entry = ModelLogEntry.objects.get(action="modellstadt.freeze")
    assert (entry.user, entry.object_id, entry.data) == (
        office_user, str(dossier.pk), {"version": 1, "sha256": stored.sha256, "call": "Digitale Stadt"})


def test_each_freeze_is_the_next_number_of_its_own_dossier(dossier, call, office_user, renderers):
    other = services.create_dossier(call, title="Zweite Bewerbung")
    for _number in range(3):
        services.freeze(other, office_user)
    first = services.freeze(dossier, office_user)
    services.save_section(dossier, call.requirements.get(kind="free_text"), "Neu")
    second = services.freeze(dossier, office_user)
    assert (first.number, second.number) == (1, 2)
    assert second.pdf.name.endswith("-v2.pdf") and second.docx.name.endswith("-v2.docx")
    assert ModelLogEntry.objects.filter(action="modellstadt.freeze", object_id=str(dossier.pk)).count() == 2


@pytest.mark.parametrize("user", [None, AnonymousUser()], ids=["nobody", "anonymous"])
def test_a_version_frozen_without_a_signed_in_person_has_no_author(dossier, renderers, user):
    assert services.freeze(dossier, user).created_by is None


def test_a_version_that_cannot_be_recorded_leaves_no_files_behind(dossier, office_user, renderers, monkeypatch):
    stored = []
    real_save = DossierVersion.save

    def failing_save(version, *args, **kwargs):
        stored.extend([version.pdf, version.docx])
        assert all(f.storage.exists(f.name) for f in stored)
        raise RuntimeError("Datenbank weg")

    monkeypatch.setattr(DossierVersion, "save", failing_save)
    with pytest.raises(RuntimeError, match="Datenbank weg"):
        services.freeze(dossier, office_user)
    monkeypatch.setattr(DossierVersion, "save", real_save)
    assert len(stored) == 2 and not any(f.storage.exists(f.name) for f in stored)
    assert _state(dossier) == Dossier.State.DRAFT
    assert not DossierVersion.objects.exists()


def test_a_failing_audit_entry_undoes_the_freeze(dossier, office_user, renderers, monkeypatch):
    def failing_log(**kwargs):
        raise RuntimeError("Protokoll voll")

    monkeypatch.setattr(services, "log", failing_log)
    with pytest.raises(RuntimeError, match="Protokoll voll"):
        services.freeze(dossier, office_user)
    assert not DossierVersion.objects.exists()
    assert _state(dossier) == Dossier.State.DRAFT
    assert not any(path.is_file() for path in _private_files())


def _private_files():
    from django.conf import settings

    return list(settings.PRIVATE_MEDIA_ROOT.rglob("*"))


def test_freezing_reads_the_dossier_again_instead_of_trusting_the_callers_copy(dossier, office_user, renderers):
    stale = Dossier.objects.get(pk=dossier.pk)
    services.update_dossier(dossier, title="Bewerbung Neustadt")
    version = services.freeze(stale, office_user)
    assert version.content["cover"]["dossier_title"] == "Bewerbung Neustadt"
    assert version.pdf.name.endswith("/bewerbung-neustadt-v1.pdf")


def test_missing_letter_dates_are_written_the_german_way(support):
    letter = support["letters"][0]
    letter.date = datetime.date(2017, 12, 3)
    assert "vom 03.12.2017 fehlt" in services.missing_letter_message(letter, "x")
