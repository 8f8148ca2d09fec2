"""Demo of the progress app for #WolfsburgDigital: indicators with invented values and targets, the city's
districts and a small place list, locations for ideas, two dated self-assessments and one council report.

Every value is invented for the demonstration and marked so (``values_are_invented``, origin "demo").
District and place positions are approximate centres; the districts' outlines are illustrative, drawn from
those centres (``district_outlines``), not the official boundaries. Idempotent: indicators are found
by slug, districts and places by name, assessments by title; their values are replaced each run.
"""

import datetime
import math
import random
from decimal import Decimal

from modellstadt.progress import services
from modellstadt.progress.models import (
    Assessment,
    AssessmentCriterion,
    CouncilReport,
    CriterionRating,
    District,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Place,
    SmartCityArea,
    ValueOrigin,
)

SEED = 2016
DEMO_NOTE = "Demo: Werte frei erfunden, nur zur Vorführung."

# Wolfsburg's local council areas (Ortsratsbereiche), approximate centres (latitude, longitude).
DISTRICTS = [
    ("Stadtmitte", "52.4205", "10.7866"), ("Mitte-West", "52.4232", "10.7560"), ("Nordstadt", "52.4390", "10.7780"),
    ("Detmerode", "52.3990", "10.7430"), ("Westhagen", "52.4075", "10.7240"),
    ("Fallersleben-Sülfeld", "52.4180", "10.7170"), ("Vorsfelde", "52.4370", "10.8430"),
    ("Ehmen-Mörse", "52.3950", "10.6920"), ("Hehlingen", "52.4620", "10.7150"),
    ("Almke-Neindorf", "52.3560", "10.8670"), ("Barnstorf-Nordsteimke", "52.3840", "10.8360"),
    ("Hattorf-Heiligendorf", "52.3450", "10.7370"), ("Brackstedt-Velstove-Warmenau", "52.4750", "10.7700"),
    ("Neuhaus-Reislingen", "52.4030", "10.8310"), ("Kästorf-Sandkamp", "52.4410", "10.7470"),
    ("Wendschott", "52.4580", "10.7920"),
]

# A small local gazetteer (approximate positions) for the place picker: (name, district, lat, lon).
PLACES = [
    ("Rathaus", "Stadtmitte", "52.4227", "10.7865"), ("Hauptbahnhof", "Stadtmitte", "52.4294", "10.7877"),
    ("Porschestraße", "Stadtmitte", "52.4230", "10.7868"), ("phaeno", "Stadtmitte", "52.4287", "10.7860"),
    ("Autostadt", "Stadtmitte", "52.4316", "10.7936"), ("Allerpark", "Stadtmitte", "52.4262", "10.8110"),
    ("Schloss Wolfsburg", "Nordstadt", "52.4343", "10.7660"), ("Klieversberg", "Mitte-West", "52.4125", "10.7640"),
    ("Südkopf-Center", "Westhagen", "52.4050", "10.7240"), ("Hoffmannhaus", "Fallersleben-Sülfeld", "52.4170",
                                                                                         "10.7150"),
    ("Marktplatz Vorsfelde", "Vorsfelde", "52.4380", "10.8440"), ("Detmeroder Markt", "Detmerode", "52.3985",
                                                                                                  "10.7445"),
]

Y = datetime.date


def _end(year, month=12):
    first_next = Y(year + month // 12, month % 12 + 1, 1)
    return first_next - datetime.timedelta(days=1)


# (field, slug, name, unit, decimals, direction, frequency, source, definition, baseline (year, value),
#  targets [(year, value)], last actual value reached by end of 2025 as a share of the target path, monthly?)
INDICATORS = [
    (1, "massnahmen-der-strategie-umgesetzt", "Umgesetzte Maßnahmen der Digitalstrategie", "%", 0, "higher",
     "yearly", "Programmbüro", "Anteil der Maßnahmen der Digitalstrategie, die abgeschlossen sind.",
     (2017, 0), [(2020, 40), (2025, 100)], 0.97, False),
    (1, "projekte-mit-buergerbeteiligung", "Projekte mit Bürgerbeteiligung", "%", 0, "higher", "yearly",
     "Programmbüro", "Anteil der Projekte, in denen Bürgerinnen und Bürger mitgewirkt haben.",
     (2017, 10), [(2025, 60)], 0.9, False),
    (2, "offene-datensaetze", "Veröffentlichte offene Datensätze", "Datensätze", 0, "higher", "quarterly",
     "Offene Datenplattform", "Anzahl der Datensätze unter offener Lizenz auf der Datenplattform der Stadt.",
     (2018, 0), [(2021, 60), (2025, 250)], 1.02, True),
    (2, "datenabrufe", "Abrufe über die Daten-Schnittstelle", "Abrufe je Monat", 0, "higher", "monthly",
     "Offene Datenplattform", "Abrufe der offenen Schnittstellen im Monat.",
     (2019, 500), [(2025, 40000)], 0.96, True),
    (2, "kommunale-unternehmen-mit-daten", "Kommunale Unternehmen, die Daten bereitstellen", "Unternehmen", 0,
     "higher", "yearly", "Programmbüro", "Zahl der städtischen Gesellschaften, die Daten über die Plattform teilen.",
     (2017, 0), [(2025, 8)], 0.88, False),
    (3, "glasfaser-haushalte", "Haushalte mit Glasfaseranschluss", "%", 1, "higher", "quarterly",
     "Stadtwerke (Netzbetrieb)", "Anteil der Haushalte, an deren Gebäude ein Glasfaseranschluss liegt.",
     (2017, 4), [(2020, 40), (2025, 95)], 0.97, True),
    (3, "wlan-zugangspunkte", "Öffentliche WLAN-Zugangspunkte", "Zugangspunkte", 0, "higher", "yearly",
     "Stadtwerke", "Frei nutzbare WLAN-Zugangspunkte an öffentlichen Orten.",
     (2017, 12), [(2020, 150), (2025, 300)], 1.0, False),
    (3, "schulen-mit-gigabit", "Schulen mit Gigabit-Anschluss", "%", 0, "higher", "yearly", "Schulträger",
     "Anteil der städtischen Schulen mit Anschluss von mindestens 1 Gbit/s.", (2017, 5), [(2022, 100)], 0.97, False),
    (4, "reallabor-testkilometer", "Teststrecke für automatisiertes Fahren", "km", 1, "higher", "yearly",
     "Reallabor", "Länge der Strecken, auf denen automatisiertes Fahren im Verkehr erprobt wird.",
     (2018, 0), [(2022, 20), (2025, 40)], 0.9, False),
    (4, "pilotdienste", "Erprobte digitale Dienste", "Dienste", 0, "higher", "yearly", "Reallabor",
     "Digitale Dienste, die im Reallabor mit Bürgerinnen und Bürgern erprobt wurden.",
     (2017, 0), [(2025, 30)], 1.05, False),
    (5, "oeffentliche-ladepunkte", "Öffentliche Ladepunkte", "Ladepunkte", 0, "higher", "monthly",
     "Stadtwerke / Bundesnetzagentur (Ladesäulenregister)", "Öffentlich zugängliche Ladepunkte im Stadtgebiet.",
     (2017, 40), [(2020, 400), (2025, 1000)], 0.86, True),
    (5, "anteil-elektroautos", "Anteil der Elektroautos am Pkw-Bestand", "%", 1, "higher", "yearly",
     "Kraftfahrt-Bundesamt", "Anteil batterieelektrischer Pkw am Bestand der in der Stadt zugelassenen Pkw.",
     (2017, 0.4), [(2025, 50)], 0.35, False),
    (5, "co2-stadtverkehr", "CO₂ aus dem Stadtverkehr", "kt je Jahr", 0, "lower", "yearly", "Klimaschutzbericht",
     "Jährliche CO₂-Emissionen des Verkehrs im Stadtgebiet.", (2017, 420), [(2025, 300)], 0.6, False),
    (6, "it-startups", "Gegründete IT-Start-ups", "Gründungen (kumuliert)", 0, "higher", "yearly",
     "Wirtschaftsförderung", "Seit 2017 gegründete Unternehmen der Software- und IT-Wirtschaft.",
     (2017, 0), [(2025, 80)], 1.1, False),
    (6, "it-beschaeftigte", "Beschäftigte in der IT-Wirtschaft", "Beschäftigte", 0, "higher", "yearly",
     "Bundesagentur für Arbeit", "Sozialversicherungspflichtig Beschäftigte in IT-Dienstleistungen.",
     (2017, 3200), [(2025, 6000)], 0.97, False),
    (7, "quartiere-mit-smart-konzept", "Quartiere mit digitalem Quartierskonzept", "Quartiere", 0, "higher",
     "yearly", "Stadtplanung", "Neubau- und Bestandsquartiere mit beschlossenem digitalen Konzept.",
     (2017, 0), [(2025, 6)], 0.95, False),
    (7, "kita-plaetze-online", "Kita-Plätze über das Online-Vormerksystem vergeben", "%", 0, "higher", "yearly",
     "Jugendamt", "Anteil der Kita-Plätze, die über die Online-Vormerkung vergeben wurden.",
     (2018, 0), [(2021, 50), (2025, 90)], 0.92, False),
    (8, "online-verwaltungsleistungen", "Online verfügbare Verwaltungsleistungen", "Leistungen", 0, "higher",
     "quarterly", "Team Digitalisierung", "Verwaltungsleistungen, die vollständig online beantragt werden können.",
     (2017, 8), [(2022, 150), (2025, 300)], 0.74, True),
    (8, "wartezeit-buergerservice", "Wartezeit im Bürgerservice", "Minuten", 0, "lower", "monthly",
     "Bürgerservice", "Mittlere Wartezeit vom Ziehen der Nummer bis zum Aufruf.", (2017, 38), [(2025, 10)],
     0.9, True),
    (8, "e-akte-arbeitsplaetze", "Arbeitsplätze mit E-Akte", "%", 0, "higher", "yearly", "Personal und IT",
     "Anteil der Verwaltungsarbeitsplätze, die mit der elektronischen Akte arbeiten.", (2017, 2), [(2025, 100)],
     0.95, False),
    (9, "schulen-mit-lernplattform", "Schulen mit Lernplattform (Bildungs-Cloud)", "%", 0, "higher", "yearly",
     "Schulträger", "Anteil der Schulen, die die gemeinsame Lernplattform nutzen.", (2018, 0), [(2025, 100)],
     1.0, False),
    (9, "digitalkurse-teilnehmende", "Teilnehmende an Digitalkursen", "Personen je Jahr", 0, "higher", "yearly",
     "Volkshochschule und Bibliothek", "Teilnehmende an Kursen zu digitalen Kompetenzen.", (2017, 400),
     [(2025, 2500)], 0.68, False),
    (10, "haendler-online", "Händler mit Online-Angebot auf dem Stadtmarktplatz", "Händler", 0, "higher",
     "yearly", "Stadtmarketing", "Innenstadthändler, die ihr Sortiment über den lokalen Online-Marktplatz anbieten.",
     (2018, 0), [(2025, 150)], 0.55, False),
    (10, "app-nutzende", "Aktive Nutzerinnen und Nutzer der Stadt-App", "Personen je Monat", 0, "higher",
     "monthly", "Stadtwerke", "Monatlich aktive Konten der Stadt-App.", (2021, 0), [(2025, 40000)], 0.93, True),
]


def district_outlines(districts=DISTRICTS, corners=24, reach_km=3.0):
    """Illustrative outlines, not the real boundaries: each district becomes the polygon of points around its
    centre that lie nearer to it than to any other centre (its Voronoi cell, sampled in ``corners``
    directions, kept within ``reach_km`` and 1 % short of the border line so neighbours do not overlap).
    So the map can show district shapes and list places by district; a city enters its official
    boundaries (GeoJSON) in the back office instead. {name: GeoJSON Polygon}"""
    km_lat = 111.2
    centres = [(name, float(lat), float(lon)) for name, lat, lon in districts]
    km_lon = km_lat * math.cos(math.radians(sum(c[1] for c in centres) / len(centres)))
    outlines = {}
    for name, lat, lon in centres:
        others = [((o_lon - lon) * km_lon, (o_lat - lat) * km_lat) for o_name, o_lat, o_lon in centres
                  if o_name != name]
        ring = []
        for k in range(corners):
            angle = 2 * math.pi * k / corners
            ux, uy = math.cos(angle), math.sin(angle)
            reach = reach_km
            for dx, dy in others:
                toward = ux * dx + uy * dy
                if toward > 0:  # the ray meets the border line halfway to that centre
                    reach = min(reach, (dx * dx + dy * dy) / 2 / toward)
            reach *= 0.99
            ring.append([round(lon + ux * reach / km_lon, 5), round(lat + uy * reach / km_lat, 5)])
        ring.append(ring[0])
        outlines[name] = {"type": "Polygon", "coordinates": [ring]}
    return outlines


def load_districts():
    outlines = district_outlines()
    for name, lat, lon in DISTRICTS:
        District.objects.update_or_create(name=name, defaults={
            "latitude": Decimal(lat), "longitude": Decimal(lon), "outline": outlines[name]})
    by_name = {d.name: d for d in District.objects.all()}
    for name, district, lat, lon in PLACES:
        Place.objects.update_or_create(name=name, defaults={
            "district": by_name[district], "latitude": Decimal(lat), "longitude": Decimal(lon)})
    return by_name


def _series(spec, rng, today):
    """Invented values from the baseline along the target path, ending at the given share of it."""
    (_field, _slug, _name, _unit, decimals, direction, _freq, _src, _def, (b_year, b_value), targets, share,
     monthly) = spec
    start = _end(b_year)
    final_year, final_value = targets[-1]
    end = min(_end(2025, 9), today)
    months = []
    if monthly:
        year, month = b_year + 1, 1
        while _end(year, month) <= end:
            months.append(_end(year, month))
            year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    else:
        months = [_end(y) for y in range(b_year + 1, 2025)] + ([end] if end.year == 2025 else [])
    total_days = (_end(final_year) - start).days
    quantum = Decimal(1).scaleb(-decimals)
    for day in months:
        progress = min((day - start).days / total_days, 1)
        planned = b_value + (final_value - b_value) * progress
        actual = b_value + (planned - b_value) * share * rng.uniform(0.97, 1.03)
        yield day, Decimal(str(max(actual, 0))).quantize(quantum)


def load_indicators(today):
    from modellstadt.projects.models import ProjectPage
    from modellstadt.strategy.models import CooperationFieldPage

    fields = {f.number: f for f in CooperationFieldPage.objects.filter(number__in=range(1, 11))}
    charging = ProjectPage.objects.filter(field__number=5).order_by("pk").first()
    rng = random.Random(SEED)
    indicators = []
    for order, spec in enumerate(INDICATORS):
        number, slug, name, unit, decimals, direction, frequency, source, definition, baseline, targets = spec[:11]
        if number not in fields:
            continue
        indicator, _created = Indicator.objects.update_or_create(slug=slug, defaults={
            "field": fields[number], "name": name, "unit": unit, "decimals": decimals, "direction": direction,
            "frequency": frequency, "source": source, "definition": definition, "order": order,
            "method": "Erhebung durch die genannte Stelle; in der Demo frei erfunden.",
            "baseline_date": _end(baseline[0]), "baseline_value": Decimal(str(baseline[1])),
            "values_are_invented": True, "editorial_note": DEMO_NOTE,
            "project": charging if slug == "oeffentliche-ladepunkte" else None,
        })
        IndicatorTarget.objects.filter(indicator=indicator).delete()
        for year, value in targets:
            IndicatorTarget.objects.create(indicator=indicator, date=_end(year), value=Decimal(str(value)),
                                           note="Demo: angenommenes Ziel")
        IndicatorValue.objects.filter(indicator=indicator).delete()
        IndicatorValue.objects.bulk_create([
            IndicatorValue(indicator=indicator, date=day, value=value, origin=ValueOrigin.DEMO,
                           source_note="Erfundener Demowert")
            for day, value in _series(spec, rng, today)
        ])
        services.refresh_indicator(indicator)
        indicators.append(indicator)
    return indicators


def locate_ideas(districts):
    """Give the demo ideas a position from the district or place their location label names."""
    from modellstadt.ideas.models import Idea

    places = [(p.name, p.latitude, p.longitude) for p in Place.objects.all()]
    places += [(d.name, d.latitude, d.longitude) for d in districts.values()]
    rng = random.Random(SEED)
    located = 0
    for idea in Idea.objects.filter(latitude__isnull=True).exclude(location_label="").order_by("pk"):
        label = idea.location_label.casefold()
        match = next(((lat, lon) for name, lat, lon in places if name.casefold() in label), None)
        if match is None:
            continue
        jitter = Decimal(str(round(rng.uniform(-0.002, 0.002), 6)))
        Idea.objects.filter(pk=idea.pk).update(latitude=match[0] + jitter, longitude=match[1] - jitter)
        located += 1
    return located


ASSESSMENTS = [
    ("Selbstbewertung 2023", Y(2023, 3, 31), 0.0),
    ("Selbstbewertung 2025", Y(2025, 3, 31), 1.0),
]


def load_assessments(indicators):
    from modellstadt.projects.models import ProjectPage

    by_field = {}
    for indicator in indicators:
        by_field.setdefault(indicator.field.number, []).append(indicator)
    projects = {}
    for project in ProjectPage.objects.filter(field__isnull=False).order_by("pk"):
        projects.setdefault(project.field.number, []).append(project)
    area_fields = {"verwaltung": [1, 8], "it-und-kommunikation": [2, 3], "energie-und-umwelt": [5, 7],
                   "mobilitaet": [4, 5], "gesellschaft-und-bildung": [9, 10, 6]}
    from modellstadt.strategy.models import CooperationFieldPage

    fields = {f.number: f for f in CooperationFieldPage.objects.all()}
    for area in SmartCityArea.objects.all():
        numbers = area_fields.get(area.key, [])
        area.fields.set([fields[n] for n in numbers if n in fields])
        area.save()
    rng = random.Random(SEED + 1)
    criteria = list(AssessmentCriterion.objects.select_related("area").order_by("area__order", "sort_order"))
    base_scores = {c.pk: rng.randint(25, 60) for c in criteria}
    for title, date, step in ASSESSMENTS:
        assessment, _created = Assessment.objects.update_or_create(title=title, defaults={
            "date": date, "is_public": True, "editorial_note": DEMO_NOTE,
            "summary": "Demo: Die Punkte dieser Selbstbewertung sind frei erfunden.",
        })
        CriterionRating.objects.filter(assessment=assessment).delete()
        for criterion in criteria:
            score = min(100, base_scores[criterion.pk] + int(step * rng.randint(5, 25)))
            numbers = area_fields.get(criterion.area.key, [])
            rating = CriterionRating.objects.create(
                assessment=assessment, criterion=criterion, score=score,
                evidence="Demo: Begründung frei erfunden; Belege sind die verknüpften Projekte und Indikatoren.")
            rating.projects.set([p for n in numbers for p in projects.get(n, [])[:1]])
            rating.indicators.set([i for n in numbers for i in by_field.get(n, [])[:1]])
            rating.save()


def load_snapshots(today):
    """Invented history of project counts by status (quarterly), ending with today's real counts."""
    from modellstadt.progress.models import ProgrammeSnapshot

    current = services.take_snapshot(date=today).by_status
    rng = random.Random(SEED + 2)
    order = ["idea", "preparation", "pilot", "implementation", "operation", "completed", "stopped"]
    for quarter in range(8, 0, -1):
        months = today.year * 12 + today.month - 1 - 3 * quarter
        day = _end(months // 12, months % 12 + 1)
        shift = quarter / 8
        counts = {}
        for status in order:
            n = current.get(status, 0)
            factor = 1 + shift * 0.8 if order.index(status) < 3 else 1 - shift * 0.6
            counts[status] = max(0, round(n * factor + rng.uniform(-0.4, 0.4)))
        ProgrammeSnapshot.objects.update_or_create(date=day, defaults={"by_status": counts, "by_field": {}})


def load_progress_demo(today=None):
    today = today or datetime.date.today()
    services.ensure_smart_city_areas()
    districts = load_districts()
    indicators = load_indicators(today)
    located = locate_ideas(districts)
    load_assessments(indicators)
    load_snapshots(today)
    CouncilReport.objects.get_or_create(
        title="Sachstandsbericht an den Strategieausschuss", defaults={
            "period_start": Y(today.year - 1, 1, 1), "period_end": Y(today.year - 1, 12, 31),
            "editorial_note": DEMO_NOTE})
    return {"indicators": len(indicators), "districts": len(districts), "ideas_located": located}
