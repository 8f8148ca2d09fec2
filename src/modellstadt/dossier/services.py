"""Writes and the dossier builder: content snapshot, eligibility, completeness, self-assessment,
freezing and comparing versions.

Every write runs in one transaction and raises DossierError with a German message the office can
read. Views, the background task and the demo loader call these functions; none of them writes the
dossier models on its own. Any edit of a dossier's content turns a frozen dossier back into a draft:
the frozen versions stay as they are.
"""

import difflib
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Prefetch
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from modellstadt.core.formatting import format_euro, format_number
from modellstadt.core.text import plain_text
from modellstadt.dossier.exports import text as md_text
from modellstadt.dossier.models import (
    CallRequirement,
    Dossier,
    DossierExport,
    DossierSection,
    DossierThemeText,
    DossierVersion,
    SelfAssessment,
    ThemeMapping,
)

CONTENT_SCHEMA = 1
FREEZE_ACTION = "modellstadt.freeze"
EXPORT_ACTION = "modellstadt.dossier_export"
# Dossiers with at most this many letters and pledges together are exported at once in the request;
# larger ones go to the background worker.
IMMEDIATE_EXPORT_LIMIT = 40

Kind = CallRequirement.Kind
DEFAULT_SECTION_KINDS = [Kind.STATUS_AND_VISION, Kind.PROJECT_MANAGEMENT, Kind.PARTNER_SUPPORT]


class DossierError(ValidationError):
    """A rule of the dossier stops the action; ``message`` is German and meant for the office."""

    def __init__(self, message, *, field=None, code="dossier"):
        super().__init__(message, code=code)
        self.field = field

    def __str__(self):
        return str(self.message)


# --- helpers ---------------------------------------------------------------------------------------


def initiative():
    from modellstadt.strategy.models import HomePage

    return HomePage.objects.first()


def _url(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _money(value):
    return str(Decimal(value or 0).quantize(Decimal("0.01")))


def _touch(dossier):
    """An edit of the dossier's content: a frozen dossier becomes a draft for the next version."""
    Dossier.objects.filter(pk=dossier.pk).update(state=Dossier.State.DRAFT, updated_at=timezone.now())
    dossier.state = Dossier.State.DRAFT


# --- eligibility -----------------------------------------------------------------------------------


@dataclass
class Eligibility:
    eligible: bool | None  # None: cannot be decided (population unknown)
    message: str
    population: int | None


def _format_int(value):
    return format_number(value)


def check_eligibility(call, home):
    """Check the initiative's population against the call's range."""
    population = getattr(home, "population", None)
    low, high = call.min_population, call.max_population
    if low is None and high is None:
        return Eligibility(True, _("Die Ausschreibung nennt keine Grenzen für die Einwohnerzahl."), population)
    if population is None:
        return Eligibility(
            None, _("Die Einwohnerzahl der Initiative ist nicht hinterlegt; die Teilnahme kann nicht geprüft werden."),
            None,
        )
    if low is not None and high is not None:
        span = _("%(low)s bis %(high)s Einwohner") % {"low": _format_int(low), "high": _format_int(high)}
    elif low is not None:
        span = _("mindestens %(low)s Einwohner") % {"low": _format_int(low)}
    else:
        span = _("höchstens %(high)s Einwohner") % {"high": _format_int(high)}
    inside = (low is None or population >= low) and (high is None or population <= high)
    values = {"population": _format_int(population), "span": span}
    if inside:
        message = _("Teilnahmeberechtigt: %(population)s Einwohner, gefordert %(span)s.") % values
        return Eligibility(True, message, population)
    return Eligibility(
        False, _("Nicht teilnahmeberechtigt: %(population)s Einwohner, gefordert %(span)s.") % values, population
    )


# --- partner support (letters of support and pledges of the partners app) -------------------------


def support_letters(call):
    """The letters of support that refer to ``call``, with their organisations."""
    from modellstadt.partners.models import SupportLetter

    return SupportLetter.objects.filter(calls=call).select_related("organisation").distinct().order_by("pk")


def pledges(call):
    """The pledges that count for ``call``, with their organisations."""
    from modellstadt.partners.models import Pledge

    return Pledge.objects.filter(calls=call).select_related("organisation").distinct().order_by("pk")


def _choice_labels(model, field):
    """{value: label} of a choices field, translated once: Django's get_FOO_display() rebuilds and
    hashes the whole (lazy) choices list on every call, which dominated the dossier build for hundreds
    of projects and pledges (bench/dossier_run.py)."""
    return {value: str(label) for value, label in model._meta.get_field(field).flatchoices}


def _label(labels, obj, field):
    value = getattr(obj, field)
    return labels.get(value, str(value or ""))


def support_data(call):
    """Counts by organisation kind, supporters, letters and pledges for ``call``, as plain data."""
    from modellstadt.partners.models import OrganisationKind, Pledge

    letters = list(support_letters(call))
    pledge_rows = list(pledges(call))
    organisations = {}
    letter_rows = []
    for letter in letters:
        organisations[letter.organisation_id] = letter.organisation
        letter_rows.append({
            "id": letter.pk,
            "organisation": letter.organisation.name,
            "organisation_kind": letter.organisation.kind,
            "date": letter.date.isoformat(),
            "signatory": letter.signatory,
            "public": letter.public,
            "has_file": bool(letter.file),
        })
    pledge_list = []
    total = Decimal("0")
    kind_labels = _choice_labels(Pledge, "kind")
    for pledge in pledge_rows:
        organisations[pledge.organisation_id] = pledge.organisation
        value = pledge.estimated_value_eur or Decimal("0")
        total += value
        pledge_list.append({
            "id": pledge.pk,
            "organisation": pledge.organisation.name,
            "kind": _label(kind_labels, pledge, "kind"),
            "description": pledge.description,
            "value_eur": _money(value),
        })
    labels = dict(OrganisationKind.choices)
    by_kind = {}
    for org in organisations.values():
        by_kind[org.kind] = by_kind.get(org.kind, 0) + 1
    return {
        "organisation_count": len(organisations),
        "letter_count": len(letter_rows),
        "public_letter_count": sum(1 for row in letter_rows if row["public"]),
        "by_kind": [
            {"kind": kind, "label": str(labels[kind]), "count": by_kind[kind]}
            for kind in labels if kind in by_kind
        ],
        "organisations": sorted(
            (
                {"name": o.name, "kind": o.kind, "kind_label": str(labels.get(o.kind, o.kind))}
                for o in organisations.values()
            ),
            key=lambda row: (row["kind_label"], row["name"].lower()),
        ),
        "letters": letter_rows,
        "pledges": pledge_list,
        "pledge_count": len(pledge_list),
        "pledges_total_eur": _money(total),
    }


def public_letter_files(call):
    """(letter, file field) of the public letters of ``call`` that have a PDF, for appending to the PDF."""
    return [(letter, letter.file) for letter in support_letters(call) if letter.public and letter.file]


# --- themes and governance -------------------------------------------------------------------------


def _themes(call):
    from modellstadt.projects.models import ProjectPage
    from modellstadt.strategy.models import CooperationFieldPage

    return list(
        call.themes.select_related("mapping").prefetch_related(
            Prefetch("mapping__fields", queryset=CooperationFieldPage.objects.order_by("number")),
            # only the columns theme_content() reads: the full page rows (and the joined field pages with
            # their long texts) of hundreds of projects cost more than the rest of the dossier build
            Prefetch("mapping__projects", queryset=ProjectPage.objects.select_related("field").only(
                "title", "summary", "status", "field__title",
            ).order_by("title")),
        ).order_by("number")
    )


def _mapping(theme):
    try:
        return theme.mapping
    except ThemeMapping.DoesNotExist:
        return None


def _joined(fields, attribute):
    parts = []
    for field in fields:
        text = (getattr(field, attribute) or "").strip()
        if text:
            parts.append(text if len(fields) == 1 else f"**{field.title}:** {text}")
    return "\n\n".join(parts)


def theme_content(dossier, themes=None):
    from modellstadt.projects.models import ProjectPage

    overrides = {t.theme_id: t for t in dossier.theme_texts.all()}
    status_labels = _choice_labels(ProjectPage, "status")
    rows = []
    for theme in themes if themes is not None else _themes(dossier.call):
        mapping = _mapping(theme)
        fields = list(mapping.fields.all()) if mapping else []
        projects = list(mapping.projects.all()) if mapping else []
        override = overrides.get(theme.pk)
        status_override = (override.status_text or "").strip() if override else ""
        vision_override = (override.vision_text or "").strip() if override else ""
        rows.append({
            "id": theme.pk,
            "number": theme.number,
            "title": theme.title,
            "description": theme.description,
            "fields": [{"id": f.pk, "number": f.number, "title": f.title} for f in fields],
            "status": status_override or _joined(fields, "status_description"),
            "status_source": "dossier" if status_override else "fields",
            "vision": vision_override or _joined(fields, "vision"),
            "vision_source": "dossier" if vision_override else "fields",
            "projects": [
                {
                    "id": p.pk, "title": p.title, "summary": p.summary, "status": _label(status_labels, p, "status"),
                    "field": p.field.title if p.field else "",
                }
                for p in projects
            ],
        })
    return rows


def management_content(home):
    from modellstadt.strategy.models import Decision, GovernancePage, GoverningBody

    bodies = GoverningBody.objects.prefetch_related("memberships__organisation").select_related("field")
    decisions = Decision.objects.select_related("body").order_by("-date", "-id")[:10]
    governance_page = GovernancePage.objects.first()
    return {
        "lead_unit": home.lead_unit if home else "",
        "decision_flow": governance_page.decision_flow if governance_page else "",
        "bodies": [
            {
                "id": body.pk,
                "name": body.name,
                "kind": body.kind,
                "kind_label": body.get_kind_display(),
                "field": body.field.title if body.field else "",
                "mandate": body.mandate,
                "members": [
                    {
                        "person": m.person, "role": m.role,
                        "organisation": m.organisation.name if m.organisation else "",
                    }
                    for m in body.memberships.all()
                ],
            }
            for body in bodies
        ],
        "decisions": [
            {"date": d.date.isoformat(), "body": d.body.name, "title": d.title} for d in decisions
        ],
    }


def _requirements(call):
    return list(call.requirements.order_by("order", "pk"))


def section_plan(call, requirements=None):
    """[(kind, title, description, requirement id)] in the order the dossier presents them."""
    requirements = requirements if requirements is not None else _requirements(call)
    plan = [(r.kind, r.title, r.description, r.pk) for r in requirements]
    kinds = {r.kind for r in requirements}
    defaults = {
        Kind.STATUS_AND_VISION: _("Status und Vision je Themenfeld"),
        Kind.PROJECT_MANAGEMENT: _("Lokales Projektmanagement"),
        Kind.PARTNER_SUPPORT: _("Unterstützung durch Partner"),
    }
    for kind in DEFAULT_SECTION_KINDS:
        if kind not in kinds:
            plan.append((kind, defaults[kind], "", None))
    return plan


def build_dossier_content(dossier):
    """The whole dossier as plain data (JSON-serialisable): what the exports render and freezing stores."""
    call = dossier.call
    home = initiative()
    requirements = _requirements(call)
    sections_by_requirement = {s.requirement_id: s for s in dossier.sections.all()}
    deadlines = list(call.deadlines.order_by("due"))
    eligibility = check_eligibility(call, home)
    free_text = []
    attachments = []
    plan = []
    for kind, title, description, requirement_id in section_plan(call, requirements):
        entry = {"kind": str(kind), "title": title, "description": description, "requirement_id": requirement_id}
        if kind == Kind.FREE_TEXT:
            section = sections_by_requirement.get(requirement_id)
            entry["text"] = section.text if section else ""
            free_text.append(entry)
        elif kind == Kind.ATTACHMENT:
            attachments.append(entry)
        plan.append(entry)
    return {
        "schema": CONTENT_SCHEMA,
        "generated_at": timezone.now().isoformat(),
        "cover": {
            "dossier_title": dossier.title,
            "subtitle": dossier.subtitle,
            "call_title": call.title,
            "organiser": call.organiser,
            "call_url": call.url,
            "city": home.city if home else "",
            "programme": home.programme_name if home else "",
            "population": home.population if home else None,
            "contact": dossier.contact,
            "deadlines": [{"label": d.label, "due": d.due.isoformat()} for d in deadlines],
        },
        "summary": dossier.summary,
        "eligibility": {"eligible": eligibility.eligible, "message": eligibility.message},
        "sections": plan,
        "themes": theme_content(dossier),
        "management": management_content(home),
        "support": support_data(call),
        "free_text": free_text,
        "attachments": attachments,
    }


def canonical_json(content):
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


# --- completeness ------------------------------------------------------------------------------------


@dataclass
class Gap:
    area: str
    message: str
    url: str
    link_text: str


def dossier_url(name, dossier, *args):
    return _url(f"dossier_admin:{name}", dossier.pk, *args)


def completeness(dossier, content=None, home=None):
    """Every gap of the dossier, each with a German message and the admin address where it is fixed."""
    content = content or build_dossier_content(dossier)
    call = dossier.call
    home = home or initiative()
    gaps = []
    edit_dossier = dossier_url("edit", dossier)

    if not (dossier.summary or "").strip():
        gaps.append(Gap(_("Zusammenfassung"), _("Zusammenfassung: kein Text"), edit_dossier, _("Bewerbung bearbeiten")))

    eligibility = check_eligibility(call, home)
    if eligibility.eligible is not True:
        gaps.append(Gap(
            _("Teilnahme"), eligibility.message,
            _url("wagtailadmin_pages:edit", home.pk) if home else "", _("Initiative bearbeiten"),
        ))

    kinds = {entry["kind"] for entry in content["sections"]}
    if Kind.STATUS_AND_VISION in kinds:
        if not content["themes"]:
            gaps.append(Gap(
                _("Themenfelder"), _("Ausschreibung: keine Themenfelder angelegt"),
                _url("wagtailsnippets_dossier_call:edit", call.pk), _("Ausschreibung bearbeiten"),
            ))

        def mapping_link(theme):  # back to this dossier after saving the mapping
            return _url("dossier_admin:mapping", call.pk) + f"?dossier={dossier.pk}#thema-{theme['number']}"

        for theme in content["themes"]:
            label = _("Thema %(title)s") % {"title": theme["title"]}
            mapping_url = dossier_url("theme_text", dossier, theme["id"])
            if not theme["fields"]:
                gaps.append(Gap(
                    label, _("%(label)s: keinem Kooperationsfeld zugeordnet") % {"label": label},
                    mapping_link(theme), _("Zuordnung bearbeiten"),
                ))
            source_url = (
                _url("wagtailadmin_pages:edit", theme["fields"][0]["id"]) if len(theme["fields"]) == 1 else mapping_url
            )
            if not theme["status"].strip():
                gaps.append(Gap(
                    label, _("%(label)s: kein Ist-Zustand hinterlegt") % {"label": label}, source_url,
                    _("Ist-Zustand ergänzen"),
                ))
            if not theme["vision"].strip():
                gaps.append(Gap(
                    label, _("%(label)s: keine Vision hinterlegt") % {"label": label}, source_url,
                    _("Vision ergänzen"),
                ))
            if not theme["projects"]:
                gaps.append(Gap(
                    label, _("%(label)s: keine Projekte zugeordnet") % {"label": label},
                    mapping_link(theme), _("Zuordnung bearbeiten"),
                ))

    if Kind.PROJECT_MANAGEMENT in kinds:
        management = content["management"]
        bodies_url = _url("wagtailsnippets_strategy_governingbody:list")
        if not any(body["members"] for body in management["bodies"]):
            gaps.append(Gap(
                _("Projektmanagement"), _("Anforderung Projektmanagement: kein Gremium mit Mitgliedern"),
                bodies_url, _("Gremien bearbeiten"),
            ))
        if not (management["lead_unit"] or "").strip():
            gaps.append(Gap(
                _("Projektmanagement"), _("Anforderung Projektmanagement: keine federführende Stelle angegeben"),
                _url("wagtailadmin_pages:edit", home.pk) if home else "", _("Initiative bearbeiten"),
            ))

    if Kind.PARTNER_SUPPORT in kinds:
        support = content["support"]
        letters_url = _url("partner_letters:index")
        pledges_url = _url("partner_pledges:index")
        if not support["letter_count"]:
            gaps.append(Gap(
                _("Unterstützung"), _("Unterstützung: keine Unterstützungsschreiben für diese Ausschreibung"),
                letters_url, _("Schreiben erfassen"),
            ))
        elif not support["public_letter_count"]:
            gaps.append(Gap(
                _("Unterstützung"), _("Unterstützung: kein Schreiben darf beigelegt werden (keines ist öffentlich)"),
                letters_url, _("Schreiben prüfen"),
            ))
        if not support["pledge_count"]:
            gaps.append(Gap(
                _("Unterstützung"), _("Unterstützung: keine Zusagen für diese Ausschreibung"),
                pledges_url, _("Zusagen erfassen"),
            ))

    for entry in content["free_text"]:
        if not (entry.get("text") or "").strip():
            gaps.append(Gap(
                _("Abschnitt"), _("Abschnitt %(title)s: kein Text") % {"title": entry["title"]},
                dossier_url("section", dossier, entry["requirement_id"]), _("Text schreiben"),
            ))
    return gaps


# --- self-assessment ---------------------------------------------------------------------------------


def self_assessment(dossier):
    """[(criterion, assessment or None)], total expected points and the maximum."""
    criteria = list(dossier.call.criteria.order_by("order", "pk"))
    by_criterion = {a.criterion_id: a for a in dossier.assessments.all()}
    rows = [(c, by_criterion.get(c.pk)) for c in criteria]
    total = sum(a.expected_points for _c, a in rows if a)
    maximum = sum(c.max_points for c in criteria)
    return {"rows": rows, "total": total, "max": maximum}


@transaction.atomic
def set_assessment(dossier, criterion, expected_points, justification=""):
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


# --- edits of the dossier ----------------------------------------------------------------------------


@transaction.atomic
def create_dossier(call, *, title, user=None, summary=""):
    if not (title or "").strip():
        raise DossierError(_("Bitte einen Titel angeben."), field="title")
    return Dossier.objects.create(call=call, title=title.strip(), summary=summary, created_by=user)


@transaction.atomic
def update_dossier(dossier, **values):
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


@transaction.atomic
def save_theme_text(dossier, theme, *, status_text="", vision_text=""):
    """Override a theme's status/vision in this dossier only; the cooperation fields stay unchanged."""
    if theme.call_id != dossier.call_id:
        raise DossierError(_("Dieses Themenfeld gehört nicht zur Ausschreibung der Bewerbung."))
    text, _created = DossierThemeText.objects.update_or_create(
        dossier=dossier, theme=theme,
        defaults={"status_text": (status_text or "").strip(), "vision_text": (vision_text or "").strip()},
    )
    _touch(dossier)
    return text


@transaction.atomic
def save_section(dossier, requirement, text):
    if requirement.call_id != dossier.call_id or requirement.kind != Kind.FREE_TEXT:
        raise DossierError(_("Zu dieser Anforderung gibt es keinen Freitext-Abschnitt."))
    section, _created = DossierSection.objects.update_or_create(
        dossier=dossier, requirement=requirement, defaults={"text": (text or "").strip()}
    )
    _touch(dossier)
    return section


@transaction.atomic
def set_theme_mapping(theme, *, fields, projects, note=None):
    mapping, _created = ThemeMapping.objects.get_or_create(theme=theme)
    mapping.fields.set(fields)
    mapping.projects.set(projects)
    if note is not None:
        mapping.note = note
        mapping.save(update_fields=["note"])
    # every dossier of the call now reads different source texts
    Dossier.objects.filter(call_id=theme.call_id).update(state=Dossier.State.DRAFT, updated_at=timezone.now())
    return mapping


# --- exports ----------------------------------------------------------------------------------------


def export_size(dossier):
    """Letters and pledges of the call: the main driver of the export's size and time."""
    return support_letters(dossier.call).count() + pledges(dossier.call).count()


def render_files(dossier, content, progress=None):
    """(pdf bytes, docx bytes) for ``content``; ``progress(percent, message)`` is called along the way."""
    from modellstadt.dossier.exports.docx import render_docx
    from modellstadt.dossier.exports.pdf import render_pdf

    progress = progress or (lambda percent, message: None)
    progress(10, _("PDF wird gesetzt …"))
    letters = [
        ({"organisation": letter.organisation.name, "date": letter.date.isoformat() if letter.date else "",
          "signatory": letter.signatory}, field)
        for letter, field in public_letter_files(dossier.call)
    ]
    pdf = render_pdf(content, letters=letters, progress=lambda p: progress(10 + int(p * 0.6), _("PDF wird gesetzt …")))
    progress(75, _("DOCX wird erstellt …"))
    docx = render_docx(content)
    progress(95, _("Dateien werden gespeichert …"))
    return pdf, docx


def pdf_page_count(pdf):
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


def file_name(content, extension, suffix=""):
    from modellstadt.core.text import german_slugify

    base = german_slugify(content["cover"]["dossier_title"] or "bewerbung", max_length=60) or "bewerbung"
    return f"{base}{suffix}.{extension}"


def run_export(export):
    """Build PDF and DOCX of the dossier's current content into ``export`` and record progress."""

    def progress(percent, message):
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


def request_export(dossier, user=None, *, background=None):
    """Start an export. Small dossiers are built at once; large ones (or background=True) are queued."""
    export = DossierExport.objects.create(
        dossier=dossier, requested_by=user,
        message=_("Die Dateien werden erstellt, sobald der Hintergrunddienst frei ist."),
    )
    log(instance=dossier, action=EXPORT_ACTION, user=user if user and user.is_authenticated else None,
        data={"export": export.pk})
    if background is None:
        background = export_size(dossier) > IMMEDIATE_EXPORT_LIMIT
    if background:
        from modellstadt.dossier.tasks import build_export

        transaction.on_commit(lambda: build_export.enqueue(export.pk))
    else:
        run_export(export)
        export.refresh_from_db()
    return export


# --- freezing ---------------------------------------------------------------------------------------


@transaction.atomic
def freeze(dossier, user):
    """Submit: store the dossier as an immutable version with PDF, DOCX and checksums; audit-logged."""
    dossier = Dossier.objects.select_for_update().select_related("call").get(pk=dossier.pk)
    content = build_dossier_content(dossier)
    pdf, docx = render_files(dossier, content)
    number = (dossier.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    content_sha = sha256_hex(canonical_json(content))
    pdf_sha, docx_sha = sha256_hex(pdf), sha256_hex(docx)
    version = DossierVersion(
        dossier=dossier, number=number, created_by=user if user and user.is_authenticated else None,
        content=content, content_sha256=content_sha, pdf_sha256=pdf_sha, docx_sha256=docx_sha,
        sha256=DossierVersion.combined_checksum(content_sha, pdf_sha, docx_sha),
    )
    version.pdf.save(file_name(content, "pdf", f"-v{number}"), ContentFile(pdf), save=False)
    version.docx.save(file_name(content, "docx", f"-v{number}"), ContentFile(docx), save=False)

    def remove_files():
        version.pdf.storage.delete(version.pdf.name)
        version.docx.storage.delete(version.docx.name)

    try:  # nothing stored half: the files go again if the version cannot be recorded
        version.save()
        Dossier.objects.filter(pk=dossier.pk).update(state=Dossier.State.FROZEN, updated_at=timezone.now())
        log(
            instance=dossier, action=FREEZE_ACTION, user=user,
            data={"version": number, "sha256": version.sha256, "call": dossier.call.title},
        )
    except Exception:
        remove_files()
        raise
    dossier.state = Dossier.State.FROZEN
    return version


def verify_version(version):
    """True if the stored files and content still match the checksums recorded at freezing."""
    with version.pdf.open("rb") as f:
        pdf_ok = sha256_hex(f.read()) == version.pdf_sha256
    with version.docx.open("rb") as f:
        docx_ok = sha256_hex(f.read()) == version.docx_sha256
    content_ok = sha256_hex(canonical_json(version.content)) == version.content_sha256
    combined = DossierVersion.combined_checksum(version.content_sha256, version.pdf_sha256, version.docx_sha256)
    return pdf_ok and docx_ok and content_ok and combined == version.sha256


# --- comparing versions ------------------------------------------------------------------------------


def plain_text_lines(text):
    """Markdown as a list of lines (paragraphs and list items), for line-wise comparison."""
    lines = []
    for block in (text or "").replace("\r\n", "\n").split("\n"):
        block = block.strip()
        if block:
            lines.append(plain_text(block) if not block.startswith("- ") else "- " + plain_text(block[2:]))
    return lines


def content_sections(content):
    """[(key, title, [lines])] of a content snapshot: the units the comparison works on."""
    result = [
        ("cover", _("Deckblatt"), [
            content["cover"].get("dossier_title", ""), content["cover"].get("subtitle", ""),
            *plain_text_lines(content["cover"].get("contact", "")),
        ]),
        ("summary", _("Zusammenfassung"), plain_text_lines(content.get("summary", ""))),
    ]
    for theme in content.get("themes", []):
        title = _("Thema %(number)s: %(title)s") % theme
        lines = [_("Ist-Zustand:"), *plain_text_lines(theme["status"])]
        lines += [_("Vision:"), *plain_text_lines(theme["vision"])]
        lines += [_("Projekt: %(title)s") % p for p in theme["projects"]]
        result.append((f"theme-{theme['number']}", title, lines))
    management = content.get("management", {})
    lines = [_("Federführung: %(unit)s") % {"unit": management.get("lead_unit", "")}]
    for body in management.get("bodies", []):
        lines.append(md_text.body_heading(body))
        lines += [f"  {m['person']} – {m['role']} – {m['organisation']}" for m in body["members"]]
    result.append(("management", _("Lokales Projektmanagement"), lines))
    support = content.get("support", {})
    lines = [
        _("Organisationen: %(n)s") % {"n": support.get("organisation_count", 0)},
        _("Schreiben: %(n)s") % {"n": support.get("letter_count", 0)},
        _("Zusagen: %(n)s, Summe %(total)s")
        % {"n": support.get("pledge_count", 0), "total": format_euro(support.get("pledges_total_eur", "0.00"))},
    ]
    lines += [f"{p['organisation']}: {p['description']} ({format_euro(p['value_eur'])})"
              for p in support.get("pledges", [])]
    result.append(("support", _("Unterstützung durch Partner"), lines))
    for entry in content.get("free_text", []):
        result.append((f"section-{entry['requirement_id']}", entry["title"], plain_text_lines(entry.get("text", ""))))
    return result


@dataclass
class SectionDiff:
    key: str
    title: str
    change: str  # "unchanged", "changed", "added", "removed"
    diff: list  # unified diff lines

    @property
    def changed(self):
        return self.change != "unchanged"


def compare_versions(a, b):
    """Per-section differences between two versions (or content dicts), oldest first."""
    left = a.content if isinstance(a, DossierVersion) else a
    right = b.content if isinstance(b, DossierVersion) else b
    old = {key: (title, lines) for key, title, lines in content_sections(left)}
    new = {key: (title, lines) for key, title, lines in content_sections(right)}
    order = [key for key, _t, _l in content_sections(left)]
    order += [key for key, _t, _l in content_sections(right) if key not in old]
    result = []
    for key in order:
        if key not in new:
            title, lines = old[key]
            result.append(SectionDiff(key, title, "removed", [f"-{line}" for line in lines]))
        elif key not in old:
            title, lines = new[key]
            result.append(SectionDiff(key, title, "added", [f"+{line}" for line in lines]))
        else:
            title = new[key][0]
            diff = list(difflib.unified_diff(old[key][1], new[key][1], lineterm="", n=1))[2:]
            result.append(SectionDiff(key, title, "changed" if diff else "unchanged", diff))
    return result

