"""Demo data of the open data platform: datasets of the demo city's publishers, with tables and
GeoJSON, the platform's own content as datasets generated from the database, and one restricted
dataset with a pending and an approved access request.

Every value in these tables is invented (the districts' names are real); each dataset says so in
its description. Generated with a fixed seed, so loading twice gives the same files. Idempotent:
a dataset whose slug exists is left as it is.
"""

import csv
import datetime
import io
import json
import random

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count
from django.utils import timezone

from modellstadt.demo.content import organisations as orgs
from modellstadt.demo.content import projects as project_content

INVENTED = "\n\n**Hinweis:** Alle Werte dieses Datensatzes sind für die Demo erfunden."
GENERATED = "\n\nDer Datensatz wird aus den Inhalten dieser Plattform erzeugt und ist so aktuell wie die Plattform."
DISTRICTS = [
    ("Stadtmitte", 52.4227, 10.7865), ("Mitte-West", 52.4160, 10.7640), ("Nordstadt", 52.4400, 10.7700),
    ("Vorsfelde", 52.4420, 10.8440), ("Fallersleben-Sülfeld", 52.4160, 10.7150), ("Detmerode", 52.3955, 10.7390),
    ("Westhagen", 52.4020, 10.7320), ("Ehmen-Mörse", 52.3900, 10.7000), ("Hehlingen", 52.3850, 10.8150),
    ("Neuhaus-Reislingen", 52.4150, 10.8200), ("Barnstorf-Nordsteimke", 52.3900, 10.8000),
    ("Almke-Neindorf", 52.3700, 10.8600), ("Hattorf-Heiligendorf", 52.3750, 10.6900),
    ("Kästorf-Sandkamp", 52.4450, 10.7500), ("Wendschott", 52.4500, 10.8000),
    ("Brackstedt-Velstove-Warmenau", 52.4650, 10.7950),
]
DEVELOPER = "entwicklerin-demo"
RESEARCHER = "forschung-demo"


def _csv(header, rows, *, delimiter=",", encoding="utf-8"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def _geojson(features):
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": props, "geometry": {"type": "Point", "coordinates": [lon, lat]}}
        for props, lat, lon in features
    ]}, ensure_ascii=False, indent=1).encode()


def _de(value, digits=1):
    return f"{value:.{digits}f}".replace(".", ",")


# --- the tables -----------------------------------------------------------------------------------


def charging_points(rnd):
    rows, features = [], []
    for i in range(48):
        name, lat, lon = DISTRICTS[i % len(DISTRICTS)]
        lat, lon = lat + rnd.uniform(-0.006, 0.006), lon + rnd.uniform(-0.008, 0.008)
        points = rnd.choice([2, 2, 4, 4, 6, 8])
        power = rnd.choice([11.0, 22.0, 50.0, 150.0, 300.0])
        since = datetime.date(2018, 1, 1) + datetime.timedelta(days=rnd.randrange(0, 2400))
        rows.append([f"LP-{i + 1:03d}", f"{name}, Standort {i // len(DISTRICTS) + 1}", name, points, _de(power),
                     since.strftime("%d.%m.%Y"), "ja" if power >= 50 else "nein", f"{lat:.5f}", f"{lon:.5f}"])
        features.append(({"id": f"LP-{i + 1:03d}", "stadtteil": name, "ladepunkte": points, "leistung_kw": power},
                         lat, lon))
    header = ["Id", "Standort", "Stadtteil", "Ladepunkte", "Leistung kW", "In Betrieb seit", "Schnellladen",
              "Breite", "Länge"]
    return _csv(header, rows, delimiter=";", encoding="cp1252"), _geojson(features)


def wlan(rnd):
    features, rows = [], []
    for i in range(30):
        name, lat, lon = DISTRICTS[i % 10]
        lat, lon = lat + rnd.uniform(-0.004, 0.004), lon + rnd.uniform(-0.006, 0.006)
        place = rnd.choice(["Bushaltestelle", "Bibliothek", "Rathaus", "Marktplatz", "Schule", "Bürgerhaus"])
        features.append(({"name": f"{place} {name}", "stadtteil": name, "ssid": "Wolfsburg-WLAN"}, lat, lon))
        rows.append([f"{place} {name}", name, "Wolfsburg-WLAN", f"{lat:.5f}", f"{lon:.5f}"])
    return _geojson(features), _csv(["Name", "Stadtteil", "SSID", "Breite", "Länge"], rows)


def fibre(rnd):
    rows = []
    for name, _lat, _lon in DISTRICTS:
        households = rnd.randrange(900, 9000)
        share = rnd.uniform(0.35, 0.99)
        rows.append([name, households, round(households * share), _de(share * 100), "31.12.2024"])
    return _csv(["Stadtteil", "Haushalte", "Haushalte mit Glasfaser", "Anteil %", "Stichtag"], rows, delimiter=";")


def parking(rnd):
    houses = [("P1 Nordkopf", 650), ("P2 Hauptbahnhof", 420), ("P3 Rathaus", 380), ("P4 City-Galerie", 900),
              ("P5 Allerpark", 1200)]
    start = datetime.datetime(2026, 10, 5, 0, 0)
    rows = []
    for hour in range(24 * 14):
        at = start + datetime.timedelta(hours=hour)
        peak = 0.85 if 9 <= at.hour <= 18 and at.weekday() < 6 else 0.3
        for house, capacity in houses:
            occupied = min(capacity, max(0, int(capacity * rnd.uniform(peak - 0.2, peak + 0.1))))
            rows.append([at.strftime("%Y-%m-%d %H:%M"), house, capacity, occupied, capacity - occupied])
    return _csv(["Zeitpunkt", "Parkhaus", "Stellplätze", "Belegt", "Frei"], rows)


def population(rnd):
    rows = []
    for year in (2022, 2023, 2024):
        for name, _lat, _lon in DISTRICTS:
            total = rnd.randrange(2500, 16000)
            young, old = round(total * rnd.uniform(0.12, 0.2)), round(total * rnd.uniform(0.18, 0.3))
            rows.append([year, name, total, young, old])
    return _csv(["Jahr", "Stadtteil", "Einwohner", "Unter 18", "Ab 65"], rows)


def bus_stops(rnd):
    rows = []
    for i in range(60):
        name, lat, lon = DISTRICTS[i % len(DISTRICTS)]
        rows.append([f"H{i + 1:03d}", f"{name} {rnd.choice(['Mitte', 'Nord', 'Süd', 'Markt', 'Schule'])}", name,
                     rnd.choice(["201", "202", "203", "204", "205", "211", "230"]),
                     f"{lat + rnd.uniform(-0.005, 0.005):.5f}", f"{lon + rnd.uniform(-0.007, 0.007):.5f}",
                     "ja" if rnd.random() > 0.3 else "nein"])
    return _csv(["Id", "Haltestelle", "Stadtteil", "Linie", "Breite", "Länge", "Barrierefrei"], rows)


def housing(rnd):
    rows = [[name, rnd.randrange(80, 2500), _de(rnd.uniform(5.5, 8.9), 2), rnd.randrange(0, 60)]
            for name, _lat, _lon in DISTRICTS]
    return _csv(["Stadtteil", "Wohnungen", "Durchschnittsmiete €/m²", "Leerstand"], rows, delimiter=";")


def waste(rnd):
    rows = []
    for year in range(2018, 2025):
        for kind in ("Restabfall", "Bioabfall", "Papier", "Verpackungen"):
            rows.append([year, kind, _de(rnd.uniform(4000, 26000), 1)])
    return _csv(["Jahr", "Abfallart", "Menge t"], rows, delimiter=";")


def air_quality(rnd):
    rows = []
    start = datetime.datetime(2026, 9, 1)
    for hour in range(24 * 21):
        at = start + datetime.timedelta(hours=hour)
        for sensor in ("Reallabor Nord", "Reallabor Süd"):
            rows.append([at.isoformat(timespec="minutes"), sensor, round(rnd.uniform(5, 45), 1),
                         round(rnd.uniform(3, 30), 1), round(rnd.uniform(8, 22), 1)])
    return _csv(["Zeitpunkt", "Sensor", "NO2 µg/m³", "PM10 µg/m³", "Temperatur °C"], rows)


def energy_load(rnd):
    rows = []
    for month in range(1, 13):
        for name, _lat, _lon in DISTRICTS:
            rows.append([f"2025-{month:02d}", name, round(rnd.uniform(800, 9000), 1), round(rnd.uniform(2, 25), 2)])
    return _csv(["Monat", "Stadtteil", "Verbrauch MWh", "Spitzenlast MW"], rows)


# --- the platform's own content ------------------------------------------------------------------------


def platform_projects():
    from modellstadt.projects.models import ProjectPage

    rows = [[p.slug, p.title, p.field.number if p.field else "", p.field.title if p.field else "",
             p.get_status_display(), p.lead_organisation.name if getattr(p, "lead_organisation", None) else ""]
            for p in ProjectPage.objects.live().select_related("field", "lead_organisation").order_by("slug")]
    return _csv(["Id", "Titel", "Feldnummer", "Kooperationsfeld", "Stand", "Federführung"], rows)


def platform_fields():
    from modellstadt.strategy.models import CooperationFieldPage

    rows = [[f.number, f.title, f.short_description] for f in CooperationFieldPage.objects.live().order_by("number")]
    return _csv(["Nummer", "Titel", "Kurzbeschreibung"], rows)


def platform_partners():
    from modellstadt.partners.models import Organisation

    rows = [[o.slug, o.name, o.get_kind_display(), o.website] for o in Organisation.objects.order_by("name")]
    return _csv(["Id", "Name", "Art", "Website"], rows)


def platform_participation():
    from modellstadt.ideas.models import Idea

    rows = []
    for idea_counts in (
        Idea.objects.values("process__title").annotate(ideas=Count("id", distinct=True)).order_by("process__title")
    ):
        rows.append([idea_counts["process__title"] or "ohne Verfahren", idea_counts["ideas"]])
    return _csv(["Beteiligungsverfahren", "Ideen"], rows)


# --- loading -----------------------------------------------------------------------------------------


def _user(username, email, display_name):
    from allauth.account.models import EmailAddress

    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username, defaults={"email": email, "display_name": display_name, "is_active": True}
    )
    if created:
        user.set_unusable_password()
        user.save()
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def _dataset(office, by_name, spec, fields, projects):
    from modellstadt.opendata import services
    from modellstadt.opendata.models import Dataset

    if Dataset.objects.filter(slug=spec["slug"]).exists():
        return None
    publisher = by_name.get(spec["publisher"])
    if publisher is None:
        return None
    ds = services.save_dataset(
        office, None, slug=spec["slug"], publisher=publisher, title=spec["title"], description=spec["description"],
        keywords=spec["keywords"], themes=spec["themes"], licence=spec.get("licence", "dl-by-de/2.0"),
        access_level=spec.get("access", "open"), terms_of_use=spec.get("terms", ""),
        contact_name=spec.get("contact", f"Datenteam {publisher.name}"), contact_email="daten@example.org",
        frequency=spec.get("frequency", "ANNUAL"), temporal_start=spec.get("start"), temporal_end=spec.get("end"),
        fields=[fields[n] for n in spec.get("fields", ()) if n in fields],
        projects=[projects[t] for t in spec.get("projects", ()) if t in projects],
        editorial_note="Annahme: Demo-Inhalt, alle Werte erfunden.",
    )
    for title, fmt, filename, content, pk in spec["files"]:
        dist = services.add_distribution(office, ds, title=title, format=fmt)
        services.upload_version(office, dist, upload=SimpleUploadedFile(filename, content),
                                primary_key=pk, load_now=True)
    for title, url in spec.get("links", ()):
        services.add_distribution(office, ds, title=title, format="HTML", kind="url", external_url=url)
    services.publish_dataset(office, ds, confirm_no_personal_data=spec.get("access", "open") != "restricted")
    return ds


def _specs(rnd):
    charging_csv, charging_geo = charging_points(rnd)
    wlan_geo, wlan_csv = wlan(rnd)
    year = datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)
    return [
        {"slug": "ladepunkte", "publisher": orgs.STADTWERKE, "title": "Öffentliche Ladepunkte für Elektrofahrzeuge",
         "description": "Standorte, Anzahl und Leistung der öffentlichen Ladepunkte im Stadtgebiet, als Tabelle "
                        "und als GeoJSON für Karten." + INVENTED,
         "keywords": ["Elektromobilität", "Laden", "Ladesäulen"], "themes": ["TRAN", "ENER"], "frequency": "MONTHLY",
         "fields": [5], "projects": [project_content.CHARGING_PARKS],
         "files": [("Ladepunkte (CSV)", "CSV", "ladepunkte.csv", charging_csv, ["Id"]),
                   ("Ladepunkte (GeoJSON)", "GEOJSON", "ladepunkte.geojson", charging_geo, [])]},
        {"slug": "wlan-hotspots", "publisher": orgs.WOBCOM, "title": "Öffentliche WLAN-Hotspots",
         "description": "Standorte des freien städtischen WLANs." + INVENTED,
         "keywords": ["WLAN", "Internet"], "themes": ["TECH"], "frequency": "QUARTERLY", "fields": [3],
         "files": [("Hotspots (GeoJSON)", "GEOJSON", "wlan.geojson", wlan_geo, []),
                   ("Hotspots (CSV)", "CSV", "wlan.csv", wlan_csv, [])]},
        {"slug": "glasfaser-stadtteile", "publisher": orgs.WOBCOM, "title": "Glasfaserversorgung nach Stadtteil",
         "description": "Haushalte und Haushalte mit Glasfaseranschluss je Stadtteil." + INVENTED,
         "keywords": ["Glasfaser", "Breitband"], "themes": ["TECH", "REGI"], "fields": [3],
         "projects": [project_content.FIBRE], "start": year[0], "end": year[1],
         "files": [("Versorgung je Stadtteil", "CSV", "glasfaser.csv", fibre(rnd), ["Stadtteil"])]},
        {"slug": "parkhausbelegung", "publisher": orgs.CITY, "title": "Belegung der Parkhäuser (stündlich)",
         "description": "Stellplätze, belegte und freie Plätze der Parkhäuser in der Innenstadt, stündlich über "
                        "zwei Wochen – eine Zeitreihe." + INVENTED,
         "keywords": ["Parken", "Verkehr", "Zeitreihe"], "themes": ["TRAN"], "frequency": "CONT", "fields": [4],
         "start": datetime.date(2026, 10, 5), "end": datetime.date(2026, 10, 18),
         "files": [("Belegung stündlich", "CSV", "parkhaeuser.csv", parking(rnd), ["Zeitpunkt", "Parkhaus"])]},
        {"slug": "einwohner-stadtteile", "publisher": orgs.CITY, "title": "Einwohnerinnen und Einwohner nach Stadtteil",
         "description": "Einwohner je Stadtteil und Jahr, mit den Altersgruppen unter 18 und ab 65." + INVENTED,
         "keywords": ["Bevölkerung", "Stadtteile"], "themes": ["SOCI", "REGI"], "licence": "dl-zero-de/2.0",
         "fields": [7], "start": datetime.date(2022, 1, 1), "end": year[1],
         "files": [("Einwohner je Stadtteil", "CSV", "einwohner.csv", population(rnd), ["Jahr", "Stadtteil"])]},
        {"slug": "haltestellen", "publisher": orgs.WVG, "title": "Bushaltestellen",
         "description": "Haltestellen des Busverkehrs mit Lage, Linie und Barrierefreiheit." + INVENTED,
         "keywords": ["ÖPNV", "Bus", "Barrierefreiheit"], "themes": ["TRAN"], "licence": "cc-by/4.0",
         "fields": [5], "files": [("Haltestellen", "CSV", "haltestellen.csv", bus_stops(rnd), ["Id"])]},
        {"slug": "wohnungsbestand", "publisher": orgs.NEULAND, "title": "Wohnungsbestand nach Stadtteil",
         "description": "Wohnungen, Durchschnittsmiete und Leerstand der Wohnungsgesellschaft je Stadtteil." + INVENTED,
         "keywords": ["Wohnen", "Mieten"], "themes": ["SOCI", "ECON"], "fields": [7], "start": year[0], "end": year[1],
         "files": [("Bestand je Stadtteil", "CSV", "wohnungen.csv", housing(rnd), ["Stadtteil"])]},
        {"slug": "abfallmengen", "publisher": orgs.WAS, "title": "Abfallmengen nach Art",
         "description": "Gesammelte Abfallmengen in Tonnen je Jahr und Abfallart." + INVENTED,
         "keywords": ["Abfall", "Umwelt"], "themes": ["ENVI"], "licence": "dl-zero-de/2.0",
         "start": datetime.date(2018, 1, 1), "end": year[1],
         "files": [("Mengen je Jahr", "CSV", "abfall.csv", waste(rnd), ["Jahr", "Abfallart"])]},
        {"slug": "luftqualitaet-reallabor", "publisher": orgs.DLR, "title": "Luftqualität im Reallabor",
         "description": "Stündliche Messwerte zweier Sensoren im Reallabor-Quartier." + INVENTED,
         "keywords": ["Luftqualität", "Sensoren", "Reallabor"], "themes": ["ENVI", "TECH"], "frequency": "CONT",
         "fields": [4], "projects": [project_content.LIVING_LAB], "licence": "cc-by/4.0",
         "files": [("Messwerte stündlich", "CSV", "luft.csv", air_quality(rnd), ["Zeitpunkt", "Sensor"])]},
        {"slug": "plattform-projekte", "publisher": orgs.CITY, "title": "Projekte der digitalen Modellstadt",
         "description": "Alle Projekte dieser Plattform mit Kooperationsfeld, Stand und Federführung." + GENERATED,
         "keywords": ["Projekte", "Modellstadt"], "themes": ["GOVE"], "licence": "dl-zero-de/2.0", "fields": [1, 2],
         "frequency": "DAILY",
         "files": [("Projekte", "CSV", "projekte.csv", platform_projects(), ["Id"])]},
        {"slug": "plattform-kooperationsfelder", "publisher": orgs.CITY, "title": "Kooperationsfelder",
         "description": "Die Kooperationsfelder der digitalen Modellstadt." + GENERATED,
         "keywords": ["Strategie", "Modellstadt"], "themes": ["GOVE"], "licence": "dl-zero-de/2.0", "fields": [1, 2],
         "files": [("Felder", "CSV", "felder.csv", platform_fields(), ["Nummer"])]},
        {"slug": "plattform-partnernetzwerk", "publisher": orgs.CITY, "title": "Partnernetzwerk",
         "description": "Die Organisationen des Partnernetzwerks mit ihrer Art." + GENERATED,
         "keywords": ["Partner", "Modellstadt"], "themes": ["GOVE", "ECON"], "licence": "dl-zero-de/2.0",
         "fields": [2], "files": [("Organisationen", "CSV", "partner.csv", platform_partners(), ["Id"])]},
        {"slug": "plattform-beteiligung", "publisher": orgs.CITY, "title": "Beteiligung in Zahlen",
         "description": "Eingereichte Ideen je Beteiligungsverfahren." + GENERATED,
         "keywords": ["Beteiligung", "Modellstadt"], "themes": ["GOVE", "SOCI"], "licence": "dl-zero-de/2.0",
         "fields": [2], "frequency": "DAILY",
         "files": [("Ideen je Verfahren", "CSV", "beteiligung.csv", platform_participation(), [])]},
        {"slug": "energielast-stadtteile", "publisher": orgs.STADTWERKE,
         "title": "Energieverbrauch und Spitzenlast nach Stadtteil", "access": "restricted",
         "description": "Monatlicher Stromverbrauch und Spitzenlast je Stadtteil, aggregiert. Zugang auf Antrag, "
                        "weil Rückschlüsse auf einzelne große Abnehmer möglich sind." + INVENTED,
         "terms": "Nur für Forschung und Planung im Programm. Keine Weitergabe, keine Veröffentlichung einzelner "
                  "Werte; Ergebnisse nur aggregiert über mindestens drei Stadtteile.",
         "keywords": ["Energie", "Netzlast"], "themes": ["ENER"], "licence": "other-closed", "fields": [2],
         "start": datetime.date(2025, 1, 1), "end": datetime.date(2025, 12, 31),
         "files": [("Verbrauch je Monat", "CSV", "energielast.csv", energy_load(rnd), ["Monat", "Stadtteil"])]},
    ]


def load_opendata_demo():
    """Load the demo datasets (idempotent); returns the number of datasets created."""
    from modellstadt.opendata import services
    from modellstadt.opendata.models import AccessRequest, Dataset
    from modellstadt.partners.models import Organisation
    from modellstadt.projects.models import ProjectPage
    from modellstadt.strategy.models import CooperationFieldPage

    office = get_user_model().objects.filter(username="programmbuero").first()
    if office is None:
        return 0
    by_name = {o.name: o for o in Organisation.objects.all()}
    fields = {f.number: f for f in CooperationFieldPage.objects.all()}
    projects = {p.title: p for p in ProjectPage.objects.all()}
    rnd = random.Random(2026)
    created = [ds for spec in _specs(rnd) if (ds := _dataset(office, by_name, spec, fields, projects))]
    restricted = Dataset.objects.filter(slug="energielast-stadtteile").first()
    if restricted and not AccessRequest.objects.filter(dataset=restricted).exists():
        developer = _user(DEVELOPER, "entwicklerin-demo@example.org", "Entwicklerin (Demo)")
        researcher = _user(RESEARCHER, "forschung-demo@example.org", "Forschungsgruppe (Demo)")
        services.request_access(developer, restricted, organisation_name="Allerdigital UG (Demo)",
                                purpose="Eine App, die Haushalten zeigt, wann im Stadtteil Strom günstig ist.",
                                terms_accepted=True)
        granted = services.request_access(
            researcher, restricted, organisation_name=orgs.OSTFALIA,
            purpose="Lastprognosen für die Wärmeplanung in einer Abschlussarbeit.", terms_accepted=True,
        )
        services.decide_access(office, granted, approve=True, reason="Forschungszweck passt.", days=180)
        AccessRequest.objects.filter(pk=granted.pk).update(decided_at=timezone.now())
    return len(created)
