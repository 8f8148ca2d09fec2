"""The home page (the initiative), the section intros, the legal pages and the Leichte Sprache page."""

from datetime import date

from modellstadt.demo.content import sources
from modellstadt.demo.content.schema import DemoUser, one_sentence_per_paragraph, sourced
from modellstadt.portal.legal_texts import CityDetails, privacy_statement, terms_of_use

CITY = "Wolfsburg"
PROGRAMME = "#WolfsburgDigital"
REVIEWED = date(2025, 1, 15)  # "Stand" of the legal pages
CONTACT = "programmbuero@example.org"
ACCESSIBILITY_CONTACT = "barrierefreiheit@example.org"

HOME = {
    "title": PROGRAMME,
    "city": CITY,
    "programme_name": PROGRAMME,
    "population": 125000,
    "lead_unit": "Team Digitalisierung im Geschäftsbereich Stadtentwicklung",
    "tagline": "Stadt und Volkswagen gestalten gemeinsam eine digitale Modellstadt.",
    "vision": (
        "Wolfsburg will eine **digitale Modellstadt** werden: Digitale Dienste sollen das Leben der "
        "Menschen einfacher machen und die Stadt als Wirtschaftsstandort für die Zukunft stärken.\n\n"
        "Dazu arbeiten Stadtverwaltung, Volkswagen AG, städtische Gesellschaften, Hochschulen, Unternehmen und "
        "Vereine in **zehn Kooperationsfeldern** zusammen. In jedem Feld entstehen Projekte, die "
        "Bürgerinnen und Bürgern und der lokalen Wirtschaft einen konkreten Nutzen bringen müssen. Schon zu "
        "Beginn kamen 75 Projekte und Ideen zusammen.\n\n"
        "Alle in der Stadt sind eingeladen, das Programm mitzugestalten: Ideen einbringen, Projekte "
        "kommentieren, mitreden."
    ),
    "mou_title": "Absichtserklärung (Memorandum of Understanding) #WolfsburgDigital",
    "mou_parties": "Stadt Wolfsburg und Volkswagen AG",
    "mou_signed_on": date(2016, 12, 5),
    "mou_text": (
        "Am 5. Dezember 2016 haben die Stadt Wolfsburg und die Volkswagen AG vereinbart, Wolfsburg gemeinsam zu "
        "einer digitalen Modellstadt zu entwickeln. Die Vereinbarung gilt **drei Jahre**.\n\n"
        "Der Rat der Stadt hat sie am **22. Februar 2017** als Leitlinie der Digitalstrategie der Stadt "
        "beschlossen."
    ),
    "editorial_note": sourced(
        sources.WOLFSBURGDIGITAL, sources.MICROSITE, sources.PROJECT_STATUS,
        detail="Einwohnerzahl: rund 125.000, gerundeter Näherungswert ohne zitierte Quelle – vor Veröffentlichung "
        "mit der amtlichen Statistik abgleichen. Leitsatz und Formulierungen: Demo-Inhalt.",
    ),
}

GOALS = [
    ("Lebensqualität durch digitale Dienste",
     "Digitale Angebote, die sich an den Bedürfnissen der Menschen orientieren und den Alltag in Wolfsburg "
     "einfacher machen."),
    ("Zukunftsfester Wirtschaftsstandort",
     "Arbeitsplätze der Zukunft sichern und Wolfsburg für Fachkräfte attraktiv machen."),
]

FIELD_INDEX_INTRO = (
    "#WolfsburgDigital ist in **zehn Kooperationsfelder** gegliedert. Jedes Feld beschreibt, wo die Stadt heute "
    "steht (Ist-Zustand) und wohin sie will (Vision), und wird von einer Person oder einem Partner geleitet.\n\n"
    "Acht Feldnamen sind durch öffentliche Quellen belegt. Die Namen der Felder 9 und 10 sind in dieser Demo "
    "eine Annahme und entsprechend gekennzeichnet."
)
PROJECT_INDEX_INTRO = (
    "Alle Projekte aus den zehn Kooperationsfeldern – von der Idee bis zum Regelbetrieb. Filtern Sie nach Feld "
    "oder Status; jedes Projekt zeigt seinen Nutzen für Bürgerschaft und Wirtschaft, Partner, Meilensteine "
    "und Neuigkeiten."
)
PARTNER_INDEX_INTRO = (
    "#WolfsburgDigital lebt von seinem Netzwerk: Verwaltung und Rat, städtische Gesellschaften, Unternehmen, "
    "Hochschulen und Forschung, Vereine und Verbände. Hier finden Sie alle beteiligten Organisationen und ihre "
    "Projekte."
)
NEWS_INDEX_INTRO = (
    "Neuigkeiten aus dem Programm, den Feldern und den Projekten. Sie können die Nachrichten auch als Feed "
    "abonnieren."
)

GOVERNANCE_INTRO = (
    "#WolfsburgDigital wird von Stadt und Volkswagen AG gemeinsam gesteuert. Drei Ebenen greifen ineinander: "
    "der **Steuerkreis** für die strategische Richtung, das **Kernteam** für Entscheidungen über Ideen und "
    "Projekte und das **Programmbüro (PMO)**, das die Arbeit organisiert. In jedem Kooperationsfeld gibt es "
    "eine Feldleitung und ein Feldteam.\n\n"
    "Die Mitglieder sind hier mit ihrer Funktion genannt."
)
GOVERNANCE_DECISION_FLOW = (
    "1. **Ideen** entstehen in den Feldern, in Projekten und aus der Bürgerschaft. Das Programmbüro nimmt sie "
    "auf und bereitet sie mit der Feldleitung vor.\n"
    "2. Das **Kernteam** bewertet jede Idee nach Nutzen für Bürgerschaft und Wirtschaft, Machbarkeit und Kosten "
    "und entscheidet, ob daraus ein Projekt wird.\n"
    "3. Der **Steuerkreis** gibt die strategische Richtung vor, setzt Schwerpunkte und entscheidet über große "
    "Budgets.\n"
    "4. Das **Programmbüro** organisiert Sitzungen, hält das Projektportfolio aktuell, berichtet dem Rat und "
    "veröffentlicht Beschlüsse auf diesem Portal."
)

EASY_LANGUAGE = one_sentence_per_paragraph(
    "## Was ist #WolfsburgDigital?\n\n"
    "Wolfsburg ist eine Stadt in Niedersachsen.\n"
    "Wolfsburg will eine digitale Stadt werden.\n"
    "Digital heißt: mit Computern und mit dem Internet.\n\n"
    "Die Stadt macht das zusammen mit der Firma Volkswagen.\n"
    "Viele andere helfen mit.\n"
    "Zum Beispiel: Schulen, Firmen und Vereine.\n\n"
    "## Was will #WolfsburgDigital?\n\n"
    "Das Programm hat 2 Ziele:\n\n"
    "- Das Leben in Wolfsburg soll leichter werden.\n"
    "- Es soll gute Arbeit in Wolfsburg geben. Auch in der Zukunft.\n\n"
    "## Die 10 Themen\n\n"
    "Das Programm hat 10 Themen.\n"
    "Zum Beispiel: schnelles Internet, Elektro-Autos und Online-Anträge.\n"
    "Zu jedem Thema gibt es Projekte.\n"
    "Ein Projekt ist eine Aufgabe mit einem Ziel.\n\n"
    "## Was finden Sie auf dieser Internet-Seite?\n\n"
    "- Alle Themen und Projekte.\n"
    "- Wer mitmacht.\n"
    "- Wer entscheidet.\n"
    "- Neuigkeiten.\n\n"
    "## Sie können mitmachen\n\n"
    "Haben Sie eine Idee für Wolfsburg?\n"
    "Dann schreiben Sie Ihre Idee auf dieser Internet-Seite auf.\n"
    "Klicken Sie dafür oben auf: Beteiligung.\n"
    "Oder lesen Sie weiter unten: Jetzt mitmachen.\n"
    "Dafür brauchen Sie ein Konto.\n"
    "Die Stadt liest jede Idee.\n"
    "Die Stadt schreibt eine Antwort zu jeder Idee.\n\n"
    "Haben Sie eine Frage?\n"
    "Dann schreiben Sie uns eine E-Mail.\n"
    f"Die Adresse ist: {CONTACT}\n\n"
    "## Wichtig\n\n"
    "Diese Internet-Seite ist ein Beispiel.\n"
    "Einige Texte sind ausgedacht.\n\n"
    "Unten auf dieser Seite finden Sie kurze Texte zu den Themen und Projekten in Leichter Sprache."
)

IMPRESSUM = (
    "## Demo-Installation\n\n"
    "Diese Website ist eine **Demonstration der Software Modellstadt**. Sie zeigt das Programm "
    "#WolfsburgDigital als Beispiel. Die Inhalte beruhen teilweise auf öffentlichen Quellen und sind im "
    "Übrigen erfunden. Die Website ist **kein Angebot der Stadt Wolfsburg oder der Volkswagen AG**.\n\n"
    "## Angaben gemäß § 5 DDG\n\n"
    "Betreiber der Demo-Installation:  \n"
    "[Name bzw. Firma des Betreibers]  \n"
    "[Straße und Hausnummer]  \n"
    "[Postleitzahl und Ort]\n\n"
    "Vertreten durch: [vertretungsberechtigte Person]\n\n"
    "## Kontakt\n\n"
    f"E-Mail: [{CONTACT}](mailto:{CONTACT})  \n"
    "Telefon: [Telefonnummer]\n\n"
    "## Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV\n\n"
    "[Name und Anschrift der verantwortlichen Person]\n\n"
    "## Haftung für Links\n\n"
    "Diese Website enthält Links zu Websites Dritter. Für deren Inhalte sind ausschließlich die jeweiligen "
    "Anbieter verantwortlich. Rechtswidrige Inhalte waren zum Zeitpunkt der Verlinkung nicht erkennbar; bei "
    "Bekanntwerden von Rechtsverletzungen entfernen wir solche Links umgehend.\n\n"
    "## Software\n\n"
    "Modellstadt ist freie Software unter der GNU Affero General Public License, Version 3 oder später."
)

# The privacy statement and the terms of use are the defaults every city gets (portal/legal_texts.py),
# written with the demo city's details.
LEGAL_DETAILS = CityDetails(
    city=CITY, programme=PROGRAMME, contact=CONTACT,
    authority="der Landesbeauftragten für den Datenschutz Niedersachsen",
)
DATENSCHUTZ = privacy_statement(LEGAL_DETAILS)
NUTZUNGSBEDINGUNGEN = terms_of_use(LEGAL_DETAILS)

BARRIEREFREIHEIT = (
    "Wir wollen, dass alle Menschen dieses Portal nutzen können. Diese Erklärung gilt für die "
    "Demo-Installation von #WolfsburgDigital.\n\n"
    "## Rechtsgrundlage\n\n"
    "Grundlage sind die Barrierefreie-Informationstechnik-Verordnung (BITV 2.0) und das Niedersächsische "
    "Behindertengleichstellungsgesetz (NBGG). Maßstab sind die WCAG 2.1 auf Stufe AA bzw. die harmonisierte "
    "Norm EN 301 549.\n\n"
    "## Stand der Vereinbarkeit\n\n"
    "Das Portal ist **weitgehend vereinbar** mit den Anforderungen. Die Bewertung beruht auf einer "
    "Selbstbewertung.\n\n"
    "## Was noch nicht barrierefrei ist\n\n"
    "- Dokumente (zum Beispiel PDF-Dateien), die Partner hochladen, sind nicht immer barrierefrei. Auf "
    "Anfrage stellen wir die Inhalte in einer zugänglichen Form bereit.\n"
    "- Texte in Leichter Sprache gibt es bisher nur für die wichtigsten Inhalte.\n"
    "- Für Videos gibt es noch nicht immer Untertitel.\n\n"
    "## Barriere melden: Feedback\n\n"
    "Ist Ihnen eine Barriere aufgefallen, oder brauchen Sie Informationen in einer anderen Form? Schreiben Sie "
    f"uns: [{ACCESSIBILITY_CONTACT}](mailto:{ACCESSIBILITY_CONTACT}). Wir antworten innerhalb von zwei "
    "Wochen.\n\n"
    "## Schlichtungsverfahren\n\n"
    "Wenn Sie auf Ihre Rückmeldung keine zufriedenstellende Antwort erhalten, können Sie ein "
    "Schlichtungsverfahren beantragen. Für öffentliche Stellen in Niedersachsen ist die Schlichtungsstelle bei "
    "der bzw. dem Landesbeauftragten für Menschen mit Behinderungen zuständig; für Stellen des Bundes die "
    "[Schlichtungsstelle nach dem Behindertengleichstellungsgesetz](https://www.schlichtungsstelle-bgg.de). "
    "Das Verfahren ist kostenlos, und Sie brauchen keinen Rechtsbeistand."
)

LEGAL_PAGES = [
    # (slug, title, body)
    ("impressum", "Impressum", IMPRESSUM),
    ("datenschutz", "Datenschutzerklärung", DATENSCHUTZ),
    ("nutzungsbedingungen", "Nutzungsbedingungen", NUTZUNGSBEDINGUNGEN),
    ("barrierefreiheit", "Erklärung zur Barrierefreiheit", BARRIEREFREIHEIT),
]
LEGAL_NOTE = (
    "Demo-Text mit Platzhaltern in eckigen Klammern. Vor einem öffentlichen Betrieb rechtlich prüfen lassen, "
    "insbesondere Betreiberangaben, Speicherfristen und die zuständige Schlichtungsstelle."
)

DEMO_USERS = [
    DemoUser("programmbuero", "Programmbüro #WolfsburgDigital (Demo)", CONTACT),
    DemoUser("feldleitung-mobilitaet", "Feldleitung Elektromobilität (Demo)", "feldleitung-mobilitaet@example.org",
             field=5),
]
