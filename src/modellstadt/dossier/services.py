"""Writes of dossiers: edits of texts, mappings and the self-assessment, exports, freezing.

Every write runs in one transaction and raises DossierError with a German message the office can
read. Views, the background task and the demo loader call these functions; none of them writes the
dossier models on its own. Any edit of a dossier's content turns a frozen dossier back into a draft:
the frozen versions stay as they are. What is read to build a dossier is in ``selectors.py``.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from modellstadt.dossier.models import (
    Call,
    CallRequirement,
    CallTheme,
    Dossier,
    DossierExport,
    DossierSection,
    DossierThemeText,
    DossierVersion,
    ScoringCriterion,
    SelfAssessment,
    ThemeMapping,
)
from modellstadt.dossier.selectors import (
    build_dossier_content,
    canonical_json,
    export_size,
    file_name,
    public_letter_files,
    sha256_hex,
)

FREEZE_ACTION = "modellstadt.freeze"
EXPORT_ACTION = "modellstadt.dossier_export"
# Dossiers with at most this many letters and pledges together are exported at once in the request;
# larger ones go to the background worker.
IMMEDIATE_EXPORT_LIMIT = 40
# progress(percent, message) of an export; the message is a German text (possibly lazy)
Progress = Callable[[int, Any], None]


class DossierError(ValidationError):
    """A rule of the dossier stops the action; ``message`` is German and meant for the office."""

    def __init__(self, message: Any, *, field: str | None = None, code: str = "dossier") -> None:
        super().__init__(message, code=code)
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


def _touch(dossier: Dossier) -> None:
    """An edit of the dossier's content: a frozen dossier becomes a draft for the next version."""
    Dossier.objects.filter(pk=dossier.pk).update(state=Dossier.State.DRAFT, updated_at=timezone.now())
    dossier.state = Dossier.State.DRAFT


def set_assessment(dossier: Dossier, criterion: ScoringCriterion, expected_points: Any,
                   justification: str = "") -> SelfAssessment:
    with transaction.atomic():
        if criterion.call_id != dossier.call_id:
            raise DossierError(_("Dieses Kriterium gehört nicht zur Ausschreibung der Bewerbung."))
        try:
            points = int(expected_points)
        except (TypeError, ValueError):
            raise DossierError(_("Bitte eine ganze Zahl eingeben."), field="expected_points") from None
        if points < 0 or points > criterion.max_points:
            raise DossierError(
                _("Für „%(title)s“ sind 0 bis %(max)s Punkte möglich.")
                % {"title": criterion.title, "max": criterion.max_points},
                field="expected_points",
            )
        assessment, _created = SelfAssessment.objects.update_or_create(
            dossier=dossier, criterion=criterion,
            defaults={"expected_points": points, "justification": justification or ""},
        )
        return assessment


def create_dossier(call: Call, *, title: str, user: Any = None, summary: str = "") -> Dossier:
    with transaction.atomic():
        if not (title or "").strip():
            raise DossierError(_("Bitte einen Titel angeben."), field="title")
        return Dossier.objects.create(call=call, title=title.strip(), summary=summary, created_by=user)


def update_dossier(dossier: Dossier, **values: Any) -> Dossier:
    with transaction.atomic():
        allowed = {"title", "subtitle", "summary", "contact", "editorial_note"}
        for name, value in values.items():
            if name not in allowed:
                raise DossierError(f"Unbekanntes Feld: {name}")
            setattr(dossier, name, value)
        if not (dossier.title or "").strip():
            raise DossierError(_("Bitte einen Titel angeben."), field="title")
        dossier.state = Dossier.State.DRAFT
        dossier.save()
        return dossier


def save_theme_text(dossier: Dossier, theme: CallTheme, *, status_text: str = "",
                    vision_text: str = "") -> DossierThemeText:
    """Override a theme's status/vision in this dossier only; the cooperation fields stay unchanged."""
    with transaction.atomic():
        if theme.call_id != dossier.call_id:
            raise DossierError(_("Dieses Themenfeld gehört nicht zur Ausschreibung der Bewerbung."))
        text, _created = DossierThemeText.objects.update_or_create(
            dossier=dossier, theme=theme,
            defaults={"status_text": (status_text or "").strip(), "vision_text": (vision_text or "").strip()},
        )
        _touch(dossier)
        return text


def save_section(dossier: Dossier, requirement: CallRequirement, text: str) -> DossierSection:
    with transaction.atomic():
        if requirement.call_id != dossier.call_id or requirement.kind != CallRequirement.Kind.FREE_TEXT:
            raise DossierError(_("Zu dieser Anforderung gibt es keinen Freitext-Abschnitt."))
        section, _created = DossierSection.objects.update_or_create(
            dossier=dossier, requirement=requirement, defaults={"text": (text or "").strip()}
        )
        _touch(dossier)
        return section


def set_theme_mapping(theme: CallTheme, *, fields: Iterable[Any], projects: Iterable[Any],
                      note: str | None = None) -> ThemeMapping:
    with transaction.atomic():
        mapping, _created = ThemeMapping.objects.get_or_create(theme=theme)
        mapping.fields.set(fields)
        mapping.projects.set(projects)
        if note is not None:
            mapping.note = note
            mapping.save(update_fields=["note"])
        # every dossier of the call now reads different source texts
        Dossier.objects.filter(call_id=theme.call_id).update(state=Dossier.State.DRAFT, updated_at=timezone.now())
        return mapping


def render_files(dossier: Dossier, content: dict[str, Any], progress: Progress | None = None) -> tuple[bytes, bytes]:
    """(pdf bytes, docx bytes) for ``content``; ``progress(percent, message)`` is called along the way."""
    from modellstadt.dossier.exports.docx import render_docx
    from modellstadt.dossier.exports.pdf import render_pdf

    progress = progress or (lambda percent, message: None)
    progress(10, _("PDF wird gesetzt …"))
    letter_files = public_letter_files(dossier.call)
    for letter, field in letter_files:  # a letter whose file is gone stops the export, it is never left out
        name = field.name or ""  # never empty: public_letter_files() keeps only letters with a file
        if not field.storage.exists(name):
            raise DossierError(missing_letter_message(letter, name), code="missing_letter")
    letters = [
        ({"organisation": letter.organisation.name, "date": letter.date.isoformat() if letter.date else "",
          "signatory": letter.signatory}, field)
        for letter, field in letter_files
    ]
    pdf = render_pdf(content, letters=letters,
                     progress=lambda p: progress(10 + int(p * 0.6), _("PDF wird gesetzt …")))
    progress(75, _("DOCX wird erstellt …"))
    docx = render_docx(content)
    progress(95, _("Dateien werden gespeichert …"))
    return pdf, docx


def missing_letter_message(letter: Any, file_name: str) -> str:
    return _("Das Unterstützungsschreiben von %(organisation)s vom %(date)s fehlt im Dateispeicher (%(file)s). "
             "Bitte stellen Sie die Datei wieder her oder laden Sie das Schreiben neu hoch.") % {
        "organisation": letter.organisation.name,
        "date": letter.date.strftime("%d.%m.%Y") if letter.date else "–",
        "file": file_name,
    }


def pdf_page_count(pdf: bytes) -> int:
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


def run_export(export: DossierExport) -> DossierExport:
    """Build PDF and DOCX of the dossier's current content into ``export`` and record progress."""

    def progress(percent: int, message: Any) -> None:
        DossierExport.objects.filter(pk=export.pk).update(
            progress=min(max(int(percent), 0), 100), message=str(message)[:255], updated_at=timezone.now()
        )

    DossierExport.objects.filter(pk=export.pk).update(state=DossierExport.State.RUNNING, progress=1,
                                                      message=_("Inhalt wird zusammengestellt …"))
    try:
        dossier = export.dossier
        content = build_dossier_content(dossier)
        pdf, docx = render_files(dossier, content, progress)
        export.refresh_from_db()
        export.pdf.save(file_name(content, "pdf"), ContentFile(pdf), save=False)
        export.docx.save(file_name(content, "docx"), ContentFile(docx), save=False)
        export.state = DossierExport.State.DONE
        export.progress = 100
        export.message = _("PDF mit %(pages)s Seiten und DOCX stehen zum Herunterladen bereit.") % {
            "pages": pdf_page_count(pdf)}
        export.save()
    except Exception as error:  # the office sees the failure on the page instead of a stuck progress bar
        DossierExport.objects.filter(pk=export.pk).update(
            state=DossierExport.State.FAILED, message=(_("Fehler beim Erstellen: %(error)s") % {"error": error})[:255],
            updated_at=timezone.now(),
        )
        raise
    return export


def request_export(dossier: Dossier, user: Any = None, *, background: bool | None = None) -> DossierExport:
    """Start an export. Small dossiers are built at once; large ones (or background=True) are queued."""
    author = user if user and user.is_authenticated else None  # the export row and its audit entry
    export = DossierExport.objects.create(
        dossier=dossier, requested_by=author,
        message=_("Die Dateien werden erstellt, sobald der Hintergrunddienst frei ist."),
    )
    log(instance=dossier, action=EXPORT_ACTION, user=author, data={"export": export.pk})
    if background is None:
        background = export_size(dossier) > IMMEDIATE_EXPORT_LIMIT
    if background:
        from modellstadt.dossier.tasks import build_export

        transaction.on_commit(lambda: build_export.enqueue(export.pk))
    else:
        run_export(export)
        export.refresh_from_db()
    return export


def freeze(dossier: Dossier, user: Any) -> DossierVersion:
    """Submit: store the dossier as an immutable version with PDF, DOCX and checksums; audit-logged."""
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update().select_related("call").get(pk=dossier.pk)
        content = build_dossier_content(dossier)
        pdf, docx = render_files(dossier, content)
        number = (dossier.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        content_sha = sha256_hex(canonical_json(content))
        pdf_sha, docx_sha = sha256_hex(pdf), sha256_hex(docx)
        author = user if user and user.is_authenticated else None  # the version and its audit entry
        version = DossierVersion(
            dossier=dossier, number=number, created_by=author,
            content=content, content_sha256=content_sha, pdf_sha256=pdf_sha, docx_sha256=docx_sha,
            sha256=DossierVersion.combined_checksum(content_sha, pdf_sha, docx_sha),
        )
        version.pdf.save(file_name(content, "pdf", f"-v{number}"), ContentFile(pdf), save=False)
        version.docx.save(file_name(content, "docx", f"-v{number}"), ContentFile(docx), save=False)

        def remove_files() -> None:
            for stored in (version.pdf, version.docx):
                if stored.name:
                    stored.storage.delete(stored.name)

        try:  # nothing stored half: the files go again if the version cannot be recorded
            version.save()
            Dossier.objects.filter(pk=dossier.pk).update(state=Dossier.State.FROZEN, updated_at=timezone.now())
            log(
                instance=dossier, action=FREEZE_ACTION, user=author,
                data={"version": number, "sha256": version.sha256, "call": dossier.call.title},
            )
        except Exception:
            remove_files()
            raise
        dossier.state = Dossier.State.FROZEN
        return version
