"""Reads of dossiers: the content snapshot a dossier is built from, eligibility, the partners'
support, the completeness check and the self-assessment.

Views, exports, the background task and the demo loader read through these functions; the writes
are in ``services.py``, comparing frozen versions in ``versions.py``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict, cast

from django.db.models import Field, Model, Prefetch, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from modellstadt.core.formatting import format_number
from modellstadt.dossier.models import (
    Call,
    CallRequirement,
    CallTheme,
    Dossier,
    DossierSection,
    ScoringCriterion,
    SelfAssessment,
    ThemeMapping,
)

if TYPE_CHECKING:  # imported inside the functions at run time (import order of the apps)
    from django.db.models.fields.files import FieldFile

    from modellstadt.partners.models import Pledge, SupportLetter
    from modellstadt.strategy.models import CooperationFieldPage, HomePage

CONTENT_SCHEMA = 1

# The dossier's content and its parts are plain JSON (stored in frozen versions, compared by
# versions.py, rendered by the exports); Any stands for the JSON values of schema CONTENT_SCHEMA.
Content = dict[str, Any]

Kind = CallRequirement.Kind
DEFAULT_SECTION_KINDS = [Kind.STATUS_AND_VISION, Kind.PROJECT_MANAGEMENT, Kind.PARTNER_SUPPORT]


def initiative() -> HomePage | None:
    from modellstadt.strategy.models import HomePage

    return HomePage.objects.first()


def _url(name: str, *args: Any) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _money(value: Decimal | int | str | None) -> str:
    return str(Decimal(value or 0).quantize(Decimal("0.01")))


@dataclass
class Eligibility:
    eligible: bool | None  # None: cannot be decided (population unknown)
    message: str
    population: int | None


def _format_int(value: int | None) -> str:
    return str(format_number(value))


def check_eligibility(call: Call, home: HomePage | None) -> Eligibility:
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


def support_letters(call: Call) -> QuerySet[SupportLetter]:
    """The letters of support that refer to ``call``, with their organisations."""
    from modellstadt.partners.models import SupportLetter

    return SupportLetter.objects.filter(calls=call).select_related("organisation").distinct().order_by("pk")


def pledges(call: Call) -> QuerySet[Pledge]:
    """The pledges that count for ``call``, with their organisations."""
    from modellstadt.partners.models import Pledge

    return Pledge.objects.filter(calls=call).select_related("organisation").distinct().order_by("pk")


def _choice_labels(model: type[Model], field: str) -> dict[Any, str]:
    """{value: label} of a choices field, translated once: Django's get_FOO_display() rebuilds and
    hashes the whole (lazy) choices list on every call, which dominated the dossier build for hundreds
    of projects and pledges (bench/dossier_run.py)."""
    choice_field = cast("Field[Any, Any]", model._meta.get_field(field))  # a concrete field, not a relation
    return {value: str(label) for value, label in choice_field.flatchoices}


def _label(labels: dict[Any, str], obj: Model, field: str) -> str:
    value = getattr(obj, field)
    return labels.get(value, str(value or ""))


def support_data(call: Call) -> Content:
    """Counts by organisation kind, supporters, letters and pledges for ``call``, as plain data."""
    from modellstadt.partners.models import OrganisationKind, Pledge

    letters = list(support_letters(call))
    pledge_rows = list(pledges(call))
    organisations: dict[int, Any] = {}  # Any: partners.Organisation, imported only at run time
    letter_rows: list[Content] = []
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
    pledge_list: list[Content] = []
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
    by_kind: dict[str, int] = {}
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


def public_letter_files(call: Call) -> list[tuple[SupportLetter, FieldFile]]:
    """(letter, file field) of the public letters of ``call`` that have a PDF, for appending to the PDF."""
    return [(letter, letter.file) for letter in support_letters(call) if letter.public and letter.file]


def _themes(call: Call) -> list[CallTheme]:
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


def _mapping(theme: CallTheme) -> ThemeMapping | None:
    try:
        return theme.mapping
    except ThemeMapping.DoesNotExist:
        return None


def _joined(fields: Sequence[CooperationFieldPage], attribute: str) -> str:
    parts = []
    for field in fields:
        text = (getattr(field, attribute) or "").strip()
        if text:
            parts.append(text if len(fields) == 1 else f"**{field.title}:** {text}")
    return "\n\n".join(parts)


def theme_content(dossier: Dossier, themes: list[CallTheme] | None = None) -> list[Content]:
    from modellstadt.projects.models import ProjectPage

    overrides = {t.theme_id: t for t in dossier.theme_texts.all()}
    status_labels = _choice_labels(ProjectPage, "status")
    rows: list[Content] = []
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


def management_content(home: HomePage | None) -> Content:
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


def _requirements(call: Call) -> list[CallRequirement]:
    return list(call.requirements.order_by("order", "pk"))


# One planned section: (kind, title, description, requirement id or None for a default section).
PlannedSection = tuple[str, str, str, int | None]


def section_plan(call: Call, requirements: list[CallRequirement] | None = None) -> list[PlannedSection]:
    """[(kind, title, description, requirement id)] in the order the dossier presents them."""
    requirements = requirements if requirements is not None else _requirements(call)
    plan: list[PlannedSection] = [(r.kind, r.title, r.description, r.pk) for r in requirements]
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


def build_dossier_content(dossier: Dossier) -> Content:
    """The whole dossier as plain data (JSON-serialisable): what the exports render and freezing stores."""
    call = dossier.call
    home = initiative()
    requirements = _requirements(call)
    sections_by_requirement: dict[int | None, DossierSection] = {s.requirement_id: s for s in dossier.sections.all()}
    deadlines = list(call.deadlines.order_by("due"))
    eligibility = check_eligibility(call, home)
    free_text: list[Content] = []
    attachments: list[Content] = []
    plan: list[Content] = []
    for kind, title, description, requirement_id in section_plan(call, requirements):
        entry: Content
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


def canonical_json(content: Content) -> bytes:
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Gap:
    area: str
    message: str
    url: str
    link_text: str


def dossier_url(name: str, dossier: Dossier, *args: Any) -> str:
    return _url(f"dossier_admin:{name}", dossier.pk, *args)


def completeness(dossier: Dossier, content: Content | None = None, home: HomePage | None = None) -> list[Gap]:
    """Every gap of the dossier, each with a German message and the admin address where it is fixed."""
    content = content or build_dossier_content(dossier)
    call = dossier.call
    home = home or initiative()
    gaps: list[Gap] = []
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
                pgettext("call", "Themenfelder"), _("Ausschreibung: keine Themenfelder angelegt"),
                _url("wagtailsnippets_dossier_call:edit", call.pk), _("Ausschreibung bearbeiten"),
            ))

        def mapping_link(theme: Content) -> str:  # back to this dossier after saving the mapping
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


class SelfAssessmentSummary(TypedDict):
    rows: list[tuple[ScoringCriterion, SelfAssessment | None]]
    total: int
    max: int


def self_assessment(dossier: Dossier) -> SelfAssessmentSummary:
    """[(criterion, assessment or None)], total expected points and the maximum."""
    criteria = list(dossier.call.criteria.order_by("order", "pk"))
    by_criterion = {a.criterion_id: a for a in dossier.assessments.all()}
    rows = [(c, by_criterion.get(c.pk)) for c in criteria]
    total = sum(a.expected_points for _c, a in rows if a)
    maximum = sum(c.max_points for c in criteria)
    return {"rows": rows, "total": total, "max": maximum}


def export_size(dossier: Dossier) -> int:
    """Letters and pledges of the call: the main driver of the export's size and time."""
    return support_letters(dossier.call).count() + pledges(dossier.call).count()


def file_name(content: Content, extension: str, suffix: str = "") -> str:
    from modellstadt.core.text import german_slugify

    base = german_slugify(content["cover"]["dossier_title"] or "bewerbung", max_length=60) or "bewerbung"
    return f"{base}{suffix}.{extension}"
