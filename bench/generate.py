"""Generate a large city for load measurements (PostgreSQL only).

    .venv/bin/python bench/generate.py            # create/migrate the bench database, fill it once
    .venv/bin/python bench/generate.py --reset    # drop the bench database and build it again

Default size: 10 cooperation fields, 500 projects (every status, 1–6 partners with roles, about 40 %
with a location), 300 organisations, 1,000 news posts (info boxes, related fields and projects),
5,000 milestones and status updates, field teams and 200 decisions of the governing bodies.
The content is deterministic: the same seed gives the same city, row for row (dates are fixed, never
"today").

Pages are created with Wagtail's own ``add_child`` (treebeard paths, ``url_path``, content type,
search index and ``numchild`` are therefore exactly what the back office would produce); the rows
below a page (partners, milestones, updates, info box entries, many-to-many links) are bulk inserted.
Everything runs in one transaction, so an interrupted run leaves no half city behind.
"""

import argparse
import datetime
import os
import random
import subprocess
import sys
import time
from decimal import Decimal

import common

SEED = 2026
CITY = "Großstadt"
PROGRAMME = "Großstadt Digital (Lasttest)"
UTC = datetime.UTC

FIELDS = [
    ("Mobilität und Verkehr", 2.0, ["Ladepark", "Mobilitätsstation", "Parkleitsystem", "Bus-Echtzeitanzeige",
                                    "Radverkehrszählung", "Carsharing-Plattform", "Ampelsteuerung", "Lieferzone"]),
    ("Energie und Klima", 1.6, ["Wärmeplan", "Solarkataster", "Energiemonitoring", "Klimasensor-Netz",
                                "Mieterstrom-Modell", "Hitzeschutzplan", "Quartiersspeicher"]),
    ("Bildung und Schule", 1.4, ["Schul-WLAN", "Lernplattform", "Tablet-Ausleihe", "Medienzentrum",
                                 "Digitalwerkstatt", "Schulcloud"]),
    ("Gesundheit und Pflege", 1.2, ["Telemedizin-Zentrum", "Pflegeplattform", "Notfall-App",
                                    "Sensorik im Pflegeheim", "Gesundheitskiosk"]),
    ("Digitale Verwaltung", 1.1, ["Bürgerkonto", "Online-Antrag", "Terminbuchung", "E-Akte",
                                  "Chatbot im Bürgerbüro", "Ratsinformationssystem"]),
    ("Wirtschaft und Arbeit", 0.9, ["Gründerzentrum", "Coworking-Space", "Händlerplattform",
                                    "Fachkräfteportal", "Innovationslabor"]),
    ("Wohnen und Quartiere", 0.8, ["Quartiersapp", "Smart-Home-Pilot", "Nachbarschaftsnetz",
                                   "Leerstandsmelder", "Quartierszentrum"]),
    ("Kultur, Sport und Freizeit", 0.6, ["Bibliotheks-App", "Museumsführer", "Hallenbelegung",
                                         "Veranstaltungskalender", "Kulturpass"]),
    ("Sicherheit und Katastrophenschutz", 0.5, ["Warnsystem", "Pegelmessnetz", "Leitstellen-Vernetzung",
                                                "Lagebild-Plattform", "Sirenennetz"]),
    ("Daten und Infrastruktur", 0.5, ["Glasfaserausbau", "Open-Data-Portal", "LoRaWAN-Netz",
                                      "Digitaler Zwilling", "Urbane Datenplattform", "5G-Versorgung"]),
]
COLOURS = ["#0b5cab", "#00734a", "#8a3b00", "#6b2fa0", "#a4004b", "#005f73", "#7a5c00", "#3d4a5c",
           "#b3261e", "#2e6b1f"]
ADJECTIVES = ["Digitaler", "Smarter", "Offener", "Vernetzter", "Neuer", "Gemeinsamer", "Mobiler",
              "Barrierefreier", "Nachhaltiger", "Erweiterter"]
DISTRICTS = [
    ("Innenstadt", "52.4227", "10.7865"), ("Nordstadt", "52.4420", "10.7900"), ("Westhagen", "52.4020", "10.7320"),
    ("Detmerode", "52.3955", "10.7390"), ("Fallersleben", "52.4160", "10.7150"), ("Vorsfelde", "52.4420", "10.8440"),
    ("Hafenviertel", "52.4325", "10.7950"), ("Südstadt", "52.4000", "10.7800"), ("Ostend", "52.4200", "10.8200"),
    ("Am Kanal", "52.4300", "10.7700"), ("Hochschulviertel", "52.4195", "10.7800"),
    ("Schlossberg", "52.4100", "10.7600"),
]
# (status, weight) – every status occurs.
STATUSES = [("idea", 10), ("preparation", 14), ("pilot", 22), ("implementation", 24), ("operation", 16),
            ("completed", 10), ("stopped", 4)]
KINDS = [("administration", 40), ("council", 10), ("municipal_company", 30), ("private_company", 120),
         ("research", 40), ("association", 50), ("other", 10)]
ORG_PATTERNS = {
    "administration": ["Stadt {city} – Referat {topic}", "Fachbereich {topic}", "Amt für {topic}"],
    "council": ["Ausschuss für {topic}", "Ortsrat {district}", "Beirat {topic}"],
    "municipal_company": ["Stadtwerke {district}", "{topic}gesellschaft {city}", "Kommunalbetrieb {topic}"],
    "private_company": ["{surname} {branch} GmbH", "{surname} & {surname2} {branch} AG", "{branch}haus {surname}"],
    "research": ["Institut für {topic}", "Hochschule {district} – Labor {topic}", "Forschungszentrum {topic}"],
    "association": ["{topic} {district} e. V.", "Förderverein {topic}", "Netzwerk {topic}"],
    "other": ["Stiftung {topic}", "Initiative {district}", "Genossenschaft {topic}"],
}
TOPICS = ["Digitalisierung", "Mobilität", "Energie", "Bildung", "Gesundheit", "Stadtentwicklung", "Umwelt",
          "Kultur", "Wirtschaft", "Daten", "Sicherheit", "Soziales", "Wohnen", "Sport", "Klima", "Logistik"]
SURNAMES = ["Becker", "Schulz", "Hoffmann", "Krüger", "Wagner", "Neumann", "Schröder", "Braun", "Zimmermann",
            "Hartmann", "Lange", "Werner", "Krause", "Lehmann", "Köhler", "Meier", "Fuchs", "Vogel", "Jung", "Roth"]
BRANCHES = ["Software", "Elektro", "Bau", "Logistik", "Medien", "Energie", "Sensorik", "Beratung", "Netz",
            "Daten", "Mobilitäts", "Medizin"]
ROLES = ["Federführung", "Umsetzung", "Betrieb", "Technik", "Beratung", "Forschung", "Finanzierung",
         "Evaluation", "Datenlieferung", "Öffentlichkeitsarbeit", "Pilotanwender"]
MILESTONES = ["Auftakt", "Konzept abgestimmt", "Ausschreibung veröffentlicht", "Vergabe", "Pilotstart",
              "Zwischenbericht", "Testbetrieb", "Beteiligungsphase", "Rollout", "Abnahme", "Evaluation",
              "Übergabe in den Regelbetrieb"]
UPDATE_TITLES = ["Meilenstein erreicht", "Neue Partner an Bord", "Pilot läuft", "Ergebnisse der Befragung",
                 "Förderbescheid erhalten", "Zwischenstand", "Technik installiert", "Werkstattgespräch",
                 "Zeitplan angepasst", "Erste Auswertung"]
WORDS_SUBJ = ["Das Projektteam", "Die Stadtverwaltung", "Der Partnerverbund", "Das Programmbüro",
              "Die Bürgerinnen und Bürger", "Die Stadtwerke", "Die Hochschule", "Der Steuerkreis"]
WORDS_VERB = ["erprobt", "entwickelt", "prüft", "verbessert", "vernetzt", "bewertet", "startet", "begleitet"]
WORDS_OBJ = ["neue digitale Angebote", "die Datengrundlage", "den Pilotbetrieb im Quartier",
             "offene Schnittstellen", "die Barrierefreiheit aller Dienste", "den Betrieb im Alltag",
             "die Zusammenarbeit mit lokalen Firmen", "eine gemeinsame Plattform"]
WORDS_TAIL = ["in drei Stadtteilen", "bis Ende des Jahres", "gemeinsam mit Partnern aus der Region",
              "mit Rückmeldungen aus der Bevölkerung", "nach den Vorgaben des Datenschutzes",
              "in enger Abstimmung mit dem Rat", "auf Grundlage offener Standards"]


class Text:
    """Deterministic German filler text in the Markdown subset the portal renders."""

    def __init__(self, rng):
        self.rng = rng

    def sentence(self):
        r = self.rng
        return f"{r.choice(WORDS_SUBJ)} {r.choice(WORDS_VERB)} {r.choice(WORDS_OBJ)} {r.choice(WORDS_TAIL)}."

    def paragraph(self, sentences=(2, 5), *, bold_start=False):
        sentences = [self.sentence() for _ in range(self.rng.randint(*sentences))]
        if bold_start:
            sentences[0] = f"**{sentences[0]}**"
        return " ".join(sentences)

    def markdown(self, paragraphs=(2, 4), *, with_list=True, with_link=True):
        r = self.rng
        parts = [self.paragraph(bold_start=i == 0 and r.random() < 0.5) for i in range(r.randint(*paragraphs))]
        if with_list and r.random() < 0.6:
            parts.insert(1, "\n".join(f"- {r.choice(WORDS_OBJ).capitalize()}" for _ in range(r.randint(2, 5))))
        if with_link and r.random() < 0.4:
            parts.append(f"Mehr dazu auf [der Seite der Stadt](https://www.example.org/{r.randint(1, 999)}).")
        return "\n\n".join(parts)


def weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def aware(day, hour=9):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=UTC)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reset", action="store_true", help="drop the bench database and generate it again")
    parser.add_argument("--if-missing", action="store_true",
                        help="do nothing if the city is already generated (used by bench/run.py)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--projects", type=int, default=500)
    parser.add_argument("--organisations", type=int, default=300)
    parser.add_argument("--news", type=int, default=1000)
    parser.add_argument("--timeline", type=int, default=5000, help="milestones and status updates in total")
    parser.add_argument("--decisions", type=int, default=200)
    return parser.parse_args(argv)


def prepare_database(url, *, reset):
    if reset:
        print(f"Lösche Datenbank {common.database_name(url)} …", flush=True)
        common.drop_database(url)
    if common.create_database(url):
        print(f"Datenbank {common.database_name(url)} angelegt.", flush=True)


def migrate(url):
    started = time.monotonic()
    env = {**os.environ, **common.django_environment(url, page_cache_seconds=0)}
    subprocess.run([str(common.BIN / "modellstadt"), "migrate", "--no-input", "-v", "0"], env=env, check=True)
    print(f"Migriert ({time.monotonic() - started:.1f} s).", flush=True)


def is_generated(args):
    from modellstadt.news.models import NewsPostPage
    from modellstadt.projects.models import ProjectPage
    from modellstadt.strategy.models import HomePage

    home = HomePage.objects.first()
    return (
        home is not None and home.city == CITY
        and ProjectPage.objects.count() >= args.projects and NewsPostPage.objects.count() >= args.news
    )


class CityGenerator:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.text = Text(self.rng)
        self.timings = []

    def step(self, label, func, *a):
        started = time.monotonic()
        result = func(*a)
        elapsed = time.monotonic() - started
        self.timings.append((label, elapsed))
        print(f"  {label}: {elapsed:.1f} s", flush=True)
        return result

    def run(self):
        from django.db import transaction

        with transaction.atomic():
            home = self.step("Portalstruktur", self.portal)
            orgs = self.step("Organisationen", self.organisations)
            fields = self.step("Kooperationsfelder", self.fields, home, orgs)
            projects = self.step("Projekte", self.projects, fields, orgs)
            self.step("Partner", self.partners, projects, orgs)
            self.step("Meilensteine und Meldungen", self.timeline, projects)
            self.step("Gremien und Beschlüsse", self.governance, fields, projects, orgs)
            self.step("Nachrichten", self.news, home, fields, projects)
        return projects

    # --- portal and organisations -----------------------------------------------------------------

    def portal(self):
        from modellstadt.portal.services import ensure_portal_structure
        from modellstadt.strategy.models import HomePage, TopGoal

        home = ensure_portal_structure(city=CITY, programme_name=PROGRAMME)
        HomePage.objects.filter(pk=home.pk).update(
            city=CITY, tagline="Gemeinsam digital – für alle in der Stadt", population=612_000,
            vision=self.text.markdown((2, 3)), mou_title="Gründungsvereinbarung",
            mou_parties="Stadt Großstadt und Partner", mou_signed_on=datetime.date(2019, 5, 1),
            mou_text=self.text.markdown((1, 2)), lead_unit="Stabsstelle Digitalisierung",
        )
        TopGoal.objects.filter(page=home).delete()
        TopGoal.objects.bulk_create(
            TopGoal(page=home, sort_order=i, title=f"Ziel {i + 1}: {self.rng.choice(WORDS_OBJ)}",
                    description=self.text.paragraph((1, 2)))
            for i in range(5)
        )
        return HomePage.objects.get(pk=home.pk)

    def organisations(self):
        from modellstadt.partners.models import Organisation

        names = set()
        orgs = []
        for _ in range(self.args.organisations):
            kind = weighted(self.rng, KINDS)
            while True:
                name = self.rng.choice(ORG_PATTERNS[kind]).format(
                    city=CITY, topic=self.rng.choice(TOPICS), district=self.rng.choice(DISTRICTS)[0],
                    surname=self.rng.choice(SURNAMES), surname2=self.rng.choice(SURNAMES),
                    branch=self.rng.choice(BRANCHES),
                )
                if name in names:
                    name = f"{name} {self.rng.randint(2, 99)}"
                if name not in names:
                    break
            names.add(name)
            orgs.append(Organisation.objects.create(
                name=name, kind=kind, description=self.text.markdown((1, 2), with_list=False),
                website=f"https://www.example.org/org/{len(orgs) + 1}" if self.rng.random() < 0.7 else "",
                contact_email=f"kontakt{len(orgs) + 1}@example.org" if self.rng.random() < 0.5 else "",
            ))
        return orgs

    # --- fields and projects ----------------------------------------------------------------------

    def fields(self, home, orgs):
        from modellstadt.core.text import german_slugify
        from modellstadt.strategy.models import CooperationFieldPage, FieldIndexPage

        index = FieldIndexPage.objects.child_of(home).get()
        pages = []
        for number, (title, _weight, _topics) in enumerate(FIELDS, start=1):
            pages.append(index.add_child(instance=CooperationFieldPage(
                title=title, slug=german_slugify(title), number=number,
                short_description=self.text.sentence(), status_description=self.text.markdown(),
                vision=self.text.markdown(), lead_person=f"{self.rng.choice(SURNAMES)}, Feldleitung",
                lead_organisation=self.rng.choice(orgs[:40]), colour=COLOURS[number - 1],
                easy_text=self.text.paragraph((1, 2)), is_assumption=number > 8,
                first_published_at=aware(datetime.date(2019, 6, number)),
                last_published_at=aware(datetime.date(2019, 6, number)),
            )))
        return pages

    def projects(self, fields, orgs):
        from modellstadt.core.text import german_slugify
        from modellstadt.projects.models import ProjectPage

        rng = self.rng
        weights = [weight for _title, weight, _topics in FIELDS]
        slugs = set()
        pages = []
        for n in range(self.args.projects):
            field_no = rng.choices(range(len(FIELDS)), weights=weights)[0]
            field = fields[field_no]
            district, lat, lon = rng.choice(DISTRICTS)
            title = f"{rng.choice(ADJECTIVES)} {rng.choice(FIELDS[field_no][2])} {district}"
            slug = german_slugify(title)
            suffix = 2
            while slug in slugs:
                slug = german_slugify(f"{title} {suffix}")
                suffix += 1
            if suffix > 2:
                title = f"{title} {suffix - 1}"
            slugs.add(slug)
            status = weighted(rng, STATUSES)
            start = None if status == "idea" else datetime.date(2018, 1, 1) + datetime.timedelta(rng.randint(0, 3300))
            end = start + datetime.timedelta(rng.randint(180, 1800)) if start and rng.random() < 0.7 else None
            published = datetime.date(2019, 7, 1) + datetime.timedelta(days=n * 5 + rng.randint(0, 4))
            located = rng.random() < 0.4
            page = field.add_child(instance=ProjectPage(
                title=title, slug=slug, summary=self.text.sentence() + " " + self.text.sentence(),
                description=self.text.markdown((3, 5)), value_for_citizens=self.text.markdown((1, 2)),
                value_for_economy=self.text.markdown((1, 2)), status=status, start_date=start, end_date=end,
                budget_eur=Decimal(rng.randint(5, 5000) * 1000) if rng.random() < 0.7 else None,
                lead_organisation=rng.choice(orgs) if rng.random() < 0.8 else None,
                latitude=Decimal(lat) + Decimal(rng.randint(-300, 300)) / 100000 if located else None,
                longitude=Decimal(lon) + Decimal(rng.randint(-300, 300)) / 100000 if located else None,
                location_label=f"{district}, {rng.choice(['Rathausplatz', 'Quartierszentrum', 'Schule', 'Depot'])}"
                if located or rng.random() < 0.2 else "",
                easy_text=self.text.paragraph((1, 2)) if rng.random() < 0.3 else "",
                first_published_at=aware(published), last_published_at=aware(published),
            ))
            pages.append(page)
        return pages

    def partners(self, projects, orgs):
        from modellstadt.projects.models import ProjectPartner

        # A few organisations (the first 30) work in many projects, most in a handful.
        weights = [8 if i < 30 else 1 for i in range(len(orgs))]
        rows = []
        for project in projects:
            chosen = []
            for org in self.rng.choices(orgs, weights=weights, k=self.rng.randint(1, 6)):
                if org not in chosen:
                    chosen.append(org)
            rows += [ProjectPartner(project=project, organisation=org, role=self.rng.choice(ROLES), sort_order=i)
                     for i, org in enumerate(chosen)]
        ProjectPartner.objects.bulk_create(rows, batch_size=1000)
        return rows

    def timeline(self, projects):
        from modellstadt.projects.models import Milestone, StatusUpdate

        rng = self.rng
        # Uneven on purpose: most projects have a handful of entries, some a long history (up to ~60).
        weights = [rng.lognormvariate(0, 0.7) for _ in projects]
        owners = rng.choices(projects, weights=weights, k=self.args.timeline)
        milestones, updates, order = [], [], {}
        for project in owners:
            sort_order = order[project.pk] = order.get(project.pk, -1) + 1
            base = project.start_date or datetime.date(2022, 1, 1)
            day = base + datetime.timedelta(rng.randint(0, 1500))
            if rng.random() < 0.5:
                milestones.append(Milestone(
                    project=project, sort_order=sort_order, title=rng.choice(MILESTONES),
                    due=day if rng.random() < 0.9 else None, done=day < datetime.date(2026, 1, 1),
                ))
            else:
                updates.append(StatusUpdate(
                    project=project, sort_order=sort_order, date=day, title=rng.choice(UPDATE_TITLES),
                    text=self.text.markdown((1, 2), with_list=False),
                ))
        Milestone.objects.bulk_create(milestones, batch_size=1000)
        StatusUpdate.objects.bulk_create(updates, batch_size=1000)
        return milestones, updates

    # --- governance and news ----------------------------------------------------------------------

    def governance(self, fields, projects, orgs):
        from modellstadt.strategy.models import BodyMembership, Decision, GoverningBody

        rng = self.rng
        bodies = [
            GoverningBody.objects.create(name="Steuerkreis", kind="steering_committee", order=1,
                                         mandate=self.text.markdown((1, 2))),
            GoverningBody.objects.create(name="Kernteam", kind="core_team", order=2, mandate=self.text.paragraph()),
            GoverningBody.objects.create(name="Programmbüro", kind="programme_office", order=3,
                                         mandate=self.text.paragraph()),
        ]
        bodies += [
            GoverningBody.objects.create(name=f"Feldteam {field.title}", kind="field_team", field=field,
                                         order=10 + i, mandate=self.text.paragraph())
            for i, field in enumerate(fields)
        ]
        members = []
        for body in bodies:
            members += [
                BodyMembership(body=body, sort_order=i, person=f"{rng.choice(SURNAMES)} ({i + 1})",
                               organisation=rng.choice(orgs) if rng.random() < 0.8 else None,
                               role=rng.choice(["Vorsitz", "Mitglied", "Stellvertretung", "Geschäftsführung"]))
                for i in range(rng.randint(4, 9))
            ]
        BodyMembership.objects.bulk_create(members)
        field_links, project_links = [], []
        for n in range(self.args.decisions):
            decision = Decision.objects.create(
                date=datetime.date(2019, 9, 1) + datetime.timedelta(n * 11 + rng.randint(0, 9)),
                body=rng.choice(bodies[:3]), title=f"Beschluss {n + 1}: {rng.choice(WORDS_OBJ)}",
                text=self.text.markdown((1, 2)),
            )
            field_links += [Decision.fields.through(decision=decision, cooperationfieldpage=f)
                            for f in rng.sample(fields, rng.randint(0, 2))]
            project_links += [Decision.projects.through(decision=decision, projectpage=p)
                              for p in rng.sample(projects, rng.randint(0, 3))]
        Decision.fields.through.objects.bulk_create(field_links)
        Decision.projects.through.objects.bulk_create(project_links)

    def news(self, home, fields, projects):
        from modellstadt.core.text import german_slugify
        from modellstadt.news.models import InfoBoxEntry, NewsIndexPage, NewsPostPage

        rng = self.rng
        index = NewsIndexPage.objects.child_of(home).get()
        info, field_links, project_links = [], [], []
        through_fields, through_projects = NewsPostPage.related_fields.through, NewsPostPage.related_projects.through
        for n in range(self.args.news):
            published = aware(datetime.date(2019, 8, 1) + datetime.timedelta(days=n * 2 + rng.randint(0, 1)),
                              hour=8 + n % 10)
            title = f"{rng.choice(UPDATE_TITLES)}: {rng.choice(projects).title}"
            post = index.add_child(instance=NewsPostPage(
                title=title, slug=german_slugify(f"{title} {n + 1}"), date=published,
                teaser=self.text.sentence() + " " + self.text.sentence(), body=self.text.markdown((3, 6)),
                first_published_at=published, last_published_at=published,
            ))
            info += [InfoBoxEntry(post=post, sort_order=i, label=f"Link {i + 1}",
                                  url=f"https://www.example.org/info/{n}/{i}", text=self.text.sentence())
                     for i in range(rng.randint(0, 3))]
            field_links += [through_fields(newspostpage=post, cooperationfieldpage=f)
                            for f in rng.sample(fields, rng.randint(0, 2))]
            project_links += [through_projects(newspostpage=post, projectpage=p)
                              for p in rng.sample(projects, rng.randint(0, 3))]
        InfoBoxEntry.objects.bulk_create(info, batch_size=1000)
        through_fields.objects.bulk_create(field_links, batch_size=1000)
        through_projects.objects.bulk_create(project_links, batch_size=1000)


def analyze():
    """Fresh planner statistics, as autovacuum would have them on a live system after a while."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def verify():
    """Render the measured pages and a few others once in-process: each must answer 200."""
    from django.test import Client

    import targets

    client = Client(HTTP_HOST="localhost")
    failures = []
    for label, url in targets.target_urls() + targets.extra_urls():
        status = client.get(url).status_code
        if status != 200:
            failures.append(f"{label} {url}: {status}")
    if failures:
        sys.exit("Seiten antworten nicht mit 200:\n" + "\n".join(failures))
    print("Geprüft: alle gemessenen Seiten antworten mit 200.", flush=True)


def counts():
    from modellstadt.news.models import NewsPostPage
    from modellstadt.partners.models import Organisation
    from modellstadt.projects.models import Milestone, ProjectPage, ProjectPartner, StatusUpdate
    from modellstadt.strategy.models import CooperationFieldPage, Decision

    return {
        "Felder": CooperationFieldPage.objects.count(), "Projekte": ProjectPage.objects.count(),
        "Organisationen": Organisation.objects.count(), "Projektpartner": ProjectPartner.objects.count(),
        "Nachrichten": NewsPostPage.objects.count(), "Meilensteine": Milestone.objects.count(),
        "Statusmeldungen": StatusUpdate.objects.count(), "Beschlüsse": Decision.objects.count(),
    }


def main(argv=None):
    args = parse_args(argv)
    url = common.database_url()
    prepare_database(url, reset=args.reset)
    migrate(url)
    # No page cache while generating (it would be invalidated on every save); plain static storage so
    # the in-process check does not need collectstatic.
    common.setup_django(
        url, PAGE_CACHE_SECONDS=0,
        STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage",
    )
    if is_generated(args):
        if args.if_missing:
            print("Die große Stadt ist schon erzeugt.", flush=True)
            return
        sys.exit("Die Datenbank enthält die große Stadt schon; mit --reset neu erzeugen.")
    from modellstadt.projects.models import ProjectPage

    if ProjectPage.objects.exists():
        sys.exit("Die Bench-Datenbank enthält schon andere Projekte; mit --reset neu erzeugen.")
    started = time.monotonic()
    print(f"Erzeuge die große Stadt (Seed {args.seed}) …", flush=True)
    CityGenerator(args).run()
    analyze()
    print(f"Fertig in {time.monotonic() - started:.1f} s: "
          + ", ".join(f"{n} {label}" for label, n in counts().items()), flush=True)
    verify()


if __name__ == "__main__":
    main()
