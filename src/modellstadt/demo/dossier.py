"""The Bitkom competition "Digitale Stadt" (2016/2017) and the demo city's dossier for it.

``load_dossier_demo()`` is called at the end of ``loader.load_demo()``. Idempotent: the call is found
by slug, its themes by number, requirements, criteria and deadlines by title or label, the dossier by
(call, title); rows are updated in place only when something changed, so loading twice creates
nothing twice and leaves an unchanged dossier's state alone.

The call's facts (organiser, eligibility, deadlines, the ten themes, the three required contents,
45 points per juror with up to 15 for support, 14 applicants, five finalists, Darmstadt the winner)
come from the sources cited in the editorial notes. Everything else is marked there as an assumption
or as demo content: the office sees these notes in the back office. The letters of support and the
pledges of the demo partners are loaded by the partners demo; without them the completeness check
shows the support gap.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from modellstadt.demo.content import projects as p
from modellstadt.demo.content import sources
from modellstadt.demo.content.schema import sourced
from modellstadt.dossier.models import (
    Call,
    CallDeadline,
    CallRequirement,
    CallTheme,
    Dossier,
    DossierSection,
    DossierThemeText,
    ScoringCriterion,
    SelfAssessment,
    ThemeMapping,
)
from modellstadt.projects.models import ProjectPage
from modellstadt.strategy.models import CooperationFieldPage

CALL_SLUG = "bitkom-digitale-stadt-2017"
DOSSIER_TITLE = "Bewerbung der Stadt Wolfsburg: #WolfsburgDigital"
BERLIN = datetime.timezone(datetime.timedelta(hours=1))  # CET in winter/spring 2017 (before 26 March)
BERLIN_SUMMER = datetime.timezone(datetime.timedelta(hours=2))

CALL = {
    "organiser": "Bitkom e. V. mit dem Deutschen Städte- und Gemeindebund (DStGB)",
    "title": "Wettbewerb „Digitale Stadt“ 2016/2017",
    "description": (
        "Der Digitalverband Bitkom und der Deutsche Städte- und Gemeindebund suchen eine Stadt, in der "
        "Unternehmen gemeinsam mit der Stadt zeigen, wie Digitalisierung das Leben in einer Stadt verbessert. "
        "Die Gewinnerstadt erhält Dienstleistungen und Sachmittel im Wert einer zweistelligen Millionensumme "
        "von mehr als 20 Sponsoren.\n\n"
        "Bewerbungen beschreiben den Ist-Zustand und eine Vision der Digitalisierung in allen Themenfeldern, "
        "das lokale Projektmanagement und die Unterstützung durch lokale und regionale Partner."
    ),
    "url": sources.BITKOM_COMPETITION,
    "min_population": 100_000,
    "max_population": 150_000,
    "eligibility_notes": (
        "Städte mit etwa 100.000 bis 150.000 Einwohnerinnen und Einwohnern, urbaner Charakter, gute "
        "Verkehrsanbindung, eine Hochschule in der Nähe."
    ),
    "status": Call.Status.FINALIST,
    "submitted_on": datetime.date(2017, 3, 15),
    "decided_on": datetime.date(2017, 6, 13),
    "notes": (
        "14 Städte haben sich beworben. Fünf kamen ins Finale: Darmstadt, Heidelberg, Kaiserslautern, "
        "Paderborn und Wolfsburg. Die Finalisten stellten sich am 31. Mai 2017 der Jury vor; am 13. Juni 2017 "
        "wurde Darmstadt als Gewinnerin bekanntgegeben."
    ),
    "editorial_note": sourced(
        sources.BITKOM_COMPETITION, sources.BITKOM_CRITERIA,
        detail=(
            "Belegt: Veranstalter, Teilnahmebedingungen, Fristen, die zehn Themenfelder, die drei geforderten "
            "Inhalte, 45 Punkte je Jurorin/Juror mit bis zu 15 Punkten für die Unterstützung, Ergebnis.\n"
            "Annahmen: Wolfsburgs Einreichungsdatum (= Abgabefrist), die Aufteilung der übrigen 30 Punkte zu "
            "gleichen Teilen auf Gesamtkonzept und Projektmanagement, die Beschreibungstexte der Themenfelder "
            "und der Freitext-Abschnitt „Gesamtkonzept“."
        ),
    ),
}

DEADLINES = [
    ("Abgabe der Bewerbung", datetime.datetime(2017, 3, 15, 23, 59, tzinfo=BERLIN)),
    ("Präsentation der Finalisten", datetime.datetime(2017, 5, 31, 10, 0, tzinfo=BERLIN_SUMMER)),
    ("Bekanntgabe der Gewinnerstadt", datetime.datetime(2017, 6, 13, 12, 0, tzinfo=BERLIN_SUMMER)),
]

# The call's own ten themes (not the city's fields) and the demo mapping onto fields and projects.
THEMES = [
    (1, "IT-Infrastruktur", "Breitband, Mobilfunk, öffentliches WLAN, Sensornetze.",
     [3], [p.FIBRE, "Öffentliches WLAN in der Innenstadt", "LoRaWAN-Funknetz für Sensoren"]),
    (2, "Verwaltung", "Digitale Verwaltungsleistungen und Abläufe.",
     [8], [p.CITIZEN_PLATFORM, "Online-Terminvergabe im Bürgerbüro", "Online-Anträge nach dem Onlinezugangsgesetz",
           "Elektronische Akte"]),
    (3, "Gesellschaft", "Teilhabe, Beteiligung und Zusammenleben in der digitalen Stadt.",
     [1, 7], [p.MARKET_HALL, "Online-Beteiligung in der Bauleitplanung", "Hackathon #WolfsburgDigital"]),
    (4, "Mobilität", "Vernetzte, saubere und bequeme Wege durch die Stadt.",
     [4, 5], [p.MOBILITY_ASSISTANT, "Testfeld automatisiertes Fahren", "Elektrobusse im Stadtverkehr", p.LOGISTICS]),
    (5, "Energie und Umwelt", "Energieversorgung, Klimaschutz und saubere Luft.",
     [5], [p.CHARGING_PARKS, "Laden im Wohnquartier"]),
    (6, "Gesundheit", "Versorgung, Pflege und Prävention mit digitalen Mitteln.",
     [], ["Digitale Sprechstunde"]),
    (7, "Handel", "Lokaler Handel zwischen Ladengeschäft und Online-Angebot.",
     [10], [p.ONLINE_MARKET, "Click & Collect in der Innenstadt", "Lieferdienst lokaler Geschäfte per Lastenrad"]),
    (8, "Sicherheit", "Sicherheit im öffentlichen Raum und IT-Sicherheit.",
     [2], []),
    (9, "Datenplattform", "Offene und geschützte Daten der Stadt und ihrer Gesellschaften.",
     [2], ["Urbane Datenplattform", "Offene Daten Wolfsburg", "Echtzeit-Fahrplandaten", p.CITY_APP]),
    (10, "Bildung", "Schulen, Weiterbildung und digitale Kompetenzen.",
     [9], ["Bildungscloud für Wolfsburger Schulen", "Tablets für Schulklassen", "Digitale Lernwerkstatt",
           "Glasfaser für alle Schulen"]),
]

REQUIREMENTS = [
    (1, CallRequirement.Kind.STATUS_AND_VISION, "Status und Vision je Themenfeld",
     "Beschreibung des Ist-Zustands und einer Vision für die Digitalisierung in allen Themenfeldern."),
    (2, CallRequirement.Kind.PROJECT_MANAGEMENT, "Lokales Projektmanagement",
     "Beschreibung des lokalen Projektmanagements."),
    (3, CallRequirement.Kind.PARTNER_SUPPORT, "Unterstützung durch lokale und regionale Partner",
     "Nachweis der Unterstützung durch Schreiben lokaler und regionaler Partner auf der Vorlage des Veranstalters."),
    (4, CallRequirement.Kind.FREE_TEXT, "Gesamtkonzept",
     "Das Gesamtkonzept der digitalen Stadt in eigenen Worten (Annahme: Abschnitt der Demo)."),
    (5, CallRequirement.Kind.FREE_TEXT, "Beteiligung der Bürgerinnen und Bürger",
     "Wie die Menschen der Stadt das Programm mitgestalten (Annahme: Abschnitt der Demo)."),
]

CRITERIA = [
    (1, "Gesamtkonzept", 15, "Annahme: 15 der 45 Punkte."),
    (2, "Unterstützung durch lokale Akteure", 15, "Belegt: bis zu 15 der 45 Punkte für Unterstützungsschreiben."),
    (3, "Qualität des Projektmanagements", 15, "Annahme: 15 der 45 Punkte."),
]

DOSSIER = {
    "subtitle": "Wolfsburg wird digitale Modellstadt – gemeinsam mit Volkswagen, den städtischen Gesellschaften "
                "und vielen Partnern",
    "summary": (
        "Wolfsburg und die Volkswagen AG haben im Dezember 2016 vereinbart, Wolfsburg gemeinsam zur **digitalen "
        "Modellstadt** zu machen; der Rat hat die Vereinbarung im Februar 2017 als Leitlinie der "
        "Digitalstrategie beschlossen.\n\n"
        "In zehn Kooperationsfeldern entstehen Projekte, die den Menschen und der lokalen Wirtschaft einen "
        "erkennbaren Nutzen bringen. Steuerkreis, Kernteam und Programmbüro sorgen dafür, dass aus Ideen "
        "Projekte werden."
    ),
    "contact": "Programmbüro #WolfsburgDigital\nprogrammbuero@example.org",
    "editorial_note": (
        "Demo-Inhalt: Die Texte dieser Bewerbung, die Selbsteinschätzung und die eigenen Texte je Themenfeld "
        "sind erfunden; Wolfsburgs tatsächliche Bewerbung ist nicht veröffentlicht. Die Lücken (Thema "
        "Gesundheit ohne Kooperationsfeld und Vision, Thema Sicherheit ohne Projekte, Abschnitt Beteiligung "
        "ohne Text) sind absichtlich offen, damit die Vollständigkeitsprüfung etwas zeigt."
    ),
}

THEME_TEXTS = {
    6: {
        "status_text": (
            "Das Klinikum Wolfsburg und die niedergelassenen Praxen tauschen Befunde noch überwiegend auf Papier "
            "oder per Fax aus. Erste Videosprechstunden gibt es in einzelnen Praxen."
        ),
        "vision_text": "",
    },
}

SECTIONS = {
    "Gesamtkonzept": (
        "#WolfsburgDigital verbindet eine gemeinsame Strategie von Stadt und Volkswagen mit konkreten "
        "Projekten in zehn Kooperationsfeldern.\n\n"
        "- Gigabit-Infrastruktur und eine offene Datenplattform bilden die Grundlage.\n"
        "- Im Reallabor werden neue Dienste gemeinsam mit den Menschen vor Ort erprobt.\n"
        "- Jedes Projekt muss einen Nutzen für Bürgerinnen, Bürger und die lokale Wirtschaft zeigen."
    ),
}

ASSESSMENT = {
    "Gesamtkonzept": (12, "Klare Strategie, viele Projekte; Gesundheit noch offen."),
    "Unterstützung durch lokale Akteure": (13, "Breites Netzwerk aus Stadt, Gesellschaften, Hochschulen und Firmen."),
    "Qualität des Projektmanagements": (11, "Gremien stehen; Rollen im Programmbüro werden noch besetzt."),
}


def _update(obj, values):
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    if changed or obj.pk is None:
        obj.save()
    return changed


def _sync_rows(call, model, key, rows):
    """Make the call's child rows (themes, requirements, ...) exactly ``rows`` ({key: values})."""
    existing = {getattr(obj, key): obj for obj in model.objects.filter(call=call)}
    result = {}
    for value, fields in rows.items():
        obj = existing.pop(value, None) or model(**{key: value, "call": call})
        _update(obj, fields)
        result[value] = obj
    for obj in existing.values():
        obj.delete()
    return result


def load_call():
    call = Call.objects.filter(slug=CALL_SLUG).first() or Call(slug=CALL_SLUG)
    _update(call, CALL)
    _sync_rows(call, CallDeadline, "label", {label: {"due": due} for label, due in DEADLINES})
    themes = _sync_rows(call, CallTheme, "number", {
        number: {"title": title, "description": description} for number, title, description, _f, _p in THEMES
    })
    _sync_rows(call, CallRequirement, "title", {
        title: {"kind": kind, "order": order, "description": description}
        for order, kind, title, description in REQUIREMENTS
    })
    _sync_rows(call, ScoringCriterion, "title", {
        title: {"max_points": points, "order": order, "description": description}
        for order, title, points, description in CRITERIA
    })
    return call, themes


def load_mapping(themes):
    fields = {f.number: f for f in CooperationFieldPage.objects.all()}
    titles = {t for *_rest, project_titles in THEMES for t in project_titles}
    projects = {pr.title: pr for pr in ProjectPage.objects.filter(title__in=titles)}
    changed = False
    for number, _title, _description, field_numbers, project_titles in THEMES:
        mapping, created = ThemeMapping.objects.get_or_create(theme=themes[number])
        wanted_fields = {fields[n].pk for n in field_numbers if n in fields}
        wanted_projects = {projects[t].pk for t in project_titles if t in projects}
        if created or set(mapping.fields.values_list("pk", flat=True)) != wanted_fields:
            mapping.fields.set(wanted_fields)
            changed = True
        if created or set(mapping.projects.values_list("pk", flat=True)) != wanted_projects:
            mapping.projects.set(wanted_projects)
            changed = True
    return changed


def load_dossier(call, themes):
    dossier = Dossier.objects.filter(call=call, title=DOSSIER_TITLE).first() or Dossier(call=call, title=DOSSIER_TITLE)
    changed = _update(dossier, DOSSIER)
    for number, texts in THEME_TEXTS.items():
        text = DossierThemeText.objects.filter(dossier=dossier, theme=themes[number]).first()
        changed |= _update(text or DossierThemeText(dossier=dossier, theme=themes[number]), texts)
    requirements = {r.title: r for r in call.requirements.all()}
    for title, body in SECTIONS.items():
        section = DossierSection.objects.filter(dossier=dossier, requirement=requirements[title]).first()
        changed |= _update(section or DossierSection(dossier=dossier, requirement=requirements[title]), {"text": body})
    criteria = {c.title: c for c in call.criteria.all()}
    for title, (points, justification) in ASSESSMENT.items():
        row = SelfAssessment.objects.filter(dossier=dossier, criterion=criteria[title]).first()
        _update(row or SelfAssessment(dossier=dossier, criterion=criteria[title]),
                {"expected_points": points, "justification": justification})
    return dossier, changed


@transaction.atomic
def load_dossier_demo():
    """The Bitkom call, its mapping onto the demo city's fields and projects, and the demo dossier."""
    call, themes = load_call()
    mapping_changed = load_mapping(themes)
    dossier, changed = load_dossier(call, themes)
    if (changed or mapping_changed) and dossier.state != Dossier.State.DRAFT:
        Dossier.objects.filter(pk=dossier.pk).update(state=Dossier.State.DRAFT, updated_at=timezone.now())
    return dossier
