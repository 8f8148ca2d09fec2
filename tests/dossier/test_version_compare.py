"""Comparing two frozen versions section by section: which lines each section holds (Markdown reduced to
plain text, list items kept as such), in which order sections come, and what counts as changed, added
or removed. Plain data in, so every rule is checked without freezing a dossier."""

import copy

from modellstadt.dossier import versions
from modellstadt.dossier.models import DossierVersion

NBSP = "\xa0"

CONTENT = {
    "cover": {"dossier_title": "Bewerbung Teststadt", "subtitle": "Digitale Stadt 2017",
              "contact": "**Team Digitalisierung**\r\nRathaus, Zimmer 1\r\n\r\n- Telefon *123*"},
    "summary": "Erster Absatz.\n\n- Punkt *eins*\n- Punkt zwei\n-kein Punkt",
    "themes": [
        {"number": 1, "title": "Gesundheit", "status": "Praxen arbeiten auf Papier.", "vision": "Telemedizin.",
         "projects": [{"id": 4, "title": "Telesprechstunde"}]},
        {"number": 2, "title": "Mobilität", "status": "Busse ohne Echtzeitdaten.", "vision": "Eine App.",
         "projects": []},
    ],
    "management": {"lead_unit": "Team Digitalisierung", "bodies": [
        {"name": "Kernteam", "kind_label": "Gremium",
         "members": [{"person": "A. Muster", "role": "Leitung", "organisation": "Stadt"}]},
    ]},
    "support": {"organisation_count": 3, "letter_count": 2, "pledge_count": 1, "pledges_total_eur": "25000.00",
                "pledges": [{"organisation": "Stadtwerke", "description": "Ladesäulen", "value_eur": "25000.50"}]},
    "free_text": [{"requirement_id": 7, "title": "Gesamtkonzept", "text": "Ein Konzept."}],
}


def test_sections_hold_the_plain_text_lines_of_every_part():
    assert versions.content_sections(CONTENT) == [
        ("cover", "Deckblatt",
         ["Bewerbung Teststadt", "Digitale Stadt 2017", "Team Digitalisierung", "Rathaus, Zimmer 1", "- Telefon 123"]),
        ("summary", "Zusammenfassung", ["Erster Absatz.", "- Punkt eins", "- Punkt zwei", "-kein Punkt"]),
        ("theme-1", "Thema 1: Gesundheit",
         ["Ist-Zustand:", "Praxen arbeiten auf Papier.", "Vision:", "Telemedizin.", "Projekt: Telesprechstunde"]),
        ("theme-2", "Thema 2: Mobilität", ["Ist-Zustand:", "Busse ohne Echtzeitdaten.", "Vision:", "Eine App."]),
        ("management", "Lokales Projektmanagement",
         ["Federführung: Team Digitalisierung", "Kernteam (Gremium)", "  A. Muster – Leitung – Stadt"]),
        ("support", "Unterstützung durch Partner",
         ["Organisationen: 3", "Schreiben: 2", f"Zusagen: 1, Summe 25.000{NBSP}€",
          f"Stadtwerke: Ladesäulen (25.000,50{NBSP}€)"]),
        ("section-7", "Gesamtkonzept", ["Ein Konzept."]),
    ]


def test_a_snapshot_with_only_a_cover_still_has_every_fixed_section():
    assert versions.content_sections({"cover": {}}) == [
        ("cover", "Deckblatt", ["", ""]),
        ("summary", "Zusammenfassung", []),
        ("management", "Lokales Projektmanagement", ["Federführung: "]),
        ("support", "Unterstützung durch Partner",
         ["Organisationen: 0", "Schreiben: 0", f"Zusagen: 0, Summe 0{NBSP}€"]),
    ]
    assert versions.content_sections({"cover": {}, "free_text": [{"requirement_id": 2, "title": "Leer"}]})[-1] == (
        "section-2", "Leer", [])
    assert versions.plain_text_lines(None) == []


def test_compare_lists_old_sections_first_then_new_ones_with_one_line_of_context():
    newer = copy.deepcopy(CONTENT)
    newer["summary"] = newer["summary"].replace("Punkt zwei", "Punkt drei")
    newer["themes"] = [CONTENT["themes"][1], {"number": 3, "title": "Bildung", "status": "Kreide.",
                                              "vision": "Tablets.", "projects": [{"title": "Schul-WLAN"}]}]
    newer["support"]["letter_count"] = 3
    newer["free_text"][0]["title"] = "Gesamtkonzept der Stadt"
    diffs = versions.compare_versions(CONTENT, newer)
    assert [(d.key, d.title, d.change, d.changed) for d in diffs] == [
        ("cover", "Deckblatt", "unchanged", False),
        ("summary", "Zusammenfassung", "changed", True),
        ("theme-1", "Thema 1: Gesundheit", "removed", True),
        ("theme-2", "Thema 2: Mobilität", "unchanged", False),
        ("management", "Lokales Projektmanagement", "unchanged", False),
        ("support", "Unterstützung durch Partner", "changed", True),
        ("section-7", "Gesamtkonzept der Stadt", "unchanged", False),  # the newer title
        ("theme-3", "Thema 3: Bildung", "added", True),
    ]
    by_key = {d.key: d.diff for d in diffs}
    assert by_key["summary"] == ["@@ -2,3 +2,3 @@", " - Punkt eins", "-- Punkt zwei", "+- Punkt drei", " -kein Punkt"]
    assert by_key["support"] == ["@@ -1,3 +1,3 @@", " Organisationen: 3", "-Schreiben: 2", "+Schreiben: 3",
                                 f" Zusagen: 1, Summe 25.000{NBSP}€"]
    assert by_key["theme-1"] == ["-Ist-Zustand:", "-Praxen arbeiten auf Papier.", "-Vision:", "-Telemedizin.",
                                 "-Projekt: Telesprechstunde"]
    assert by_key["theme-3"] == ["+Ist-Zustand:", "+Kreide.", "+Vision:", "+Tablets.", "+Projekt: Schul-WLAN"]
    assert all(by_key[key] == [] for key in ("cover", "theme-2", "management", "section-7"))
    assert [d.change for d in versions.compare_versions(CONTENT, copy.deepcopy(CONTENT))] == ["unchanged"] * 7


def test_compare_reads_the_content_of_frozen_versions():
    newer = copy.deepcopy(CONTENT)
    newer["summary"] = "Erster Absatz."
    diffs = versions.compare_versions(DossierVersion(content=CONTENT), DossierVersion(content=newer))
    assert [d.key for d in diffs if d.changed] == ["summary"]
    assert [d.change for d in versions.compare_versions(DossierVersion(content=CONTENT), newer)] == [
        d.change for d in versions.compare_versions(CONTENT, DossierVersion(content=newer))] == [
        d.change for d in diffs]
