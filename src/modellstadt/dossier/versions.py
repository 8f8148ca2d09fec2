"""Frozen versions of a dossier: checking their checksums and comparing two of them section by section."""

import difflib
from dataclasses import dataclass

from django.utils.translation import gettext as _

from modellstadt.core.formatting import format_euro
from modellstadt.core.text import plain_text
from modellstadt.dossier.exports import text as md_text
from modellstadt.dossier.models import (
    DossierVersion,
)
from modellstadt.dossier.selectors import canonical_json, sha256_hex


def _file_sha256(field):
    """SHA-256 of a stored file, or None when the file is gone from storage."""
    try:
        with field.open("rb") as f:
            return sha256_hex(f.read())
    except FileNotFoundError:
        return None


def check_version(version):
    """What no longer matches the checksums recorded at freezing, as German sentences; empty if intact.

    A file missing from storage is reported like a changed one: the version cannot be proven.
    """
    problems = []
    for field, recorded, label in ((version.pdf, version.pdf_sha256, _("PDF-Datei")),
                                   (version.docx, version.docx_sha256, _("DOCX-Datei"))):
        actual = _file_sha256(field)
        if actual is None:
            problems.append(_("Die %(file)s fehlt im Dateispeicher (%(name)s).") % {"file": label, "name": field.name})
        elif actual != recorded:
            problems.append(_("Die %(file)s weicht von ihrer Prüfsumme ab.") % {"file": label})
    if sha256_hex(canonical_json(version.content)) != version.content_sha256:
        problems.append(_("Der gespeicherte Inhalt weicht von seiner Prüfsumme ab."))
    combined = DossierVersion.combined_checksum(version.content_sha256, version.pdf_sha256, version.docx_sha256)
    if combined != version.sha256:
        problems.append(_("Die Gesamtprüfsumme passt nicht zu den Einzelprüfsummen."))
    return problems


def verify_version(version):
    """True if the stored files and content still match the checksums recorded at freezing."""
    return not check_version(version)


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
