"""Generate a participating city for load measurements of citizen participation (PostgreSQL only).

    .venv/bin/python bench/participation_generate.py --preset city     # 125,000 accounts, 20,000 ideas,
                                                                        # 1,000,000 supports, 300,000 comments
    .venv/bin/python bench/participation_generate.py --preset small    # 500 users, 1 process,
                                                # 2,000 ideas, 20,000 comments (4,000 replies), 20,000 supports
    ... --reset        drop the preset's database first and generate again
    ... --if-missing   do nothing if the preset is already generated

Each preset has its own database (``modellstadt_bench_participation`` and
``modellstadt_bench_participation_small`` on ``127.0.0.1:5432``; another server with
``BENCH_DATABASE_URL``, whose database name must contain "bench").

The portal skeleton, ten cooperation fields (Wagtail ``add_child``), the processes with their
phases and one office account are created through the ORM; accounts, e-mail addresses, ideas,
supports and comments are written with PostgreSQL ``COPY`` (psycopg ``cursor.copy``). Every account
has an unusable password. The denormalised counters (``support_count``, ``comment_count``) are
computed in SQL at the end from the rows, exactly as the services keep them (supports: all rows;
comments: published and not deleted). The sequences are moved past the copied ids, then ``VACUUM
ANALYZE``.

Shape: supports and comments per idea follow a heavy-tailed distribution (a few ideas get
thousands of supports, most a handful); one idea of the open process gets exactly 200 comments
(threads with replies, the heaviest discussion, the one the benchmark measures). The last 1,000
accounts (``burst-0001`` …) have no supports at all: ``participation_run.py`` signs them in and lets
them click "unterstützen", so every click is a new support. The open process collects ideas from
60 days before generation until a year after it, so supports are allowed when the benchmark runs.
Deterministic for a given seed (except the phase dates, which follow the day of generation).
"""

import argparse
import datetime
import os
import random
import sys
import time
from urllib.parse import urlsplit, urlunsplit

import common

SEED = 2026
UTC = datetime.UTC
PRESETS = {
    # accounts, processes (the last one is open), ideas, supports, comments, replies among them,
    # exact comments of the measured idea
    "city": {"users": 125_000, "processes": 4, "ideas": 20_000, "supports": 1_000_000, "comments": 300_000,
             "replies": 60_000, "thread": 200, "burst_users": 1_000},
    "small": {"users": 500, "processes": 1, "ideas": 2_000, "supports": 20_000, "comments": 20_000,
              "replies": 4_000, "thread": 200, "burst_users": 0},
}
DATABASES = {"city": "modellstadt_bench_participation", "small": "modellstadt_bench_participation_small"}

FIELDS = [
    "Gemeinsame Digitalisierungsstrategie", "Offene digitale Plattform", "Digitale Infrastruktur",
    "Reallabor für digitale Dienste", "Elektromobilität", "Neues Software- und IT-Geschäft",
    "Innovative Stadtplanung", "Einfache Verwaltungsprozesse", "Digitale Bildung", "Online-Dienste und Handel",
]
DISTRICTS = ["Stadtmitte", "Westhagen", "Detmerode", "Fallersleben", "Vorsfelde", "Kästorf", "Nordsteimke",
             "Hehlingen", "Reislingen", "Sandkamp", "Almke", "Ehmen", "Nordstadt", "Hellwinkel", "Mörse",
             "Sülfeld", "Brackstedt", "Neindorf"]
FIRST = ["Anna", "Mehmet", "Katrin", "Thomas", "Sabine", "Jonas", "Elena", "Piotr", "Ursula", "Lukas", "Fatma",
         "Gerd", "Lea", "Stefan", "Marie", "Andreas", "Giulia", "Heinz", "Nina", "Oliver", "Christa", "Kevin",
         "Yasemin", "Martin", "Johanna", "Dirk", "Sophie", "Ali", "Monika", "Paul", "Emma", "Ben", "Mia", "Leon"]
LAST = ["Schulz", "Yılmaz", "Lange", "Becker", "Krüger", "Petersen", "Wagner", "Nowak", "Hartmann", "Neumann",
        "Demir", "Zimmermann", "Hoffmann", "Braun", "Köhler", "Vogel", "Russo", "Schröder", "Fuchs", "Werner",
        "Meier", "Lehmann", "Arslan", "Roth", "Krause", "Jung", "Wolf", "Kaya", "Schmidt", "Müller"]
SUBJECTS = ["Freies WLAN", "Ladesäulen", "Sensoren für freie Parkplätze", "Echtzeit-Anzeigen", "Online-Termine",
            "Eine Lernplattform", "Smarte Straßenbeleuchtung", "Offene Daten", "Ein Mängelmelder",
            "Leihfahrräder", "Ein Rufbus", "Glasfaser", "Digitallotsen", "Ein Coworking-Space",
            "Hitzesensoren", "Eine Nachbarschafts-App", "Handyparken", "Ein Online-Schaufenster"]
PLACES = ["am Südkopf-Center", "in Detmerode", "am Klinikum", "in der Vorsfelder Altstadt", "am Hauptbahnhof",
          "in Fallersleben", "in Westhagen", "an allen Grundschulen", "in der Porschestraße", "am Allersee",
          "in Kästorf", "im Bürgerbüro", "in Nordsteimke", "an den WVG-Haltestellen", "im Rathaus"]
SENTENCES = [
    "Das würde vielen Menschen im Alltag helfen.", "Gerade ältere Menschen hätten davon einen großen Nutzen.",
    "In anderen Städten funktioniert das schon gut.", "Die Daten sollten offen und gut dokumentiert sein.",
    "Wichtig ist, dass es auch ohne App im Browser funktioniert.", "Datenschutz muss von Anfang an mitgedacht werden.",
    "Ich würde mich gern an einem Test beteiligen.", "Die Kosten wären überschaubar, der Nutzen groß.",
    "Bitte auch die Ortsteile nicht vergessen.", "Familien mit Kindern würden besonders profitieren.",
    "Das spart Wege, Zeit und Papier.", "Man könnte mit einem kleinen Pilotprojekt anfangen.",
]
COMMENT_SENTENCES = [
    "Sehr gute Idee, das unterstütze ich!", "Wer soll das bezahlen?", "Genau das fehlt bei uns im Stadtteil.",
    "Gibt es dazu schon Erfahrungen aus anderen Städten?", "Bitte unbedingt barrierefrei umsetzen.",
    "Das hatte ich auch schon vorgeschlagen.", "Ich sehe das skeptisch, aber ein Test wäre einen Versuch wert.",
    "Danke für die Ergänzung!", "Wichtig wäre auch eine Lösung für die Ortsteile.",
    "Das würde mir jeden Tag Zeit sparen.", "Vielleicht kann die WVG hier mitmachen.",
    "Datenschutz nicht vergessen!", "Einverstanden.", "Gute Frage – das sollte die Stadt beantworten.",
]
STATES = [("submitted", 84), ("under_review", 6), ("accepted", 4), ("not_pursued", 3), ("implemented", 2),
          ("withdrawn", 1)]
ANSWERS = {
    "under_review": "Das Feldteam prüft die Idee und meldet sich mit dem Ergebnis.",
    "accepted": "Die Idee wird angenommen und in ein Projekt des Feldes übernommen.",
    "not_pursued": "Die Idee wird nicht weiterverfolgt, weil ein bestehendes Angebot das Anliegen bereits abdeckt.",
    "implemented": "Die Idee ist umgesetzt. Vielen Dank an alle, die sie unterstützt haben.",
}
PASSWORD = "!bench-unusable-password"  # starts with "!": Django's marker of an unusable password


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--preset", choices=sorted(PRESETS), default="city")
    parser.add_argument("--reset", action="store_true", help="drop the preset's database and generate again")
    parser.add_argument("--if-missing", action="store_true", help="do nothing if already generated")
    parser.add_argument("--seed", type=int, default=SEED)
    return parser.parse_args(argv)


def database_url(preset):
    """BENCH_DATABASE_URL with the preset's database name, or the default server."""
    base = os.environ.get("BENCH_DATABASE_URL", common.DEFAULT_DATABASE_URL)
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path="/" + DATABASES[preset]))


def heavy_tail(rng, n, total, cap, alpha=1.15):
    """``n`` non-negative integers summing to ``total`` (each at most ``cap``), heavy-tailed."""
    weights = [rng.paretovariate(alpha) for _ in range(n)]
    scale = total / sum(weights)
    counts = [min(cap, int(w * scale)) for w in weights]
    missing = total - sum(counts)
    while missing > 0:  # hand out the rest one by one, to ideas below the cap
        i = rng.randrange(n)
        if counts[i] < cap:
            counts[i] += 1
            missing -= 1
    return counts


def aware(day_offset, base):
    return base + datetime.timedelta(days=day_offset)


class Generator:
    def __init__(self, preset, seed):
        self.p = PRESETS[preset]
        self.preset = preset
        self.rng = random.Random(seed)
        self.now = datetime.datetime.now(UTC).replace(microsecond=0)
        self.epoch = datetime.datetime(2025, 1, 1, 9, tzinfo=UTC)

    def step(self, label, func, *args):
        started = time.monotonic()
        result = func(*args)
        print(f"  {label}: {time.monotonic() - started:.1f} s", flush=True)
        return result

    def run(self):
        from django.db import connection, transaction

        with transaction.atomic():
            fields = self.step("Portal und Felder", self.portal)
            office = self.step("Programmbüro-Konto", self.office)
            processes = self.step("Verfahren und Phasen", self.processes, fields)
            with connection.cursor() as cursor:
                raw = cursor.connection  # the psycopg connection inside Django's transaction
                first_user = self.step("Konten", self.users, raw)
                ideas = self.step("Ideen", self.ideas, raw, processes, fields, first_user, office)
                self.step("Unterstützungen", self.supports, raw, ideas, first_user)
                self.step("Kommentare", self.comments, raw, ideas, first_user)
                self.step("Zähler und Sequenzen", self.finish, cursor)

    # --- ORM part -----------------------------------------------------------------------------------

    def portal(self):
        from modellstadt.core.text import german_slugify
        from modellstadt.portal.services import ensure_portal_structure
        from modellstadt.strategy.models import CooperationFieldPage, FieldIndexPage

        home = ensure_portal_structure(city="Wolfsburg", programme_name="#WolfsburgDigital (Lasttest Beteiligung)")
        index = FieldIndexPage.objects.child_of(home).get()
        return [
            index.add_child(instance=CooperationFieldPage(
                title=title, slug=german_slugify(title), number=number, short_description=title,
                is_assumption=number > 8,
            ))
            for number, title in enumerate(FIELDS, start=1)
        ]

    def office(self):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Permission

        office = get_user_model().objects.create(
            username="programmbuero", display_name="Programmbüro", email="programmbuero@example.org",
            password=PASSWORD, is_active=True,
        )
        office.user_permissions.add(*Permission.objects.filter(
            content_type__app_label="ideas", codename__in=["answer_idea", "moderate_contributions"]
        ))
        return office

    def processes(self, fields):
        from modellstadt.ideas.models import Phase, PhaseKind, Process

        day = datetime.timedelta(days=1)
        result = []
        count = self.p["processes"]
        for i in range(count):
            is_open = i == count - 1
            title = "Ideen für #WolfsburgDigital" if is_open else f"Ideenaufruf {2022 + i}"
            process = Process.objects.create(title=title, description=f"Beteiligungsverfahren „{title}“.")
            process.fields.set(fields)
            if is_open:
                start = self.now - 60 * day
                phases = [(PhaseKind.COLLECT, start, self.now + 365 * day, True),
                          (PhaseKind.EVALUATE, self.now + 365 * day, self.now + 425 * day, False),
                          (PhaseKind.RESULTS, self.now + 425 * day, self.now + 600 * day, False)]
            else:
                start = self.epoch - (count - i) * 200 * day
                phases = [(PhaseKind.COLLECT, start, start + 60 * day, True),
                          (PhaseKind.EVALUATE, start + 60 * day, start + 120 * day, False),
                          (PhaseKind.RESULTS, start + 120 * day, start + 180 * day, False)]
            for kind, begins, ends, open_ in phases:
                Phase.objects.create(process=process, kind=kind, starts_at=begins, ends_at=ends,
                                     allows_ideas=open_, allows_supports=open_, allows_comments=open_)
            result.append((process, start, is_open))
        return result

    # --- COPY part ----------------------------------------------------------------------------------

    def _next_id(self, raw, table):
        return raw.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}").fetchone()[0]

    def users(self, raw):
        rng, n = self.rng, self.p["users"]
        first_id = self._next_id(raw, "accounts_user")
        regular = n - self.p["burst_users"]
        with raw.cursor() as cur:
            with cur.copy(
                "COPY accounts_user (id, password, is_superuser, username, first_name, last_name, email, is_staff, "
                "is_active, date_joined, display_name, district) FROM STDIN"
            ) as copy:
                for i in range(n):
                    first, last = rng.choice(FIRST), rng.choice(LAST)
                    if i < regular:
                        username = f"buerger-{i + 1:06d}"
                    else:
                        username = f"burst-{i - regular + 1:04d}"
                    copy.write_row((
                        first_id + i, PASSWORD, False, username, first, last, f"{username}@example.org", False,
                        True, self.epoch + datetime.timedelta(minutes=i), f"{first} {last[0]}.",
                        rng.choice(DISTRICTS) if rng.random() < 0.7 else "",
                    ))
            with cur.copy('COPY account_emailaddress (email, verified, "primary", user_id) FROM STDIN') as copy:
                for i in range(n):
                    uid = first_id + i
                    username = f"buerger-{i + 1:06d}" if i < regular else f"burst-{i - regular + 1:04d}"
                    copy.write_row((f"{username}@example.org", True, True, uid))
        self.regular_users = range(first_id, first_id + regular)
        return first_id

    def ideas(self, raw, processes, fields, first_user, office):
        rng = self.rng
        n = self.p["ideas"]
        first_id = self._next_id(raw, "participation_idea")
        state_values, state_weights = zip(*STATES, strict=True)
        # The open process (last) gets 70 % of the ideas when there are several processes.
        shares = [1.0] if len(processes) == 1 else [0.3 / (len(processes) - 1)] * (len(processes) - 1) + [0.7]
        rows = []
        with raw.cursor() as cur, cur.copy(
            "COPY participation_idea (id, title, description, location_label, image_alt, state, answer_text, "
            "answered_at, support_count, comment_count, moderation, hidden_reason, created, updated, "
            "answered_by_id, author_id, field_id, process_id) FROM STDIN"
        ) as copy:
            for i in range(n):
                pi = rng.choices(range(len(processes)), weights=shares)[0]
                process, start, is_open = processes[pi]
                created = start + datetime.timedelta(seconds=rng.randint(0, 55 * 86400))
                state = rng.choices(state_values, weights=state_weights)[0]
                answered = state in ANSWERS
                hidden = rng.random() < 0.002
                title = f"{rng.choice(SUBJECTS)} {rng.choice(PLACES)}"
                description = " ".join(rng.sample(SENTENCES, rng.randint(2, 5)))
                author = rng.choice(self.regular_users)
                copy.write_row((
                    first_id + i, title, description, rng.choice(PLACES)[3:] if rng.random() < 0.3 else "", "",
                    state, ANSWERS.get(state, ""), created + datetime.timedelta(days=20) if answered else None,
                    0, 0, "hidden" if hidden else "published",
                    "Ausgeblendet: enthält persönliche Angaben." if hidden else "", created, created,
                    office.pk if answered else None, author, rng.choice(fields).pk, process.pk,
                ))
                rows.append((first_id + i, created, state, hidden, is_open, author))
        return rows

    def supports(self, raw, ideas, first_user):
        rng = self.rng
        counts = heavy_tail(rng, len(ideas), self.p["supports"], cap=min(len(self.regular_users) // 2, 25_000))
        users = self.regular_users
        next_id = self._next_id(raw, "participation_support")
        copy_sql = "COPY participation_support (id, created, idea_id, user_id) FROM STDIN"
        with raw.cursor() as cur, cur.copy(copy_sql) as copy:
            for (idea_id, created, _state, _hidden, _open, author), k in zip(ideas, counts, strict=True):
                if not k:
                    continue
                chosen = rng.sample(users, k + 1)
                chosen = [u for u in chosen if u != author][:k]
                for user in chosen:
                    copy.write_row((next_id, created + datetime.timedelta(seconds=rng.randint(60, 40 * 86400)),
                                    idea_id, user))
                    next_id += 1

    def comments(self, raw, ideas, first_user):
        """Top-level comments and replies (depth 1 and 2), heavy-tailed over ideas; one idea of the
        open process gets exactly ``thread`` comments and no other idea gets as many."""
        rng = self.rng
        thread = self.p["thread"]
        open_ideas = [row for row in ideas if row[4] and row[2] != "withdrawn" and not row[3]]
        measured = open_ideas[len(open_ideas) // 3]
        others = [row for row in ideas if row is not measured]
        counts = heavy_tail(rng, len(others), self.p["comments"] - thread, cap=thread - 20)
        next_id = self._next_id(raw, "participation_comment")
        users = self.regular_users
        self.measured_idea = measured[0]
        plan = [(measured, thread)] + list(zip(others, counts, strict=True))
        # Exactly ``replies`` of the comments are replies: chosen among all comments that are not the
        # first one on their idea.
        slots = sum(max(k - 1, 0) for _row, k in plan)
        reply_slots = set(rng.sample(range(slots), self.p["replies"]))
        slot = 0
        with raw.cursor() as cur, cur.copy(
            "COPY participation_comment (id, depth, guest_name, guest_email, text, moderation, hidden_reason, "
            "created, deleted_at, author_id, parent_id, idea_id) FROM STDIN"
        ) as copy:
            for (idea_id, created, _state, _hidden, _open, _author), k in plan:
                replyable = []  # (id, depth) of comments on this idea with room for a reply
                moment = created
                for j in range(k):
                    moment = moment + datetime.timedelta(minutes=rng.randint(5, 600))
                    parent_id, depth = None, 0
                    if j > 0:
                        if slot in reply_slots:
                            parent_id, parent_depth = rng.choice(replyable)
                            depth = parent_depth + 1
                        slot += 1
                    is_measured = idea_id == measured[0]
                    deleted = moment if not is_measured and rng.random() < 0.01 else None
                    hidden = not is_measured and rng.random() < 0.003
                    copy.write_row((
                        next_id, depth, "", "", " ".join(rng.sample(COMMENT_SENTENCES, rng.randint(1, 3))),
                        "hidden" if hidden else "published", "Verstößt gegen die Netiquette." if hidden else "",
                        moment, deleted, rng.choice(users), parent_id, idea_id,
                    ))
                    if depth < 2:
                        replyable.append((next_id, depth))
                    next_id += 1

    def finish(self, cursor):
        cursor.execute("""
            UPDATE participation_idea i SET support_count = s.n
            FROM (SELECT idea_id, COUNT(*) AS n FROM participation_support GROUP BY idea_id) s
            WHERE s.idea_id = i.id
        """)
        cursor.execute("""
            UPDATE participation_idea i SET comment_count = c.n
            FROM (SELECT idea_id, COUNT(*) AS n FROM participation_comment
                  WHERE idea_id IS NOT NULL AND moderation = 'published' AND deleted_at IS NULL
                  GROUP BY idea_id) c
            WHERE c.idea_id = i.id
        """)
        for table in ("accounts_user", "account_emailaddress", "participation_idea", "participation_support",
                      "participation_comment"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )


def counts():
    from django.db import connection

    queries = {
        "Konten": "SELECT COUNT(*) FROM accounts_user",
        "Verfahren": "SELECT COUNT(*) FROM participation_process",
        "Ideen": "SELECT COUNT(*) FROM participation_idea",
        "Unterstützungen": "SELECT COUNT(*) FROM participation_support",
        "Kommentare": "SELECT COUNT(*) FROM participation_comment",
        "davon Antworten": "SELECT COUNT(*) FROM participation_comment WHERE parent_id IS NOT NULL",
        "max. Kommentare einer Idee":
            "SELECT MAX(n) FROM (SELECT COUNT(*) n FROM participation_comment GROUP BY idea_id) x",
        "max. Unterstützungen einer Idee": "SELECT MAX(support_count) FROM participation_idea",
    }
    with connection.cursor() as cursor:
        result = {}
        for label, sql in queries.items():
            cursor.execute(sql)
            result[label] = cursor.fetchone()[0]
    return result


def check_counters():
    """Every idea's counters equal the rows (what the benchmark verifies again after the burst)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT COUNT(*) FROM participation_idea i
            WHERE i.support_count <> (SELECT COUNT(*) FROM participation_support s WHERE s.idea_id = i.id)
               OR i.comment_count <> (SELECT COUNT(*) FROM participation_comment c WHERE c.idea_id = i.id
                                       AND c.moderation = 'published' AND c.deleted_at IS NULL)
        """)
        return cursor.fetchone()[0]


def is_generated():
    from modellstadt.ideas.models import Idea

    return Idea.objects.exists()


def main(argv=None):
    args = parse_args(argv)
    url = database_url(args.preset)
    if args.reset:
        common.drop_database(url)
    if common.create_database(url):
        print(f"Datenbank {common.database_name(url)} angelegt.", flush=True)
    started = time.monotonic()
    env = {**os.environ, **common.django_environment(url, page_cache_seconds=0)}
    import subprocess

    subprocess.run([str(common.BIN / "modellstadt"), "migrate", "--no-input", "-v", "0"], env=env, check=True)
    print(f"Migriert ({time.monotonic() - started:.1f} s).", flush=True)
    common.setup_django(url, PAGE_CACHE_SECONDS=0,
                        STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage")
    if is_generated():
        if args.if_missing:
            print(f"Preset {args.preset} ist schon erzeugt.", flush=True)
            return
        sys.exit("Die Datenbank enthält schon Ideen; mit --reset neu erzeugen.")
    started = time.monotonic()
    print(f"Erzeuge Preset {args.preset} (Seed {args.seed}) …", flush=True)
    generator = Generator(args.preset, args.seed)
    generator.run()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"Fertig in {time.monotonic() - started:.1f} s.", flush=True)
    for label, n in counts().items():
        print(f"  {label}: {n:,}".replace(",", "."), flush=True)
    wrong = check_counters()
    print(f"  Ideen mit falschem Zähler: {wrong}", flush=True)
    if wrong:
        sys.exit(1)


if __name__ == "__main__":
    main()
