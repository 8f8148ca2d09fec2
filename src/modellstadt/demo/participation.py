"""Citizen participation in the demo city: an open process with ideas, supports, comments and answers.

``load_participation_demo()`` is called at the end of ``loader.load_demo()``. It is idempotent: the
processes are found by slug, residents by username, ideas by (process, title), comments by (target,
author, text); supports go through ``idea_services.support``, which ignores a second support of the same
person. Loading twice therefore creates nothing twice, and the counters stay what the services keep
them at (``support_count`` equals the Support rows, ``comment_count`` the visible comments).

All residents, ideas, comments and answers are invented demo content (see ``DEMO_NOTE`` in the
process description, which the office sees in the back office and the public on the process page).
The residents have no usable password: they exist to show the portal filled, not to sign in.
"""

import random
from datetime import datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from modellstadt.accounts.roles import OFFICE_GROUP
from modellstadt.comments import services as comment_services
from modellstadt.comments.models import Comment
from modellstadt.demo.content import organisations as o
from modellstadt.demo.content.news import BITKOM_FINAL
from modellstadt.ideas import services as idea_services
from modellstadt.ideas.models import Idea, IdeaEvent, IdeaEventKind, IdeaState, Phase, PhaseKind, Process, Support
from modellstadt.news.models import NewsPostPage
from modellstadt.partners.models import Organisation
from modellstadt.projects.models import ProjectPage
from modellstadt.strategy.models import CooperationFieldPage

OPEN_SLUG = "ideen-fuer-wolfsburgdigital"
CLOSED_SLUG = "buergerumfrage-mobilitaet-2026"
OFFICE_USERNAME = "programmbuero"
SEED = 2016

DEMO_NOTE = (
    "*Hinweis: Dieses Verfahren ist Teil der Demo-Stadt. Die Bürgerinnen und Bürger, ihre Ideen, Kommentare "
    "und die Antworten des Programmbüros sind erfunden (Demo-Inhalt, nicht durch eine Quelle belegt).*"
)

OPEN_PROCESS = {
    "title": "Ideen für #WolfsburgDigital",
    "description": (
        "Was soll die digitale Modellstadt Wolfsburg als Nächstes angehen? Das Programmbüro sammelt Ideen aus "
        "der Bürgerschaft für **alle zehn Kooperationsfelder** – vom WLAN im Stadtteilzentrum bis zum "
        "Online-Antrag im Bürgerbüro.\n\n"
        "So läuft es ab:\n\n"
        "- **Ideen sammeln:** Reichen Sie Ideen ein, unterstützen und kommentieren Sie die Ideen anderer.\n"
        "- **Bewertung:** Die Feldteams und das Kernteam prüfen die Ideen. Jede Idee bekommt eine "
        "öffentliche Antwort mit Begründung.\n"
        "- **Ergebnisse:** Angenommene Ideen werden mit dem Projekt verknüpft, das sie umsetzt.\n\n"
        + DEMO_NOTE
    ),
}
CLOSED_PROCESS = {
    "title": "Bürgerumfrage Mobilität 2026",
    "description": (
        "Wie bewegen Sie sich durch Wolfsburg, und was fehlt Ihnen dabei? Im Frühjahr 2026 konnten Wolfsburgerinnen "
        "und Wolfsburger Vorschläge zur digitalen Mobilität einreichen und unterstützen. Das Verfahren ist "
        "abgeschlossen; die Ergebnisse fließen in den Urbanen Mobilitätsassistenten ein.\n\n" + DEMO_NOTE
    ),
}
CLOSED_FIELDS = (4, 5)


def open_phases(today):
    """Collect ideas since four weeks, for eight more weeks; then evaluation and results."""
    start = _midnight(today - timedelta(weeks=4))
    collect_end = _midnight(today + timedelta(weeks=8))
    evaluate_end = collect_end + timedelta(weeks=6)
    return [
        {"kind": PhaseKind.COLLECT, "title": "Ideen sammeln", "starts_at": start, "ends_at": collect_end,
         "allows_ideas": True, "allows_supports": True, "allows_comments": True},
        {"kind": PhaseKind.EVALUATE, "title": "Bewertung durch Feldteams und Kernteam", "starts_at": collect_end,
         "ends_at": evaluate_end, "allows_ideas": False, "allows_supports": False, "allows_comments": True},
        {"kind": PhaseKind.RESULTS, "title": "Ergebnisse", "starts_at": evaluate_end,
         "ends_at": evaluate_end + timedelta(weeks=26), "allows_ideas": False, "allows_supports": False,
         "allows_comments": False},
    ]


def closed_phases(today):
    start = _midnight(today - timedelta(weeks=40))
    return [
        {"kind": PhaseKind.COLLECT, "title": "Vorschläge sammeln", "starts_at": start,
         "ends_at": start + timedelta(weeks=6), "allows_ideas": True, "allows_supports": True,
         "allows_comments": True},
        {"kind": PhaseKind.EVALUATE, "title": "Auswertung", "starts_at": start + timedelta(weeks=6),
         "ends_at": start + timedelta(weeks=12), "allows_ideas": False, "allows_supports": False,
         "allows_comments": False},
        {"kind": PhaseKind.RESULTS, "title": "Ergebnisse", "starts_at": start + timedelta(weeks=12),
         "ends_at": start + timedelta(weeks=20), "allows_ideas": False, "allows_supports": False,
         "allows_comments": False},
    ]


# --- residents ------------------------------------------------------------------------------------
# (username, display name, district)
RESIDENTS = [
    ("demo-anna-schulz", "Anna Schulz", "Westhagen"),
    ("demo-mehmet-yilmaz", "Mehmet Yılmaz", "Westhagen"),
    ("demo-katrin-lange", "Katrin Lange", "Detmerode"),
    ("demo-thomas-becker", "Thomas Becker", "Fallersleben"),
    ("demo-sabine-krueger", "Sabine Krüger", "Vorsfelde"),
    ("demo-jonas-petersen", "Jonas Petersen", "Stadtmitte"),
    ("demo-elena-wagner", "Elena Wagner", "Kästorf"),
    ("demo-piotr-nowak", "Piotr Nowak", "Nordsteimke"),
    ("demo-ursula-hartmann", "Ursula Hartmann", "Fallersleben"),
    ("demo-lukas-neumann", "Lukas Neumann", "Stadtmitte"),
    ("demo-fatma-demir", "Fatma Demir", "Westhagen"),
    ("demo-gerd-zimmermann", "Gerd Zimmermann", "Vorsfelde"),
    ("demo-lea-hoffmann", "Lea Hoffmann", "Detmerode"),
    ("demo-stefan-braun", "Stefan Braun", "Hehlingen"),
    ("demo-marie-koehler", "Marie Köhler", "Nordstadt"),
    ("demo-andreas-vogel", "Andreas Vogel", "Reislingen"),
    ("demo-giulia-russo", "Giulia Russo", "Stadtmitte"),
    ("demo-heinz-schroeder", "Heinz Schröder", "Sandkamp"),
    ("demo-nina-fuchs", "Nina Fuchs", "Kästorf"),
    ("demo-oliver-werner", "Oliver Werner", "Nordsteimke"),
    ("demo-christa-meier", "Christa Meier", "Detmerode"),
    ("demo-kevin-lehmann", "Kevin Lehmann", "Vorsfelde"),
    ("demo-yasemin-arslan", "Yasemin Arslan", "Westhagen"),
    ("demo-martin-roth", "Martin Roth", "Fallersleben"),
    ("demo-johanna-krause", "Johanna Krause", "Almke"),
    ("demo-dirk-jung", "Dirk Jung", "Ehmen"),
]

# --- ideas ----------------------------------------------------------------------------------------
# (key, field number, author username suffix, title, description, location label, popularity 0..1)
IDEAS = [
    ("wlan-suedkopf", 3, "fatma-demir", "Freies WLAN am Südkopf-Center",
     "Am Südkopf-Center in Westhagen warten jeden Tag viele Menschen auf den Bus, treffen sich auf dem Platz "
     "oder nutzen die Angebote im Stadtteilzentrum. Mobiles Internet ist für viele hier teuer.\n\n"
     "Ich schlage vor, den Platz und die Haltestelle mit freiem, werbefreiem WLAN zu versorgen – so wie es in "
     "der Innenstadt schon gibt. Das hilft Schülerinnen und Schülern bei den Hausaufgaben und allen, die "
     "schnell etwas online erledigen müssen.", "Südkopf-Center, Westhagen", 0.95),
    ("buergeramt-termine", 8, "katrin-lange", "Termine im Bürgeramt online buchen – auch für Samstage",
     "Für einen neuen Personalausweis habe ich dreimal angerufen und bin nicht durchgekommen. Bitte alle "
     "Termine des Bürgeramts online buchbar machen, mit Erinnerung per E-Mail und der Möglichkeit, einen "
     "Termin selbst abzusagen, damit er für andere frei wird.\n\n"
     "Schön wäre außerdem ein Samstagstermin im Monat für Berufstätige, die unter der Woche im Werk sind.",
     "Bürgerbüro, Rathaus", 0.9),
    ("parken-klinikum", 4, "ursula-hartmann", "Sensoren zeigen freie Parkplätze am Klinikum",
     "Wer zum Klinikum fährt, sucht oft lange einen Parkplatz – für Patientinnen, Patienten und Angehörige ist "
     "das zusätzlicher Stress. Sensoren in den Stellplätzen könnten melden, wo etwas frei ist, und eine Anzeige "
     "an der Sauerbruchstraße sowie die Stadt-App zeigen es an.\n\n"
     "Die Daten sollten offen sein, damit auch Navigationsdienste sie nutzen können.",
     "Klinikum Wolfsburg, Sauerbruchstraße", 0.8),
    ("wvg-verspaetungen", 2, "jonas-petersen", "Open Data: Verspätungen der WVG-Busse veröffentlichen",
     "Die WVG-Busse haben längst GPS. Bitte die Echtzeitdaten und die Verspätungen als offene Daten "
     "(GTFS-Realtime) bereitstellen, mit Lizenz und Dokumentation.\n\n"
     "Dann können Entwicklerinnen und Entwickler aus Wolfsburg eigene Anzeigen und Auswertungen bauen – zum "
     "Beispiel, an welchen Haltestellen Anschlüsse regelmäßig verpasst werden.", "", 0.75),
    ("schulplattform", 9, "lea-hoffmann", "Eine gemeinsame digitale Schulplattform für alle Wolfsburger Schulen",
     "Meine Kinder gehen auf zwei verschiedene Schulen, und jede nutzt ein anderes System für Hausaufgaben, "
     "Elternbriefe und Krankmeldungen. Eine gemeinsame, datenschutzfreundliche Plattform (gern Open Source, "
     "betrieben in Deutschland) würde Eltern, Lehrkräften und Kindern viel Zeit sparen.\n\n"
     "Wichtig: Sie muss auch auf alten Handys und ohne App im Browser laufen.", "", 0.85),
    ("e-health-app", 4, "christa-meier", "Gesundheits-App für Termine, Rezepte und Notdienste in Wolfsburg",
     "Eine App oder Website, in der ich sehe, welche Arztpraxis und Apotheke gerade Notdienst hat, Termine bei "
     "Haus- und Fachärzten anfragen kann und eine Erinnerung für Vorsorgeuntersuchungen bekomme.\n\n"
     "Gerade für ältere Menschen sollte sie einfach und gut lesbar sein. Vielleicht kann das Klinikum mitmachen.",
     "", 0.6),
    ("licht-detmerode", 7, "katrin-lange", "Intelligente Straßenbeleuchtung in Detmerode",
     "Auf den Fußwegen zwischen den Hochhäusern in Detmerode ist es nachts sehr dunkel, andererseits brennen "
     "auf leeren Straßen die ganze Nacht Laternen. LED-Leuchten mit Bewegungsmeldern könnten heller werden, "
     "wenn jemand kommt, und sonst gedimmt leuchten. Das spart Strom und man fühlt sich sicherer.",
     "Detmerode, Wege am Detmeroder Markt", 0.7),
    ("ladesaeulen-vorsfelde", 5, "gerd-zimmermann", "Mehr Ladesäulen in der Vorsfelder Altstadt",
     "In der Altstadt von Vorsfelde haben die wenigsten eine eigene Garage. Wer ein E-Auto hat, muss zum "
     "Laden an den Stadtrand fahren. Ich wünsche mir Ladesäulen an den Parkplätzen rund um den Marktplatz und "
     "an der Meinstraße – gern auch langsamere, günstige Ladepunkte für die Nacht.",
     "Vorsfelde, Altstadt", 0.65),
    ("laternen-laden", 5, "oliver-werner", "Laternenladen in Wohnstraßen ausprobieren",
     "In anderen Städten gibt es Ladepunkte direkt in Straßenlaternen. Das wäre ein günstiger Weg, in "
     "Nordsteimke und Hehlingen Laden am Straßenrand zu ermöglichen, ohne neue Säulen aufzustellen.",
     "Nordsteimke", 0.4),
    ("glasfaser-kaestorf", 3, "elena-wagner", "Glasfaser auch für die Randlagen in Kästorf",
     "In unserer Straße in Kästorf gibt es immer noch nur 16 Mbit/s. Im Homeoffice reicht das nicht für zwei "
     "Videokonferenzen gleichzeitig. Bitte beim Glasfaserausbau die Randlagen nicht vergessen und einen "
     "Zeitplan pro Straße veröffentlichen.", "Kästorf", 0.7),
    ("wlan-busse", 3, "kevin-lehmann", "WLAN in allen Bussen der WVG",
     "Auf dem Weg von Vorsfelde zur Arbeit sitze ich 30 Minuten im Bus. WLAN in den Bussen wäre ein "
     "einfaches Zeichen, dass Wolfsburg digital ist, und macht den Bus attraktiver als das Auto.", "", 0.55),
    ("maengelmelder", 8, "heinz-schroeder", "Mängelmelder mit Foto und Rückmeldung",
     "Schlaglöcher, kaputte Laternen, wilder Müll: Ich möchte so etwas mit Foto und Standort melden können "
     "und sehen, wann es erledigt ist. Wichtig ist, dass man eine Rückmeldung bekommt und nicht ins Leere meldet.",
     "", 0.8),
    ("online-antraege", 8, "marie-koehler", "Anwohnerparkausweis komplett online beantragen",
     "Für den Bewohnerparkausweis muss ich immer noch persönlich ins Bürgerbüro. Das ginge doch vollständig "
     "online, mit Online-Ausweis und Bezahlung per Lastschrift.", "Nordstadt", 0.5),
    ("rats-livestream", 1, "andreas-vogel", "Ratssitzungen im Livestream und als Video zum Nachschauen",
     "Viele interessieren sich für Entscheidungen im Rat, können aber nicht ins Rathaus kommen. Ein "
     "Livestream mit Untertiteln und Videos zum Nachschauen, verknüpft mit den Tagesordnungspunkten, würde "
     "die Arbeit des Rates viel sichtbarer machen.", "Rathaus", 0.6),
    ("digital-lotsen", 1, "christa-meier", "Digitallotsen für Seniorinnen und Senioren in jedem Stadtteil",
     "Viele Ältere trauen sich an Online-Dienste nicht heran. Ehrenamtliche Digitallotsen könnten einmal pro "
     "Woche im Stadtteiltreff helfen – beim Einrichten des Smartphones, bei Online-Terminen und beim "
     "Online-Banking. Die Stadt könnte Schulungen und Räume stellen.", "Stadtteiltreffs", 0.75),
    ("smart-city-index", 1, "lukas-neumann", "Öffentliches Dashboard: Wo steht Wolfsburg digital?",
     "Die Stadt sollte offen zeigen, wie weit die Projekte sind und wie Wolfsburg im Vergleich mit anderen "
     "Städten abschneidet, zum Beispiel im Smart City Index. Ein einfaches Dashboard mit Kennzahlen und "
     "Fortschritt pro Kooperationsfeld.", "", 0.35),
    ("datenplattform-wetter", 2, "piotr-nowak", "Messwerte von Luft und Lärm als offene Daten",
     "Es gibt in der Stadt Messstationen, aber die Daten sind schwer zu finden. Bitte Luftqualität, Lärm "
     "und Temperatur als offene Daten mit Schnittstelle veröffentlichen – an der Heinrich-Nordhoff-Straße "
     "ist es oft laut und heiß.", "Heinrich-Nordhoff-Straße", 0.4),
    ("api-muell", 2, "jonas-petersen", "Abfallkalender als Schnittstelle für Kalender-Apps",
     "Der Abfallkalender der WAS sollte als offene Schnittstelle und als Kalenderdatei (iCal) pro Straße "
     "verfügbar sein. Dann erinnert mich mein Handy automatisch an die Biotonne.", "", 0.55),
    ("kita-platz", 7, "yasemin-arslan", "Kita-Platz online suchen und Wartestand sehen",
     "Wir haben uns bei fünf Kitas einzeln beworben und wussten monatelang nicht, wo wir auf der Warteliste "
     "stehen. Ein zentrales Online-Portal für die Kita-Anmeldung mit Wartestand würde Eltern viel Unsicherheit "
     "nehmen und der Stadt bei der Planung helfen.", "", 0.85),
    ("quartier-westhagen", 7, "mehmet-yilmaz", "Digitale Nachbarschaftsplattform für Westhagen",
     "In Westhagen leben Menschen aus vielen Ländern. Eine mehrsprachige Nachbarschaftsplattform – Termine im "
     "Stadtteil, Tauschbörse, Hilfe beim Umzug, Infos vom Quartiersmanagement – würde Menschen verbinden, die "
     "sich sonst nicht begegnen.", "Westhagen", 0.5),
    ("ampel-radfahrer", 4, "thomas-becker", "Grüne Welle für Radfahrende auf dem Weg nach Fallersleben",
     "Auf der Strecke von Fallersleben in die Stadtmitte stehe ich mit dem Rad an fast jeder Ampel. Smarte "
     "Ampeln, die Radfahrende erkennen, könnten eine grüne Welle schalten. Das wäre ein guter Test für das "
     "Reallabor.", "Fallersleben – Stadtmitte", 0.6),
    ("shuttle-nordsteimke", 4, "oliver-werner", "Autonomer Shuttle zwischen Nordsteimke und Hellwinkel",
     "Das neue Wohngebiet wächst, aber der Bus fährt abends selten. Ein automatisierter Kleinbus auf Abruf "
     "wäre ein echter Test für das Reallabor und würde den Menschen hier wirklich helfen.",
     "Nordsteimke – Hellwinkel", 0.45),
    ("drohnen-medikamente", 4, "stefan-braun", "Medikamente per Drohne in die Ortsteile liefern",
     "Die Apotheken in den Ortsteilen schließen. Könnten Drohnen dringend benötigte Medikamente vom Klinikum "
     "oder einer Apotheke in die Ortsteile wie Hehlingen oder Almke bringen?", "Hehlingen", 0.2),
    ("coworking-fallersleben", 6, "martin-roth", "Coworking-Space in Fallersleben",
     "Viele pendeln aus Fallersleben ins Werk oder nach Braunschweig. Ein Coworking-Space im Ortskern – etwa in "
     "einem leerstehenden Laden an der Westerstraße – würde Homeoffice-Tage angenehmer machen und den Ortskern "
     "beleben.", "Fallersleben, Westerstraße", 0.45),
    ("hackathon-schueler", 6, "lukas-neumann", "Hackathon für Schülerinnen und Schüler mit städtischen Daten",
     "Ein Wochenende, an dem Jugendliche mit offenen Daten der Stadt Apps bauen – mit Mentorinnen und Mentoren "
     "aus IT-Firmen und der Ostfalia. Die besten Ideen könnten im Programm weiterentwickelt werden.", "", 0.4),
    ("it-meetup", 6, "giulia-russo", "Regelmäßiges IT-Meetup in der Innenstadt",
     "Wer in Wolfsburg in der IT arbeitet, kennt sich oft nicht. Ein monatliches Meetup mit kurzen Vorträgen, "
     "offen für alle, zum Beispiel in der Stadtbibliothek, könnte die Szene sichtbar machen.", "Stadtmitte", 0.3),
    ("bibliothek-24-7", 9, "johanna-krause", "Stadtbibliothek mit Selbstbedienung auch am Sonntag",
     "Mit Ausweis und Selbstverbuchung könnte die Stadtbibliothek im Alvar-Aalto-Kulturhaus auch sonntags "
     "und abends öffnen, ohne dass immer Personal da sein muss (Open Library).", "Alvar-Aalto-Kulturhaus", 0.55),
    ("tablets-grundschule", 9, "nina-fuchs", "Leihgeräte und WLAN für Grundschulen in Kästorf und Sandkamp",
     "An der Grundschule unserer Tochter teilen sich drei Klassen einen Laptopwagen, und das WLAN reicht nur "
     "für den Flur. Bitte die kleinen Grundschulen in den Ortsteilen nicht vergessen.", "Kästorf", 0.6),
    ("vhs-kurse", 9, "dirk-jung", "Kostenlose Online-Kurse der VHS zu Datenschutz und Sicherheit",
     "Phishing-Mails und Betrug am Telefon nehmen zu. Kurze, kostenlose Online-Kurse der Volkshochschule "
     "zu Passwörtern, Datenschutz und sicheren Online-Käufen würden vielen helfen.", "", 0.35),
    ("lokaler-marktplatz", 10, "giulia-russo", "Online-Schaufenster für die Läden der Porschestraße",
     "Viele Geschäfte in der Porschestraße haben keinen eigenen Onlineshop. Ein gemeinsames Online-Schaufenster, "
     "in dem ich sehe, was vorrätig ist, und es reservieren kann, würde mich öfter in die Innenstadt bringen.",
     "Porschestraße", 0.55),
    ("lieferdienst-vorsfelde", 10, "sabine-krueger", "Lieferung vom Wochenmarkt Vorsfelde nach Hause",
     "Gerade für Ältere wäre es toll, auf dem Wochenmarkt online zu bestellen und per Lastenrad geliefert zu "
     "bekommen. Die Händlerinnen und Händler vom Markt wären sicher dabei.", "Vorsfelde, Marktplatz", 0.35),
    ("parkhaus-anzeige", 10, "heinz-schroeder", "Freie Plätze aller Parkhäuser in der Innenstadt online",
     "Die Parkleitanzeigen an den Straßen gibt es schon – bitte dieselben Zahlen auch online und als offene "
     "Daten. Dann plane ich meinen Einkauf besser und fahre nicht im Kreis.", "Innenstadt", 0.45),
    ("bus-on-demand", 4, "johanna-krause", "Rufbus per App für die Dörfer im Norden",
     "In Almke und Neindorf fährt abends und am Wochenende kaum ein Bus. Ein Rufbus, den man per App oder "
     "Telefon bestellen kann, würde uns ohne zweites Auto mobil machen.", "Almke, Neindorf", 0.55),
    ("baustellen-info", 7, "andreas-vogel", "Baustellenkarte mit Dauer und Umleitungen",
     "Eine Karte, die alle Baustellen im Stadtgebiet mit Dauer, Grund und Umleitung zeigt – für Auto, Bus, "
     "Rad und Fußwege. Am besten mit Benachrichtigung für meine täglichen Wege.", "", 0.5),
    ("spielplatz-maengel", 7, "lea-hoffmann", "Spielplätze digital erfassen: Zustand, Schatten, Barrierefreiheit",
     "Welche Spielplätze haben Schatten, eine Toilette in der Nähe oder inklusive Spielgeräte? Eine Übersicht "
     "auf der Stadtkarte würde Familien helfen und der Stadt zeigen, wo es fehlt.", "", 0.45),
    ("hitze-sensoren", 7, "piotr-nowak", "Hitzesensoren in Schulen und Kitas",
     "Im Sommer wird es in manchen Klassenräumen über 30 Grad warm. Günstige Sensoren (über das LoRaWAN-Netz) "
     "könnten zeigen, wo Sonnenschutz und Lüftung am dringendsten fehlen.", "", 0.4),
    ("bezahlen-parken", 8, "kevin-lehmann", "Parkgebühren überall per Handy bezahlen",
     "An vielen Automaten geht nur Münzgeld. Handyparken mit minutengenauer Abrechnung an allen städtischen "
     "Parkplätzen wäre fairer und bequemer.", "", 0.5),
    ("ausweis-status", 8, "elena-wagner", "Status meines Antrags online verfolgen",
     "Ich möchte sehen, ob mein Reisepass fertig ist, statt anzurufen – wie bei der Paketverfolgung. Eine SMS "
     "oder E-Mail, wenn das Dokument abholbereit ist, würde schon reichen.", "", 0.65),
    ("sprachassistent", 1, "yasemin-arslan", "Stadtinformationen in Leichter Sprache und mehreren Sprachen",
     "Die wichtigsten Seiten der Stadt sollten in Leichter Sprache sowie auf Englisch, Türkisch, Polnisch, "
     "Arabisch und Italienisch verfügbar sein. Viele Wolfsburgerinnen und Wolfsburger sprechen diese Sprachen.",
     "", 0.5),
    ("repair-cafe", 6, "marie-koehler", "Digitale Werkstatt für Jugendliche in der Nordstadt",
     "Ein offener Raum mit 3D-Drucker, Lötkolben und Laptops, in dem Jugendliche nach der Schule programmieren "
     "und Dinge reparieren lernen. Firmen könnten Geräte spenden.", "Nordstadt", 0.4),
    ("wlan-allerpark", 3, "mehmet-yilmaz", "WLAN am Allersee und im Allerpark",
     "Im Sommer sind Tausende am Allersee. Freies WLAN an der Badestelle und am Eingang zum Allerpark wäre für "
     "Familien und Touristen praktisch.", "Allersee", 0.4),
    ("mobilfunk-hehlingen", 3, "stefan-braun", "Funklöcher in Hehlingen schließen",
     "Zwischen Hehlingen und Nordsteimke bricht jedes Telefonat ab. Die Stadt sollte mit den Netzbetreibern "
     "eine Karte der Funklöcher erstellen und einen Standort für einen Mast anbieten.", "Hehlingen", 0.45),
    ("energie-dashboard", 2, "martin-roth", "Energieverbrauch der städtischen Gebäude offenlegen",
     "Wie viel Strom und Wärme verbrauchen Schulen, Sporthallen und das Rathaus? Offene Verbrauchsdaten würden "
     "zeigen, wo sich Sanierung lohnt, und Schulen könnten damit im Unterricht arbeiten.", "", 0.3),
    ("fahrrad-boxen", 5, "nina-fuchs", "Sichere Fahrradboxen mit Lademöglichkeit am Hauptbahnhof",
     "E-Bikes sind teuer, und am Bahnhof traue ich mich nicht, meins abzustellen. Abschließbare Boxen mit "
     "Steckdose, per App buchbar, würden mehr Pendlerinnen und Pendler aufs Rad bringen.", "Hauptbahnhof", 0.5),
]

# The partner idea: submitted on behalf of an organisation.
PARTNER_IDEA = (
    "partner-open-data", 2, "jonas-petersen", "Offene Schnittstelle für Haltestellen, Ladesäulen und Parkplätze",
    "Der Verein Offene Daten Wolfsburg schlägt vor, die Daten der städtischen Gesellschaften, die schon digital "
    "vorliegen – Haltestellen, Ladesäulen, freie Parkplätze –, über eine gemeinsame, dokumentierte Schnittstelle "
    "mit offener Lizenz bereitzustellen.\n\n"
    "Wir bieten an, die Schnittstelle mit Freiwilligen zu testen und eine Beispielanwendung als Open Source zu "
    "veröffentlichen.", "", 0.6, o.OPEN_DATA_CLUB,
)

CLOSED_IDEAS = [
    ("closed-mobilstation", 5, "thomas-becker", "Mobilitätsstation am Bahnhof Fallersleben",
     "Carsharing, Leihräder und Ladesäulen an einem Ort am Bahnhof Fallersleben, mit einer App für alles.",
     "Bahnhof Fallersleben", 9),
    ("closed-echtzeit", 4, "sabine-krueger", "Echtzeit-Anzeigen an allen Haltestellen in Vorsfelde",
     "An den meisten Haltestellen in Vorsfelde steht nur der Fahrplan. Anzeigen mit der tatsächlichen Abfahrt "
     "würden das Warten leichter machen.", "Vorsfelde", 12),
    ("closed-rad-zaehlung", 4, "andreas-vogel", "Radverkehr zählen und die Zahlen veröffentlichen",
     "Automatische Zählstellen an den wichtigsten Radwegen, damit die Stadt weiß, wo neue Radwege am meisten "
     "bringen.", "", 5),
]

# Threads: idea key -> [(author, text, [(author, text, [(author, text)])])]
THREADS = {
    "wlan-suedkopf": [
        ("anna-schulz", "Sehr gute Idee! Meine Kinder machen nachmittags oft Hausaufgaben im Stadtteilzentrum, "
         "das WLAN dort reicht aber nicht bis nach draußen.", [
             ("mehmet-yilmaz", "Genau. Und an der Haltestelle wäre es auch für die Fahrplanauskunft praktisch.", [
                 ("fatma-demir", "Danke euch! Ich frage auch beim Quartiersmanagement nach, ob sie die Idee "
                  "unterstützen.", []),
             ]),
         ]),
        ("heinz-schroeder", "Wer zahlt das? Ich hoffe, das wird nicht teuer für die Stadt.", [
            ("jonas-petersen", "In der Innenstadt läuft das über die WOBCOM, die Zugänge sind überschaubar "
             "teuer. Ein paar Access Points am Platz sind kein Großprojekt.", []),
        ]),
        ("yasemin-arslan", "Bitte ohne Anmeldung mit Handynummer – sonst nutzen es viele nicht.", []),
    ],
    "buergeramt-termine": [
        ("thomas-becker", "Ein Samstagstermin wäre super. Ich arbeite im Schichtdienst.", [
            ("katrin-lange", "Vielleicht auch ein früher Termin ab 7 Uhr für die Frühschicht?", []),
        ]),
        ("christa-meier", "Bitte aber auch weiterhin telefonisch buchen lassen, nicht jeder ist online.", [
            ("katrin-lange", "Auf jeden Fall, die Online-Buchung soll zusätzlich sein.", []),
        ]),
    ],
    "parken-klinikum": [
        ("ursula-hartmann", "Nachtrag: Auch Behindertenparkplätze sollten angezeigt werden.", []),
        ("oliver-werner", "Das Parkhaus am Klinikum hat doch schon eine Zählung, oder? Vielleicht reicht es, die "
         "Zahlen online zu stellen.", [
             ("ursula-hartmann", "Die Anzeige gibt es, aber nicht für die Stellplätze an der Straße. Dort sucht man "
              "am längsten.", []),
         ]),
    ],
    "wvg-verspaetungen": [
        ("piotr-nowak", "Plus eins. Mit GTFS-Realtime könnte man das direkt in bestehende Apps einbinden.", [
            ("lukas-neumann", "Und man könnte endlich auswerten, welche Anschlüsse am Hauptbahnhof verpasst "
             "werden.", [
                 ("jonas-petersen", "Genau das würden wir im Verein gern als erstes Projekt machen.", []),
             ]),
         ]),
        ("kevin-lehmann", "Hauptsache die Anzeigen an den Haltestellen stimmen. Wie oft steht da „pünktlich“ und "
         "der Bus kommt nicht …", []),
    ],
    "schulplattform": [
        ("nina-fuchs", "Unbedingt! Bei uns gibt es drei verschiedene Messenger für eine Klasse.", []),
        ("dirk-jung", "Datenschutz ist hier das Wichtigste. Bitte keine US-Dienste.", [
            ("lea-hoffmann", "Deshalb habe ich Open Source und Betrieb in Deutschland geschrieben.", []),
            ("johanna-krause", "Die Bildungscloud des Landes könnte ein Anfang sein.", []),
        ]),
    ],
    "licht-detmerode": [
        ("christa-meier", "Ich gehe abends mit dem Hund und kann das nur bestätigen. Der Weg zum Markt ist "
         "stockdunkel.", []),
        ("lea-hoffmann", "Wichtig: Die Leuchten sollten warmweiß sein, wegen der Insekten.", [
            ("katrin-lange", "Gute Ergänzung, danke!", []),
        ]),
    ],
    "kita-platz": [
        ("anna-schulz", "Wir hatten genau dasselbe Problem. Bitte umsetzen!", []),
        ("giulia-russo", "Gibt es so etwas nicht schon in Braunschweig? Dann könnte man das übernehmen.", [
            ("yasemin-arslan", "Ja, viele Städte nutzen ein zentrales Kita-Portal. Es muss nicht neu erfunden "
             "werden.", []),
        ]),
    ],
    "maengelmelder": [
        ("gerd-zimmermann", "Bitte mit Karte, damit man sieht, ob ein Schlagloch schon gemeldet ist.", []),
        ("marie-koehler", "Die Wolfsburg-App hat doch schon so etwas, oder?", [
            ("heinz-schroeder", "Dann sollte man es besser bekannt machen. Ich wusste das nicht.", []),
        ]),
    ],
    "ladesaeulen-vorsfelde": [
        ("sabine-krueger", "Aber bitte nicht alle Parkplätze am Markt zu Ladeplätzen machen – für Kundinnen und "
         "Kunden der Läden braucht es auch normale Stellplätze.", [
             ("gerd-zimmermann", "Einverstanden, vier oder fünf Ladepunkte würden schon viel helfen.", []),
         ]),
    ],
    "digital-lotsen": [
        ("ursula-hartmann", "Ich würde mich als Lotsin melden. Ich bin Rentnerin und kenne mich gut aus.", []),
        ("heinz-schroeder", "Das wäre für meine Frau und mich eine große Hilfe.", []),
    ],
    "drohnen-medikamente": [
        ("dirk-jung", "Klingt spannend, aber ist das überhaupt erlaubt?", []),
    ],
    "partner-open-data": [
        ("lukas-neumann", "Super, dass der Verein selbst mit anpacken will.", []),
    ],
}

# Official answers by the office: idea key -> (state, justification, project title or None)
ANSWERS = {
    "parken-klinikum": (
        IdeaState.UNDER_REVIEW,
        "Vielen Dank für die Idee. Das Feldteam Reallabor prüft gemeinsam mit dem Klinikum, ob sich die "
        "Stellplätze an der Sauerbruchstraße für einen Sensor-Test eignen. Wir melden uns mit dem Ergebnis "
        "bis zum Ende der Bewertungsphase.", None,
    ),
    "buergeramt-termine": (
        IdeaState.ACCEPTED,
        "Die Idee wird angenommen. Die Online-Terminvergabe im Bürgerbüro ist bereits ein Projekt des Feldes "
        "„Einfache Verwaltungsprozesse“; Ihre Vorschläge (Erinnerung, Selbst-Absage, ein Samstagstermin im "
        "Monat) übernimmt das Projektteam in die nächste Ausbaustufe. Die telefonische Buchung bleibt erhalten.",
        "Online-Terminvergabe im Bürgerbüro",
    ),
    "drohnen-medikamente": (
        IdeaState.NOT_PURSUED,
        "Wir verfolgen die Idee nicht weiter. Lieferflüge mit Drohnen über Wohngebieten sind nach dem "
        "europäischen Drohnenrecht nur mit aufwendigen Einzelgenehmigungen möglich, und die Apotheken im "
        "Stadtgebiet liefern dringende Medikamente bereits per Botendienst. Das Anliegen – Versorgung der "
        "Ortsteile – nehmen wir in das Projekt „Pilotprojekte urbane Logistik“ mit.", None,
    ),
    "wlan-suedkopf": (
        IdeaState.IMPLEMENTED,
        "Umgesetzt: Seit dieser Woche gibt es am Südkopf-Center und an der Bushaltestelle freies WLAN ohne "
        "Anmeldung mit Telefonnummer, als Erweiterung des öffentlichen WLANs der Innenstadt. Danke an alle, die "
        "die Idee unterstützt und kommentiert haben.",
        "Öffentliches WLAN in der Innenstadt",
    ),
    "wvg-verspaetungen": (
        IdeaState.ACCEPTED,
        "Angenommen. Die WVG stellt ihre Echtzeitdaten im Projekt „Echtzeit-Fahrplandaten“ bereit; die "
        "Veröffentlichung als GTFS-Realtime mit offener Lizenz ist für das kommende Jahr eingeplant.",
        "Echtzeit-Fahrplandaten",
    ),
}
CLOSED_ANSWERS = {
    "closed-echtzeit": (
        IdeaState.ACCEPTED,
        "Angenommen: Die Haltestellen in Vorsfelde werden im Projekt „Echtzeit-Fahrplandaten“ nachgerüstet.",
        "Echtzeit-Fahrplandaten",
    ),
    "closed-mobilstation": (
        IdeaState.UNDER_REVIEW,
        "Wird im Urbanen Mobilitätsassistenten als möglicher Standort geprüft.", None,
    ),
}

GUEST_COMMENT = {
    "guest_name": "Helga Brandt",
    "guest_email": "helga.brandt@example.org",
    "text": "Schade, dass es mit dem Sieg nicht geklappt hat! Werden die Ideen aus der Bewerbung trotzdem "
            "umgesetzt? Besonders das WLAN in den Stadtteilen würde ich mir wünschen.",
}


# --- helpers --------------------------------------------------------------------------------------


def _midnight(day):
    return timezone.make_aware(datetime.combine(day, time(0, 0)))


def _username(suffix):
    return f"demo-{suffix}"


def _ensure_process(slug, values, field_numbers, phases):
    process = Process.objects.filter(slug=slug).first()
    if process is None:
        process = Process(slug=slug, **values)
        process.save()
    else:
        changed = False
        for name, value in values.items():
            if getattr(process, name) != value:
                setattr(process, name, value)
                changed = True
        if changed:
            process.save()
    fields = list(CooperationFieldPage.objects.filter(number__in=field_numbers))
    if {f.pk for f in process.fields.all()} != {f.pk for f in fields}:
        process.fields.set(fields)
    existing = {ph.kind: ph for ph in Phase.objects.filter(process=process)}
    for spec in phases:
        phase = existing.pop(spec["kind"], None) or Phase(process=process, kind=spec["kind"])
        if phase.pk is None or any(getattr(phase, k) != v for k, v in spec.items()):
            for k, v in spec.items():
                setattr(phase, k, v)
            phase.save()
    for stale in existing.values():
        stale.delete()
    # The service reads phases through process.phases; drop any cached relation.
    return Process.objects.get(pk=process.pk)


def _ensure_residents():
    User = get_user_model()
    users = {}
    for username, display_name, district in RESIDENTS:
        email = f"{username.removeprefix('demo-')}@example.org"
        user = User.objects.filter(username=username).first()
        if user is None:
            first, _sep, last = display_name.partition(" ")
            user = User(username=username, display_name=display_name, district=district, email=email,
                        first_name=first, last_name=last, is_active=True)
            user.set_unusable_password()
            user.save()
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        users[username] = user
    return users


def _office_user():
    """The programme office's demo user, allowed to answer ideas and moderate (via its group)."""
    User = get_user_model()
    office = User.objects.filter(username=OFFICE_USERNAME).first()
    if office is None:
        return None
    group = Group.objects.filter(name=OFFICE_GROUP).first()
    if group is not None:
        group.permissions.add(*Permission.objects.filter(
            content_type__app_label="ideas", codename__in=["answer_idea", "moderate_contributions"],
        ))
    return User.objects.get(pk=office.pk)  # fresh object: no stale permission cache


def _ensure_idea(process, fields, users, spec, organisation=None):
    key, number, author, title, description, location = spec[:6]
    idea = Idea.objects.filter(process=process, title=title).first()
    if idea is None:
        idea = idea_services.submit_idea(
            users[_username(author)], process, fields[number], title, description,
            location_label=location, organisation=organisation,
        )
    return idea


def _supporters(rng, users, author, popularity):
    others = [u for name, u in users.items() if name != _username(author)]
    count = round(popularity * len(others) * rng.uniform(0.6, 1.0))
    return rng.sample(others, min(count, len(others)))


def _ensure_comment(target, author, text, parent=None, **guest):
    lookup = {"text": text, "parent": parent}
    if author is not None:
        lookup["author"] = author
    else:
        lookup["guest_email"] = guest["guest_email"]
    existing = Comment.objects.filter(**{f"{'idea' if isinstance(target, Idea) else 'news_post'}": target},
                                      **lookup).first()
    if existing is not None:
        return existing
    if author is None:
        return comment_services.comment(None, target, text, parent=parent, **guest)
    return comment_services.comment(author, target, text, parent=parent)


def _thread(idea, users, entries, parent=None):
    for author, text, replies in entries:
        comment = _ensure_comment(idea, users[_username(author)], text, parent=parent)
        _thread(idea, users, replies, parent=comment)


def _backdate(ideas, start, now, rng):
    """Spread submission dates over the collecting phase so far (only for ideas never backdated)."""
    span = (now - start).total_seconds()
    for idea in ideas:
        if idea.created < start or (now - idea.created).total_seconds() > 3600:
            continue  # already backdated on an earlier load
        created = start + timedelta(seconds=rng.uniform(0.02, 0.85) * span)
        Idea.objects.filter(pk=idea.pk).update(created=created)
        IdeaEvent.objects.filter(idea=idea, kind=IdeaEventKind.SUBMITTED).update(created=created)
        comments = list(Comment.objects.filter(idea=idea).order_by("id"))
        moment = created
        for comment in comments:
            moment = moment + timedelta(hours=rng.uniform(2, 40))
            moment = min(moment, now - timedelta(minutes=5))
            Comment.objects.filter(pk=comment.pk).update(created=moment)
        Support.objects.filter(idea=idea).update(created=created + timedelta(days=1))


# --- entry point ----------------------------------------------------------------------------------


@transaction.atomic
def load_participation_demo(today=None):
    """Load the participation demo. Returns a dict of counts. Needs the demo fields, projects, news and
    the ``programmbuero`` user (``loader.load_demo`` creates them first)."""
    now = timezone.now()
    today = today or timezone.localdate(now)
    rng = random.Random(SEED)
    fields = {f.number: f for f in CooperationFieldPage.objects.filter(number__in=range(1, 11))}
    users = _ensure_residents()
    office = _office_user()
    projects = {pg.title: pg for pg in ProjectPage.objects.all()}

    # The open process and its ideas.
    open_process = _ensure_process(OPEN_SLUG, OPEN_PROCESS, sorted(fields), open_phases(today))
    ideas = {}
    for spec in IDEAS:
        ideas[spec[0]] = _ensure_idea(open_process, fields, users, spec)
    partner_org = Organisation.objects.filter(name=PARTNER_IDEA[7]).first()
    ideas[PARTNER_IDEA[0]] = _ensure_idea(open_process, fields, users, PARTNER_IDEA, organisation=partner_org)

    popularity = {spec[0]: spec[6] for spec in IDEAS + [PARTNER_IDEA]}
    authors = {spec[0]: spec[2] for spec in IDEAS + [PARTNER_IDEA]}
    for key, idea in ideas.items():
        for supporter in _supporters(rng, users, authors[key], popularity[key]):
            idea_services.support(supporter, idea)
    for key, entries in THREADS.items():
        _thread(ideas[key], users, entries)
    collect_start = open_phases(today)[0]["starts_at"]
    _backdate(ideas.values(), collect_start, now, rng)

    if office is not None:
        _answer_all(office, ideas, ANSWERS, projects)

    # The closed process: created directly (its phases are over, so the services would refuse),
    # counters set from the rows written in the same transaction.
    closed = _ensure_process(CLOSED_SLUG, CLOSED_PROCESS, CLOSED_FIELDS, closed_phases(today))
    closed_start = closed_phases(today)[0]["starts_at"]
    closed_ideas = {}
    for key, number, author, title, description, location, n_supports in CLOSED_IDEAS:
        idea = Idea.objects.filter(process=closed, title=title).first()
        if idea is None:
            created = closed_start + timedelta(days=rng.randint(1, 35))
            idea = Idea.objects.create(
                process=closed, field=fields[number], author=users[_username(author)], title=title,
                description=description, location_label=location, created=created,
            )
            IdeaEvent.objects.create(idea=idea, kind=IdeaEventKind.SUBMITTED, actor=idea.author, created=created)
            supporters = [u for name, u in users.items() if name != _username(author)][:n_supports]
            Support.objects.bulk_create([Support(idea=idea, user=u, created=created) for u in supporters])
            Idea.objects.filter(pk=idea.pk).update(support_count=Support.objects.filter(idea=idea).count())
            idea.refresh_from_db()
        closed_ideas[key] = idea
    if office is not None:
        _answer_all(office, closed_ideas, CLOSED_ANSWERS, projects)

    # A guest's comment on the Bitkom news post, waiting in the moderation queue.
    post = NewsPostPage.objects.filter(slug=BITKOM_FINAL).first()
    if post is not None:
        _ensure_comment(post, None, GUEST_COMMENT["text"], guest_name=GUEST_COMMENT["guest_name"],
                        guest_email=GUEST_COMMENT["guest_email"])
    return participation_counts()


def _answer_all(office, ideas, answers, projects):
    for key, (state, text, project_title) in answers.items():
        idea = Idea.objects.get(pk=ideas[key].pk)
        if idea.state == state and idea.answer_text == text:
            continue
        project = projects.get(project_title) if project_title else None
        idea_services.answer_idea(office, idea, state, text, project=project)


def participation_counts():
    return {
        "processes": Process.objects.count(),
        "ideas": Idea.objects.count(),
        "supports": Support.objects.count(),
        "comments": Comment.objects.count(),
        "residents": get_user_model().objects.filter(username__startswith="demo-").count(),
    }
