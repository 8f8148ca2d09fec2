"""Demo data of the partner area: a partner representative, letters of support and pledges.

For the Bitkom/DStGB competition "Digitale Stadt" (deadline 15 March 2017) the city collected letters
of support from local and regional partners (source: ../shared/DOMAIN.md, bitkom.org). Which demo
organisation wrote which letter, on which day, who signed and what each partner pledged is invented:
every such row carries an assumption note (``editorial_note``) that the office sees in the back office.

Idempotent: letters are found again by organisation, date and signatory, pledges by organisation, kind
and description; the representative by username. Loading twice creates nothing twice and never
replaces a stored PDF.
"""

import datetime
import io
import os
import secrets
import uuid
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from modellstadt.demo.content import organisations as orgs
from modellstadt.demo.content.schema import DEMO_NOTE
from modellstadt.partners.models import Membership, MembershipState, Organisation, Pledge, SupportLetter
from modellstadt.partners.uploads import letter_storage

ASSUMPTION = (
    "Annahme: " + DEMO_NOTE + " Datum, Unterzeichnung und Inhalt sind erfunden; belegt ist nur, dass für den "
    "Wettbewerb „Digitale Stadt“ Unterstützungsschreiben lokaler Partner verlangt waren (bitkom.org)."
)
PLEDGE_ASSUMPTION = "Annahme: " + DEMO_NOTE + " Art, Umfang und geschätzter Wert der Zusage sind erfunden."

REPRESENTATIVE = "partner-stadtwerke"
REPRESENTATIVE_NAME = "Vertretung Stadtwerke Wolfsburg (Demo)"
REPRESENTATIVE_EMAIL = "partner-stadtwerke@example.org"
REPRESENTATIVE_ORG = orgs.STADTWERKE

# (organisation, date, signatory role, may be shown publicly)
LETTERS = [
    (orgs.STADTWERKE, datetime.date(2017, 2, 14), "Vorstand", True),
    (orgs.STADTWERKE, datetime.date(2017, 3, 6), "Bereich Netze, Leitung", False),
    (orgs.WOBCOM, datetime.date(2017, 2, 20), "Geschäftsführung", True),
    (orgs.KLINIKUM, datetime.date(2017, 2, 27), "Geschäftsführung", True),
    (orgs.WOLFSBURG_AG, datetime.date(2017, 1, 30), "Vorstand", True),
    (orgs.WMG, datetime.date(2017, 2, 2), "Geschäftsführung", True),
    (orgs.WVG, datetime.date(2017, 2, 9), "Geschäftsführung", False),
    (orgs.NEULAND, datetime.date(2017, 2, 16), "Geschäftsführung", True),
    (orgs.WAS, datetime.date(2017, 3, 1), "Betriebsleitung", False),
    (orgs.OSTFALIA, datetime.date(2017, 1, 24), "Präsidium", True),
    (orgs.TU_BS, datetime.date(2017, 2, 7), "Präsidium", True),
    (orgs.DLR, datetime.date(2017, 2, 22), "Institutsleitung", True),
    (orgs.VHS, datetime.date(2017, 2, 28), "Leitung", False),
    (orgs.LIBRARY, datetime.date(2017, 3, 2), "Leitung", False),
    (orgs.IHK, datetime.date(2017, 2, 13), "Hauptgeschäftsführung", True),
    (orgs.AUTOSTADT, datetime.date(2017, 2, 21), "Geschäftsführung", True),
    (orgs.PHAENO, datetime.date(2017, 3, 3), "Direktion", False),
    (orgs.DATENWERK, datetime.date(2016, 12, 19), "Geschäftsführung", True),
    (orgs.ALLERDIGITAL, datetime.date(2017, 1, 12), "Gründerteam", True),
    (orgs.LADENETZ, datetime.date(2017, 1, 18), "Geschäftsführung", True),
    (orgs.KANALHAFEN, datetime.date(2017, 2, 1), "Geschäftsführung", False),
    (orgs.WERKHALLE, datetime.date(2017, 2, 8), "Vorstand der Genossenschaft", True),
    (orgs.TRADERS, datetime.date(2017, 2, 15), "Vorstand", True),
    (orgs.OPEN_DATA_CLUB, datetime.date(2016, 12, 12), "Vorstand", True),
    (orgs.CARE, datetime.date(2017, 3, 7), "Geschäftsführung", False),
]

# (organisation, kind, description, estimated value in EUR or None, field numbers, project titles)
PLEDGES = [
    (orgs.STADTWERKE, "data", "Verbrauchs- und Netzdaten in anonymisierter Form für die urbane Datenplattform.",
     Decimal("40000"), [2], ["Urbane Datenplattform"]),
    (orgs.STADTWERKE, "staff_time", "Zwei Fachleute aus dem Bereich Netze für ein Jahr zur Hälfte ihrer Zeit.",
     Decimal("90000"), [3, 5], []),
    (orgs.WOBCOM, "service", "Planung und Betrieb des öffentlichen WLANs an zentralen Plätzen für drei Jahre.",
     Decimal("250000"), [3], ["Öffentliches WLAN in der Innenstadt"]),
    (orgs.WOBCOM, "goods", "Gateways und Sensoren für ein LoRaWAN-Testnetz.", Decimal("35000"), [3],
     ["LoRaWAN-Funknetz für Sensoren"]),
    (orgs.WVG, "data", "Soll- und Ist-Fahrplandaten als offene Schnittstelle.", Decimal("15000"), [2],
     ["Echtzeit-Fahrplandaten"]),
    (orgs.WOLFSBURG_AG, "money", "Zuschuss für Gründungswettbewerbe im Feld Software und IT.", Decimal("100000"),
     [6], []),
    (orgs.OSTFALIA, "staff_time", "Wissenschaftliche Begleitung des Reallabors durch eine Promotionsstelle.",
     Decimal("70000"), [4], []),
    (orgs.TU_BS, "service", "Auswertung von Mobilitätsdaten in studentischen Projekten.", None, [4, 5], []),
    (orgs.DLR, "service", "Messfahrten und Beratung für das Testfeld automatisiertes Fahren.", Decimal("120000"),
     [4], []),
    (orgs.IHK, "service", "Sprechstunden zur Digitalisierung für kleine und mittlere Unternehmen.",
     Decimal("12000"), [6], []),
    (orgs.DATENWERK, "service", "Schnittstellen-Entwicklung für die Datenplattform als Open Source.",
     Decimal("60000"), [2], ["Urbane Datenplattform", "Offene Daten Wolfsburg"]),
    (orgs.LADENETZ, "goods", "Zehn Ladepunkte für ein Quartier im Reallabor.", Decimal("80000"), [5], []),
    (orgs.OPEN_DATA_CLUB, "staff_time", "Ehrenamtliche Workshops zu offenen Daten an Schulen.", Decimal("5000"),
     [2], ["Offene Daten Wolfsburg"]),
    (orgs.VHS, "service", "Kurse „Digital im Alltag“ für ältere Menschen.", Decimal("8000"), [1], []),
    (orgs.TRADERS, "data", "Frequenzzählungen der Innenstadt für ein Dashboard des Handels.", None, [6], []),
]

CALL_SLUG_PART = "digitale-stadt"
DEMO_NAMESPACE = uuid.UUID("6f1c2a4e-2d0b-4f5e-9a51-7d3c8e0b4a21")


def letter_pdf(organisation_name, date, signatory):
    """A one-page PDF "Unterstützungsschreiben" (through core.documents, so tagged), marked as demo content."""
    from django.utils.html import format_html

    from modellstadt.core.documents import Document, render_pdf
    from modellstadt.core.formatting import format_date

    body = format_html(
        '<section class="letter"><p>{}</p><p>Wolfsburg, {}</p>'
        "<h1>Unterstützungsschreiben</h1>"
        "<p>Wettbewerb „Digitale Stadt“ von Bitkom und Deutschem Städte- und Gemeindebund</p>"
        "<p>Hiermit unterstützen wir die Bewerbung der Stadt Wolfsburg im Wettbewerb „Digitale Stadt“ "
        "und sagen unsere Mitwirkung an den Projekten von #WolfsburgDigital zu.</p>"
        '<p>{}</p><p class="small">Demo-Dokument: Inhalt, Datum und Unterzeichnung sind erfunden.</p></section>',
        organisation_name, format_date(date, language="de"), signatory,
    )
    return render_pdf(Document(
        title=f"Unterstützungsschreiben {organisation_name}", body_html=body, language="de",
        header=organisation_name, author=organisation_name,
        stylesheets=[".letter h1 { break-before: auto; margin-top: 1cm; }"],
    ))


def _call():
    from modellstadt.dossier.models import Call

    return Call.objects.filter(slug__contains=CALL_SLUG_PART).order_by("pk").first()


def _representative(organisation):
    """The demo representative with an approved membership; returns (user, login entry)."""
    from modellstadt.demo.loader import LOGIN_FILE_NAME, PASSWORD_ENV, read_login_file, write_login_file

    User = get_user_model()
    env_password = os.environ.get(PASSWORD_ENV, "")
    stored = read_login_file()
    stored_before = dict(stored)
    user, created = User.objects.get_or_create(
        username=REPRESENTATIVE,
        defaults={"display_name": REPRESENTATIVE_NAME, "email": REPRESENTATIVE_EMAIL, "is_active": True},
    )
    if created:
        if env_password:
            user.set_password(env_password)
            stored.pop(REPRESENTATIVE, None)
        else:
            stored.setdefault(REPRESENTATIVE, secrets.token_urlsafe(12))
            user.set_password(stored[REPRESENTATIVE])
        user.save()
        if stored != stored_before:
            write_login_file(stored)
    EmailAddress.objects.update_or_create(
        user=user, email=REPRESENTATIVE_EMAIL, defaults={"verified": True, "primary": True}
    )
    office = User.objects.filter(username="programmbuero").first()
    if not Membership.objects.filter(user=user, organisation=organisation, state=MembershipState.APPROVED).exists():
        Membership.objects.filter(user=user, organisation=organisation, state=MembershipState.REQUESTED).delete()
        Membership.objects.create(
            user=user, organisation=organisation, state=MembershipState.APPROVED,
            message="Demo: Vertretung der Stadtwerke im Partnerbereich.", decided_by=office,
            decided_at=timezone.now(),
        )
    if REPRESENTATIVE in stored:
        login = (REPRESENTATIVE, stored[REPRESENTATIVE])
    elif env_password:
        login = (REPRESENTATIVE, f"(wie in {PASSWORD_ENV} gesetzt)")
    else:
        login = (REPRESENTATIVE, f"(unverändert, nicht in {LOGIN_FILE_NAME})")
    return user, login


def _letters(by_name, representative, rep_org, call):
    created = 0
    for name, date, signatory, public in LETTERS:
        organisation = by_name.get(name)
        if organisation is None:
            continue
        letter = SupportLetter.objects.filter(organisation=organisation, date=date, signatory=signatory).first()
        if letter is None:
            # A stable random-looking name: loading again (or the demo tests) reuses the file on disk.
            stored = f"{uuid.uuid5(DEMO_NAMESPACE, f'{name}|{date}|{signatory}').hex}.pdf"
            written = not letter_storage.exists(stored)
            if written:
                letter_storage.save(stored, io.BytesIO(letter_pdf(name, date, signatory)))
            try:
                letter = SupportLetter.objects.create(
                    organisation=organisation, date=date, signatory=signatory, public=public, file=stored,
                    page_count=1, original_name=f"unterstuetzungsschreiben-{organisation.slug}.pdf",
                    uploaded_by=representative if organisation == rep_org else None, editorial_note=ASSUMPTION,
                )
            except BaseException:
                if written:
                    letter_storage.delete(stored)
                raise
            created += 1
        if call is not None:
            letter.calls.add(call)
    return created


def _pledges(by_name, representative, rep_org, call):
    from modellstadt.projects.models import ProjectPage
    from modellstadt.strategy.models import CooperationFieldPage

    for name, kind, description, value, field_numbers, project_titles in PLEDGES:
        organisation = by_name.get(name)
        if organisation is None:
            continue
        pledge, _created = Pledge.objects.update_or_create(
            organisation=organisation, kind=kind, description=description,
            defaults={"estimated_value_eur": value, "editorial_note": PLEDGE_ASSUMPTION},
        )
        if _created and organisation == rep_org:
            pledge.created_by = representative
            pledge.save(update_fields=["created_by"])
        pledge.fields.set(CooperationFieldPage.objects.filter(number__in=field_numbers))
        pledge.projects.set(ProjectPage.objects.filter(title__in=project_titles))
        if call is not None:
            pledge.calls.add(call)


def load_partner_area_demo():
    """Loads the partner area's demo data; returns [(username, password or hint)] for the login list."""
    names = {row[0] for row in LETTERS} | {row[0] for row in PLEDGES} | {REPRESENTATIVE_ORG}
    by_name = {o.name: o for o in Organisation.objects.filter(name__in=names)}
    rep_org = by_name.get(REPRESENTATIVE_ORG)
    if rep_org is None:
        return []
    representative, login = _representative(rep_org)
    call = _call()
    _letters(by_name, representative, rep_org, call)
    _pledges(by_name, representative, rep_org, call)
    # Organisations whose letter may be shown publicly also consent to be named (demo assumption).
    Organisation.objects.filter(
        pk__in=[by_name[name].pk for name, _d, _s, public in LETTERS if public and name in by_name],
        public_supporter=False,
    ).update(public_supporter=True, public_supporter_since=timezone.now())
    return [login]
