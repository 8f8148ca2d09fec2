"""Generate the large city plus a competition dossier for the dossier benchmark (PostgreSQL only).

    .venv/bin/python bench/dossier_generate.py            # create/migrate, large city + dossier data once
    .venv/bin/python bench/dossier_generate.py --reset    # drop the database and generate everything again

Own database ``modellstadt_bench_dossier`` on ``127.0.0.1:5432`` (another one with
``BENCH_DATABASE_URL``; its name must contain "bench") and own var directory ``var/bench-dossier/``
(private letter files, exports, collected static files). Neither the portal benchmark's database nor
the demo is touched.

1. The large city exactly as ``bench/generate.py`` builds it (its functions are reused: 10 fields,
   500 projects, 300 organisations, 1,000 news posts, 5,000 milestones/updates, bodies, 200 decisions).
2. The office account ``programmbuero`` in the group "Programmbüro" (``accounts.roles``).
3. The Bitkom call "Digitale Stadt" with its ten themes, requirements, criteria and deadlines and the
   dossier texts, loaded by ``demo.dossier`` (``load_call``, ``load_dossier``). Each theme is mapped
   onto one or two of the large city's fields and onto **all** projects of those fields (≈ 550
   project rows over the ten themes – an upper bound).
4. 300 letters of support, one per organisation: real PDFs of one or two pages generated with
   ReportLab, stored with the app's private ``letter_storage`` under a random name (as
   ``partners.services.create_letter`` stores them), ``page_count`` recorded, about half public,
   all linked to the call.
5. 500 pledges of the 300 organisations (every kind, with values), linked to the call.

Deterministic for a given seed (except the random stored file names).
"""

import argparse
import datetime
import io
import os
import random
import sys
import time
from decimal import Decimal

import common

ROOT = common.ROOT
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/modellstadt_bench_dossier"
VAR_DIR = ROOT / "var" / "bench-dossier"
SEED = 2026
LETTERS = 300
PLEDGES = 500
OFFICE_USER = "programmbuero"

# Bitkom theme number -> numbers of the large city's fields (bench/generate.py FIELDS order).
THEME_FIELDS = {
    1: [10],     # IT-Infrastruktur -> Daten und Infrastruktur
    2: [5],      # Verwaltung -> Digitale Verwaltung
    3: [7, 8],   # Gesellschaft -> Wohnen und Quartiere, Kultur, Sport und Freizeit
    4: [1],      # Mobilität -> Mobilität und Verkehr
    5: [2],      # Energie und Umwelt -> Energie und Klima
    6: [4],      # Gesundheit -> Gesundheit und Pflege
    7: [6],      # Handel -> Wirtschaft und Arbeit
    8: [9],      # Sicherheit -> Sicherheit und Katastrophenschutz
    9: [10],     # Datenplattform -> Daten und Infrastruktur
    10: [3],     # Bildung -> Bildung und Schule
}
PLEDGE_TEXTS = {
    "service": ["Beratung bei der Ausschreibung", "Betrieb der Plattform für zwei Jahre", "Schulungen für Lehrkräfte",
                "Wartung der Sensorik", "Entwicklung einer Schnittstelle"],
    "goods": ["20 Ladesäulen", "Sensoren für 50 Messpunkte", "100 Tablets", "Serverkapazität im Rechenzentrum",
              "Lastenräder für den Lieferdienst"],
    "staff_time": ["Eine halbe Stelle für das Programmbüro", "Zehn Personentage je Quartal",
                   "Mitarbeit im Feldteam", "Projektleitung im Pilot"],
    "money": ["Zuschuss zum Pilotbetrieb", "Kofinanzierung des Förderantrags", "Preisgeld des Hackathons"],
    "data": ["Fahrplandaten in Echtzeit", "Verbrauchsdaten der Liegenschaften", "Belegungsdaten der Parkhäuser",
             "Messdaten des Pegelnetzes"],
}


def setup_environment():
    """Own database and var directory, before anything of generate.py/common.py reads them."""
    os.environ.setdefault("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    common.VAR_DIR = VAR_DIR
    os.environ.setdefault("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private"))
    return common.database_url()


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reset", action="store_true", help="drop the database and generate everything again")
    parser.add_argument("--if-missing", action="store_true", help="do nothing if already generated")
    parser.add_argument("--seed", type=int, default=SEED)
    return parser.parse_args(argv)


def letter_pdf(rng, organisation, date, signatory, pages):
    """A real one- or two-page "Unterstützungsschreiben" PDF (ReportLab platypus)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

    import generate

    text = generate.Text(rng)
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=2.5 * cm, rightMargin=2 * cm, topMargin=2.5 * cm,
                            bottomMargin=2 * cm, title=f"Unterstützungsschreiben {organisation.name}",
                            author=organisation.name)
    story = [
        Paragraph(f"<b>{organisation.name}</b>", styles["Title"]),
        Paragraph(f"Großstadt, {date:%d.%m.%Y}", styles["Normal"]), Spacer(1, 0.8 * cm),
        Paragraph("An das Programmbüro Großstadt Digital", styles["Normal"]), Spacer(1, 0.8 * cm),
        Paragraph("<b>Unterstützungsschreiben zum Wettbewerb „Digitale Stadt“ von Bitkom und DStGB</b>",
                  styles["Normal"]), Spacer(1, 0.5 * cm),
        Paragraph("Sehr geehrte Damen und Herren,", styles["Normal"]), Spacer(1, 0.3 * cm),
    ]
    for _ in range(rng.randint(3, 5)):
        story += [Paragraph(text.paragraph((3, 6)), styles["BodyText"])]
    if pages == 2:
        story.append(PageBreak())
        story.append(Paragraph("<b>Unser Beitrag im Einzelnen</b>", styles["Heading2"]))
        for _ in range(rng.randint(4, 7)):
            story.append(Paragraph(text.paragraph((3, 6)), styles["BodyText"]))
    story += [Spacer(1, 0.8 * cm), Paragraph("Mit freundlichen Grüßen", styles["Normal"]), Spacer(1, 1.2 * cm),
              Paragraph(signatory, styles["Normal"]),
              Spacer(1, 0.8 * cm), Paragraph("<i>Lasttest-Dokument: Inhalt und Unterschrift sind erfunden.</i>",
                                             styles["Italic"])]
    doc.build(story)
    return buffer.getvalue()


def office_account(home):
    from django.contrib.auth import get_user_model

    from modellstadt.accounts.roles import ensure_office_group

    group = ensure_office_group(home)
    user, _created = get_user_model().objects.get_or_create(
        username=OFFICE_USER,
        defaults={"display_name": "Programmbüro", "email": "programmbuero@example.org", "is_active": True},
    )
    user.set_unusable_password()
    user.save()
    user.groups.add(group)
    ensure_totp(user)
    return user


def ensure_totp(user):
    """Back-office accounts must have an authenticator app in production (StaffTwoFactorMiddleware);
    the office account gets one, as a real office account would have."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())


def call_and_dossier():
    from modellstadt.demo.dossier import load_call, load_dossier
    from modellstadt.dossier.models import ThemeMapping
    from modellstadt.projects.models import ProjectPage
    from modellstadt.strategy.models import CooperationFieldPage

    call, themes = load_call()
    fields = {f.number: f for f in CooperationFieldPage.objects.all()}
    mapped = 0
    for number, theme in themes.items():
        mapping, _created = ThemeMapping.objects.get_or_create(theme=theme)
        chosen = [fields[n] for n in THEME_FIELDS[number]]
        projects = list(ProjectPage.objects.filter(field__in=chosen).values_list("pk", flat=True))
        mapping.fields.set(chosen)
        mapping.projects.set(projects)
        mapped += len(projects)
    dossier, _changed = load_dossier(call, themes)
    return call, dossier, mapped


def letters(rng, call, office):
    from modellstadt.partners.models import Organisation, SupportLetter, letter_file_name
    from modellstadt.partners.uploads import letter_storage

    organisations = list(Organisation.objects.order_by("pk"))[:LETTERS]
    rows, written, total_bytes = [], [], 0
    try:
        for n, organisation in enumerate(organisations):
            date = datetime.date(2017, 1, 9) + datetime.timedelta(days=rng.randint(0, 60))
            title = rng.choice(["Dr. ", "", "", "Prof. "])
            first = rng.choice(["Anna", "Jonas", "Katrin", "Mehmet", "Sabine", "Thomas"])
            last = rng.choice(["Becker", "Schulz", "Hoffmann", "Krüger", "Wagner", "Neumann"])
            signatory = f"{title}{first} {last}, Geschäftsführung"
            pages = rng.choice([1, 1, 2])
            data = letter_pdf(rng, organisation, date, signatory, pages)
            total_bytes += len(data)
            stored = letter_storage.save(letter_file_name(None, "schreiben.pdf"), io.BytesIO(data))
            written.append(stored)
            rows.append(SupportLetter(
                organisation=organisation, file=stored, original_name=f"unterstuetzung-{organisation.slug}.pdf",
                page_count=pages, date=date, signatory=signatory, public=rng.random() < 0.5,
                uploaded_by=office, editorial_note="Lasttest (bench/dossier_generate.py)",
            ))
            if (n + 1) % 100 == 0:
                print(f"    {n + 1} Schreiben …", flush=True)
        created = SupportLetter.objects.bulk_create(rows)
        SupportLetter.calls.through.objects.bulk_create(
            SupportLetter.calls.through(supportletter=letter, call=call) for letter in created
        )
    except BaseException:
        for name in written:
            letter_storage.delete(name)
        raise
    return len(created), sum(1 for r in rows if r.public), sum(r.page_count for r in rows), total_bytes


def pledges(rng, call, office):
    from modellstadt.partners.models import Organisation, Pledge, PledgeKind

    organisations = list(Organisation.objects.order_by("pk"))
    # every organisation gets at least one pledge until there are 300, then random ones (heavy-tailed)
    owners = organisations[:PLEDGES] + [rng.choice(organisations[:60]) for _ in range(PLEDGES - len(organisations))]
    rows = []
    base = datetime.datetime(2017, 1, 9, 9, tzinfo=datetime.UTC)
    for n, organisation in enumerate(owners):
        kind = rng.choice(PledgeKind.values)
        value = None if rng.random() < 0.1 else Decimal(rng.choice([500, 1500, 5000, 12000, 25000, 80000, 250000]))
        rows.append(Pledge(
            organisation=organisation, kind=kind,
            description=f"{rng.choice(PLEDGE_TEXTS[kind])} – {generate_sentence(rng)}",
            estimated_value_eur=value, created_by=office, created=base + datetime.timedelta(hours=n),
        ))
    created = Pledge.objects.bulk_create(rows)
    Pledge.calls.through.objects.bulk_create(Pledge.calls.through(pledge=p, call=call) for p in created)
    return len(created), len({p.organisation_id for p in created})


def generate_sentence(rng):
    import generate

    return generate.Text(rng).sentence()


def is_generated():
    from modellstadt.demo.dossier import CALL_SLUG
    from modellstadt.partners.models import Pledge, SupportLetter

    return SupportLetter.objects.filter(calls__slug=CALL_SLUG).count() >= LETTERS and \
        Pledge.objects.filter(calls__slug=CALL_SLUG).count() >= PLEDGES


def main(argv=None):
    args = parse_args(argv)
    setup_environment()
    import generate

    if args.reset:
        import shutil

        shutil.rmtree(VAR_DIR / "private", ignore_errors=True)  # letter files and exports of the old data
    # 1. the large city (creates, migrates, fills once; later runs skip it)
    generate.main(["--if-missing", "--seed", str(args.seed)] + (["--reset"] if args.reset else []))
    from django.db import transaction

    from modellstadt.strategy.models import HomePage

    if is_generated():
        if args.if_missing:
            print("Das Bewerbungsdossier ist schon erzeugt.", flush=True)
            return
        sys.exit("Die Datenbank enthält die Dossier-Daten schon; mit --reset neu erzeugen.")
    rng = random.Random(args.seed + 1)
    started = time.monotonic()
    print("Erzeuge Ausschreibung, Dossier, Schreiben und Zusagen …", flush=True)
    with transaction.atomic():
        home = HomePage.objects.first()
        office = office_account(home)
        call, dossier, mapped = call_and_dossier()
        print(f"  Ausschreibung „{call.title}“, Dossier {dossier.pk}, {mapped} Projektzuordnungen", flush=True)
        n_letters, n_public, n_pages, n_bytes = letters(rng, call, office)
        print(f"  {n_letters} Schreiben ({n_public} öffentlich, {n_pages} Seiten, {n_bytes / 1e6:.1f} MB PDF)",
              flush=True)
        n_pledges, n_orgs = pledges(rng, call, office)
        print(f"  {n_pledges} Zusagen von {n_orgs} Organisationen", flush=True)
    generate.analyze()
    print(f"Fertig in {time.monotonic() - started:.1f} s.", flush=True)


if __name__ == "__main__":
    main()
