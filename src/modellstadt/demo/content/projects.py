"""Projects of the demo city: the public example projects of #WolfsburgDigital (with sources; the
details around them are demo content) and invented projects, at least three per field."""

from datetime import date
from decimal import Decimal

from modellstadt.demo.content import organisations as o
from modellstadt.demo.content import sources
from modellstadt.demo.content.schema import Place, Project, sourced

EMBELLISHED = (
    "Das Projekt ist öffentlich belegt; Beschreibung, Termine, Partner, Meilensteine und Meldungen sind "
    "ausgeschmückter Demo-Inhalt."
)


def public(*urls):
    return sourced(*urls, detail=EMBELLISHED)


def place(label, lat, lon):
    return Place(f"{label} (ungefähre Lage)", Decimal(lat), Decimal(lon))


CITY_CENTRE = place("Innenstadt, Porschestraße", "52.422700", "10.786500")
STATION = place("Hauptbahnhof Wolfsburg", "52.429200", "10.788000")
NORDKOPF = place("Nordkopf am Mittellandkanal", "52.432500", "10.795000")
OSTFALIA_CAMPUS = place("Ostfalia, Standort Wolfsburg", "52.419500", "10.780000")
KLINIKUM_SITE = place("Klinikum Wolfsburg", "52.405500", "10.772500")
DETMERODE = place("Detmerode", "52.395500", "10.739000")
FALLERSLEBEN = place("Fallersleben", "52.416000", "10.715000")
VORSFELDE = place("Vorsfelde", "52.442000", "10.844000")
WESTHAGEN = place("Westhagen", "52.402000", "10.732000")
ALLERPARK = place("Allerpark", "52.433000", "10.805000")

# Titles used by decisions and news (keep in sync with the titles below).
FIBRE = "Glasfaserausbau für ganz Wolfsburg"
MARKET_HALL = "Markthalle „Digitale Ideen“"
CHARGING_PARKS = "Ladeparks im Stadtgebiet"
LIVING_LAB = "Reallabor-Quartier"
MOBILITY_ASSISTANT = "Urbaner Mobilitätsassistent"
LOGISTICS = "Pilotprojekte urbane Logistik"
CITY_APP = "Wolfsburg-App als Open Source"
CITIZEN_PLATFORM = "Digitale Bürgerplattform mit Beteiligung und Mängelmelder"
IDEAS = "Ideensammlung und Projektportfolio"
ONLINE_MARKET = "Online-Marktplatz für den lokalen Handel"

PROJECTS = [
    # --- 1 Gemeinsame Digitalisierungsstrategie --------------------------------------------------------
    Project(
        1, "Urbanes Kompetenzzentrum",
        summary="Ein Team, das Wissen aus allen Feldern bündelt, Projekte berät und Ergebnisse teilt.",
        description=(
            "Das Kompetenzzentrum ist Anlaufstelle für alle, die im Programm ein Projekt beginnen wollen. Es "
            "hilft bei Zielbild, Datenschutz, Ausschreibung und Wirkungsmessung.\n\n"
            "Erfahrungen werden in einem offenen Handbuch festgehalten, damit andere Städte davon lernen können."
        ),
        citizens="Projekte werden schneller und einheitlicher umgesetzt; Ergebnisse sind öffentlich nachlesbar.",
        economy="Unternehmen finden eine feste Ansprechstelle und verlässliche Regeln für die Zusammenarbeit.",
        status="operation", start=date(2017, 9, 1), lead=o.CITY,
        partners=((o.VW, "Partner der Absichtserklärung"), (o.OSTFALIA, "Wissenschaftliche Begleitung")),
        place=CITY_CENTRE,
        milestones=(
            ("Team besetzt", date(2018, 1, 31), True),
            ("Handbuch „Projekte im Programm“ veröffentlicht", date(2019, 6, 30), True),
            ("Beratungsangebot für Feldteams verstetigt", date(2020, 3, 31), True),
        ),
        updates=((date(2019, 7, 2), "Handbuch online", "Das Handbuch steht allen Feldteams zur Verfügung."),),
        easy="Ein Team hilft allen Projekten.\nDas Team weiß viel über digitale Technik.\nEs teilt sein Wissen.",
        note=sourced(sources.EMOBILITAET, detail="Das Kompetenzzentrum als Ziel des Feldes ist belegt; "
                     "Umsetzung, Termine und Partner sind Demo-Inhalt."),
    ),
    Project(
        1, IDEAS,
        summary="Früh im Programm wurden 75 Projekte und Ideen aus allen Feldern gesammelt und bewertet.",
        description=(
            "Verwaltung, Unternehmen, Einrichtungen und Bürgerschaft haben Vorschläge eingebracht. Das Kernteam "
            "hat sie nach Nutzen für Bürgerschaft und Wirtschaft, Machbarkeit und Kosten bewertet.\n\n"
            "Das Portfolio wird fortgeschrieben; neue Ideen können jederzeit eingereicht werden."
        ),
        citizens="Eigene Ideen fließen nachvollziehbar in die Planung ein.",
        economy="Firmen sehen früh, welche Vorhaben anstehen, und können sich als Partner einbringen.",
        status="completed", start=date(2017, 3, 1), end=date(2017, 12, 15), lead=o.CITY,
        partners=((o.VW, "Bewertung im Kernteam"), (o.STADTWERKE, "Bewertung im Kernteam")),
        milestones=(
            ("Aufruf zur Ideensammlung", date(2017, 4, 1), True),
            ("Bewertung im Kernteam abgeschlossen", date(2017, 11, 30), True),
        ),
        updates=((date(2017, 12, 15), "Portfolio steht", "75 Projekte und Ideen sind erfasst und bewertet."),),
        note=public(sources.PROJECT_STATUS),
    ),
    Project(
        1, "Wirkungsmessung mit Smart-City-Indikatoren",
        summary="Fortschritt messbar machen: Kennzahlen je Feld, angelehnt an den Smart City Index.",
        description=(
            "Für jedes Kooperationsfeld werden wenige, aussagekräftige Kennzahlen festgelegt, etwa die "
            "Glasfaserquote oder die Zahl der Online-Anträge. Sie werden jährlich veröffentlicht."
        ),
        citizens="Alle können sehen, ob das Programm seine Ziele erreicht.",
        economy="Vergleichbare Zahlen erleichtern Investitionsentscheidungen.",
        status="idea", lead=o.CITY, partners=((o.TU_BS, "Methodik"),),
    ),
    # --- 2 Offene digitale Plattform ---------------------------------------------------------------------
    Project(
        2, "Urbane Datenplattform",
        summary="Daten der städtischen Gesellschaften sicher und kontrolliert für neue Dienste bereitstellen.",
        description=(
            "Die Plattform verbindet Datenquellen von Stadt, Stadtwerken und Verkehrsbetrieb. Ein Rechte- und "
            "Rollenkonzept regelt, wer welche Daten zu welchem Zweck nutzen darf; personenbezogene Daten "
            "verlassen die Systeme nicht.\n\n"
            "Im Pilotbetrieb stehen Energie-, Parkraum- und Fahrplandaten über dokumentierte Schnittstellen bereit."
        ),
        citizens="Neue Dienste wie Parkplatzsuche oder Abfahrtsanzeigen werden möglich – ohne dass Daten über "
                 "Menschen weitergegeben werden.",
        economy="Entwicklerinnen und Entwickler erhalten geregelten Datenzugang statt vieler Einzelanfragen.",
        status="pilot", start=date(2018, 4, 1), budget=Decimal("1400000"), lead=o.STADTWERKE,
        partners=((o.DATENWERK, "Softwareentwicklung"), (o.WVG, "Datenlieferant"), (o.CITY, "Datenlieferant")),
        milestones=(
            ("Datenschutzkonzept abgestimmt", date(2018, 10, 31), True),
            ("Pilotbetrieb mit drei Datenquellen", date(2019, 9, 30), True),
            ("Übergang in den Regelbetrieb", date(2021, 6, 30), False),
        ),
        updates=(
            (date(2019, 10, 1), "Pilot gestartet", "Parkraum-, Energie- und Fahrplandaten sind angebunden."),
            (date(2020, 11, 20), "Zwischenbilanz", "Zwölf Entwicklerteams nutzen die Schnittstellen."),
        ),
        easy="Die Stadt sammelt Daten an einem Ort.\nFirmen können damit Apps bauen.\nDaten über Menschen "
             "bleiben geschützt.",
        note=sourced(sources.EMOBILITAET, detail="Ziel des Feldes belegt; Ausgestaltung als Projekt, Budget und "
                     "Termine sind Demo-Inhalt."),
    ),
    Project(
        2, CITY_APP,
        summary="Die Stadt-App mit Nachrichten, Terminen und Diensten – als Open Source gemeinsam mit anderen "
                "Städten entwickelt.",
        description=(
            "Die App bündelt Nachrichten, Veranstaltungen, Abfallkalender und Verkehrsinformationen. Der "
            "Quellcode ist offen; andere Städte nutzen und verbessern ihn mit.\n\n"
            "Neue Funktionen entstehen einmal und stehen allen beteiligten Städten zur Verfügung."
        ),
        citizens="Wichtige Informationen der Stadt an einem Ort, auf dem eigenen Telefon.",
        economy="Lokale Entwicklerfirmen können Module beisteuern; Kosten werden zwischen Städten geteilt.",
        status="operation", start=date(2019, 5, 1), lead=o.STADTWERKE,
        partners=((o.APP_COMMUNITY, "Gemeinsame Weiterentwicklung"), (o.ALLERDIGITAL, "App-Entwicklung"),
                  (o.WAS, "Abfallkalender")),
        milestones=(
            ("Erste Version in den App-Stores", date(2020, 3, 31), True),
            ("Abfallkalender und Push-Nachrichten", date(2020, 10, 31), True),
        ),
        updates=((date(2020, 4, 2), "App veröffentlicht", "Die App ist kostenlos für Android und iOS erhältlich."),),
        easy="Es gibt eine App für Wolfsburg.\nEine App ist ein Programm für das Handy.\nDort stehen Neuigkeiten "
             "und Termine.",
        note=public(sources.CITY_APP, sources.PROJECT_STATUS),
    ),
    Project(
        2, "Offene Daten Wolfsburg",
        summary="Nicht personenbezogene Daten der Stadt als offene Daten nach DCAT-AP.de veröffentlichen.",
        description=(
            "Ein Datenkatalog veröffentlicht Haushaltsdaten, Standorte, Statistiken und Umweltdaten unter "
            "offenen Lizenzen. Die Metadaten folgen DCAT-AP.de, damit GovData den Katalog übernehmen kann."
        ),
        citizens="Mehr Transparenz: Wer will, kann die Daten selbst auswerten.",
        economy="Offene Daten sind Rohstoff für Apps, Analysen und Forschung.",
        status="preparation", start=date(2021, 1, 1), lead=o.CITY,
        partners=((o.OPEN_DATA_CLUB, "Beratung und Anwendungsbeispiele"), (o.DATENWERK, "Katalogsoftware")),
        milestones=(("Liste der ersten 50 Datensätze", date(2021, 6, 30), True),
                    ("Katalog an GovData angebunden", date(2022, 3, 31), False)),
    ),
    Project(
        2, "Echtzeit-Fahrplandaten",
        summary="Ist-Abfahrtszeiten der Busse als offene Schnittstelle für Apps und Anzeigen.",
        description=(
            "Die Busse melden ihre Position; daraus entstehen Prognosen der Abfahrtszeiten. Die Daten werden in "
            "einem verbreiteten Standardformat über die Datenplattform bereitgestellt."
        ),
        citizens="Wer auf den Bus wartet, sieht die tatsächliche Abfahrtszeit.",
        economy="Navigations- und Mobilitätsdienste können die Daten ohne Einzelverträge nutzen.",
        status="implementation", start=date(2020, 2, 1), budget=Decimal("320000"), lead=o.WVG,
        partners=((o.STADTWERKE, "Datenplattform"),),
        place=STATION,
        milestones=(("Fahrzeuge mit Ortung ausgestattet", date(2020, 12, 31), True),
                    ("Schnittstelle öffentlich", date(2021, 9, 30), False)),
    ),
    # --- 3 Digitale Infrastruktur ------------------------------------------------------------------------
    Project(
        3, FIBRE,
        summary="Gigabitfähige Glasfaseranschlüsse für Haushalte, Unternehmen und Schulen im ganzen Stadtgebiet.",
        description=(
            "Der Ausbau erfolgt Stadtteil für Stadtteil. Vorrang haben Gebiete, die bisher schlecht versorgt "
            "sind, sowie Schulen und Gewerbegebiete.\n\n"
            "Das Investitionsvolumen liegt bei rund 88 Millionen Euro."
        ),
        citizens="Schnelles, stabiles Internet für Arbeit, Schule und Freizeit zu Hause.",
        economy="Unternehmen aller Größen erhalten gigabitfähige Anschlüsse; Baufirmen aus der Region profitieren "
                "vom Ausbau.",
        status="implementation", start=date(2018, 1, 1), budget=Decimal("88000000"), lead=o.WOBCOM,
        partners=((o.STADTWERKE, "Muttergesellschaft, Finanzierung"), (o.CITY, "Genehmigungen und Koordination")),
        place=FALLERSLEBEN,
        milestones=(
            ("Ausbauplan für alle Stadtteile", date(2018, 6, 30), True),
            ("Erste 10.000 Anschlüsse", date(2020, 12, 31), True),
            ("Alle Stadtteile erschlossen", date(2025, 12, 31), False),
        ),
        updates=(
            (date(2019, 4, 15), "Spatenstich in Fallersleben", "Die Bauarbeiten im ersten Ausbaugebiet beginnen."),
            (date(2021, 1, 20), "Projektstand im Strategieausschuss",
             "Die Verwaltung berichtet über den Stand des Ausbaus und die nächsten Ausbaugebiete."),
        ),
        easy="In ganz Wolfsburg kommen neue Internet-Kabel in die Erde.\nDann ist das Internet sehr schnell.",
        note=public(sources.PROJECT_STATUS),
    ),
    Project(
        3, "Öffentliches WLAN in der Innenstadt",
        summary="Kostenloses WLAN an zentralen Plätzen, im Bahnhofsumfeld und in Bürgerbüros.",
        description=(
            "Das Netz ist ohne Registrierung nutzbar und speichert keine Daten über das Surfverhalten. "
            "Es wird schrittweise auf weitere Plätze ausgeweitet."
        ),
        citizens="Kostenloser Internetzugang unterwegs, auch für Gäste der Stadt.",
        economy="Belebt die Innenstadt; Händler können ihre Angebote digital bewerben.",
        status="operation", start=date(2017, 6, 1), end=date(2018, 5, 31), lead=o.WOBCOM,
        partners=((o.TRADERS, "Standortauswahl"),),
        place=CITY_CENTRE,
        milestones=(("Porschestraße versorgt", date(2018, 3, 31), True),),
        note=sourced(sources.EMOBILITAET, detail="Öffentliches WLAN als Ziel belegt; Projektdetails Demo-Inhalt."),
    ),
    Project(
        3, "LoRaWAN-Funknetz für Sensoren",
        summary="Ein stromsparendes Funknetz für Sensoren, etwa für Parkplätze, Pegel und Luftqualität.",
        description="Gateways auf städtischen Gebäuden decken das Stadtgebiet ab. Das Netz steht auch Vereinen "
                    "und Schulen für eigene Messprojekte offen.",
        citizens="Aktuelle Umweltdaten und neue Dienste wie freie Parkplätze in Echtzeit.",
        economy="Unternehmen können eigene Sensoren günstig anbinden.",
        status="pilot", start=date(2019, 3, 1), budget=Decimal("250000"), lead=o.STADTWERKE,
        partners=((o.OPEN_DATA_CLUB, "Messprojekte mit Schulen"), (o.OSTFALIA, "Auswertung")),
        place=OSTFALIA_CAMPUS,
        milestones=(("15 Gateways in Betrieb", date(2019, 12, 31), True),
                    ("Flächendeckung", date(2021, 12, 31), False)),
        updates=((date(2020, 2, 10), "Erste Luftmessstationen", "Zehn Messstationen senden Daten zur Luftqualität."),),
    ),
    Project(
        3, "Glasfaser für alle Schulen",
        summary="Jede Schule erhält einen Glasfaseranschluss und ein flächendeckendes WLAN im Gebäude.",
        description="Der Anschluss der Schulen wurde im Glasfaserausbau vorgezogen. Parallel wurde die "
                    "Verkabelung in den Gebäuden erneuert.",
        citizens="Digitales Lernen funktioniert in jedem Klassenraum.",
        economy="Aufträge für regionale Elektro- und IT-Betriebe.",
        status="completed", start=date(2018, 8, 1), end=date(2021, 7, 31), budget=Decimal("6500000"),
        lead=o.CITY, partners=((o.WOBCOM, "Netzanschluss"),),
        milestones=(("Hälfte der Schulen angeschlossen", date(2019, 12, 31), True),
                    ("Alle Schulen angeschlossen", date(2021, 7, 31), True)),
    ),
    # --- 4 Reallabor ---------------------------------------------------------------------------------
    Project(
        4, LIVING_LAB,
        summary="Ein Wohnquartier als Reallabor: neue digitale Dienste gemeinsam mit den Menschen vor Ort erproben.",
        description=(
            "Im Quartier werden Mobilitätsangebote, smarte Haustechnik und Nachbarschaftsdienste getestet. "
            "Ein Quartiersbüro sammelt Rückmeldungen; regelmäßige Treffen entscheiden mit, was weiterläuft.\n\n"
            "Alle Tests sind freiwillig, und Daten werden nur mit Einwilligung erhoben."
        ),
        citizens="Bewohnerinnen und Bewohner probieren Neues zuerst aus und gestalten es mit.",
        economy="Unternehmen testen Angebote unter Alltagsbedingungen und erhalten direkte Rückmeldung.",
        status="pilot", start=date(2019, 9, 1), budget=Decimal("2800000"), lead=o.WOLFSBURG_AG,
        partners=((o.NEULAND, "Wohnungen und Quartiersbüro"), (o.VW, "Mobilitätsangebote"),
                  (o.TU_BS, "Begleitforschung")),
        place=DETMERODE,
        milestones=(
            ("Quartiersbüro eröffnet", date(2019, 11, 30), True),
            ("Erste Testphase ausgewertet", date(2021, 3, 31), True),
            ("Entscheidung über Regelbetrieb", date(2022, 6, 30), False),
        ),
        updates=((date(2019, 11, 22), "Quartiersbüro offen",
                  "Das Büro ist dienstags und donnerstags besetzt; jede und jeder kann vorbeikommen."),),
        easy="In einem Stadt-Teil werden neue Ideen ausprobiert.\nDie Menschen dort machen mit.\nSie sagen, was "
             "gut ist.",
        note=public(sources.PROJECT_STATUS),
    ),
    Project(
        4, "Testfeld automatisiertes Fahren",
        summary="Automatisierte Fahrzeuge auf einer festgelegten Strecke im Stadtverkehr erproben.",
        description="Auf einer Strecke zwischen Bahnhof und Innenstadt wird Infrastruktur für vernetztes Fahren "
                    "erprobt, etwa Ampeln, die ihre Schaltzeiten an Fahrzeuge senden. Sicherheitsfahrer sind stets "
                    "an Bord.",
        citizens="Langfristig sicherere Straßen und neue Angebote für Menschen ohne eigenes Auto.",
        economy="Forschung und Industrie in der Region erhalten ein Testfeld vor der Haustür.",
        status="preparation", start=date(2020, 1, 1), lead=o.VW,
        partners=((o.DLR, "Forschung vernetztes Fahren"), (o.CITY, "Verkehrsbehörde"), (o.WVG, "Linienverkehr")),
        place=STATION,
        milestones=(("Strecke festgelegt", date(2020, 6, 30), True),
                    ("Ampeln vernetzt", date(2021, 12, 31), False)),
        note=sourced(sources.EMOBILITAET, detail="Automatisiertes Fahren als Beispiel im Feld belegt; dieses "
                     "Testfeld ist Demo-Inhalt."),
    ),
    Project(
        4, MOBILITY_ASSISTANT,
        summary="Eine App, die Bus, Rad, Carsharing und Fußwege zu einer Reise verbindet.",
        description="Der Assistent schlägt Wege vor, zeigt Abfahrten in Echtzeit und freie Leihräder. Er nutzt "
                    "die Daten der offenen Plattform.",
        citizens="Ohne eigenes Auto schnell und einfach ans Ziel.",
        economy="Mobilitätsanbieter erreichen mehr Kundschaft; Pendlerverkehr wird entlastet.",
        status="pilot", start=date(2019, 4, 1), lead=o.VW,
        partners=((o.WVG, "Fahrplandaten"), (o.STADTWERKE, "Datenplattform"), (o.ALLERDIGITAL, "Gestaltung")),
        milestones=(("Testversion mit 500 Nutzenden", date(2020, 6, 30), True),
                    ("Integration in die Wolfsburg-App", date(2021, 12, 31), False)),
        updates=((date(2020, 7, 15), "Testphase ausgewertet",
                  "Die Nutzenden wünschen sich vor allem verlässliche Echtzeitdaten."),),
        note=public(sources.PROJECT_STATUS),
    ),
    Project(
        4, LOGISTICS,
        summary="Mikro-Depots und Lastenräder für die letzte Meile in der Innenstadt erproben.",
        description="Paketdienste liefern gebündelt an ein Mikro-Depot; von dort geht es mit Lastenrädern weiter. "
                    "Ergänzend werden Paketstationen an Haltestellen getestet.",
        citizens="Weniger Lieferverkehr, Lärm und zugeparkte Gehwege.",
        economy="Logistikfirmen sparen Wege; Händler können Lieferungen am selben Tag anbieten.",
        status="pilot", start=date(2020, 5, 1), budget=Decimal("450000"), lead=o.KANALHAFEN,
        partners=((o.TRADERS, "Teilnehmende Geschäfte"), (o.CITY, "Flächen und Genehmigungen")),
        place=CITY_CENTRE,
        milestones=(("Mikro-Depot in Betrieb", date(2020, 9, 1), True),
                    ("Auswertung der Pilotphase", date(2021, 10, 31), False)),
        note=public(sources.PROJECT_STATUS),
    ),
    # --- 5 Elektromobilität -----------------------------------------------------------------------------
    Project(
        5, CHARGING_PARKS,
        summary="Schnellladeparks an gut erreichbaren Orten im Stadtgebiet.",
        description=(
            "Ladeparks bündeln viele Schnellladepunkte an einem Ort, etwa an Ausfallstraßen, Parkhäusern und "
            "Einkaufszentren. Sie sind öffentlich zugänglich und mit gängigen Ladekarten nutzbar.\n\n"
            "Die Standorte wurden nach Verkehrsaufkommen und Netzanschluss ausgewählt."
        ),
        citizens="Laden in kurzer Zeit, auch ohne eigene Wallbox.",
        economy="Mehr Elektrofahrzeuge im Alltag; Standorte werten angrenzende Geschäfte auf.",
        status="implementation", start=date(2018, 6, 1), budget=Decimal("9000000"), lead=o.VW,
        partners=((o.STADTWERKE, "Netzanschluss und Strom"), (o.LADENETZ, "Betrieb"), (o.CITY, "Flächen")),
        place=NORDKOPF,
        milestones=(
            ("Standortkonzept beschlossen", date(2018, 11, 30), True),
            ("Erster Ladepark eröffnet", date(2019, 9, 30), True),
            ("Fünf Ladeparks in Betrieb", date(2022, 12, 31), False),
        ),
        updates=((date(2019, 9, 27), "Erster Ladepark eröffnet",
                  "Am Nordkopf stehen die ersten Schnellladepunkte zur Verfügung."),),
        easy="An einigen Orten gibt es viele Lade-Stationen zusammen.\nDort laden Elektro-Autos sehr schnell.",
        note=public(sources.PROJECT_STATUS),
    ),
    Project(
        5, "Laden im Wohnquartier",
        summary="Ladepunkte an Mehrfamilienhäusern und in Quartiersgaragen.",
        description="Mieterinnen und Mieter können einen Ladepunkt in der Nähe ihrer Wohnung buchen. Abgerechnet "
                    "wird über den Stromvertrag.",
        citizens="Wer zur Miete wohnt, kann zu Hause laden.",
        economy="Aufträge für Elektrobetriebe; Wohnungen werden attraktiver.",
        status="operation", start=date(2019, 1, 1), budget=Decimal("1200000"), lead=o.NEULAND,
        partners=((o.STADTWERKE, "Stromlieferung"), (o.LADENETZ, "Installation")),
        place=WESTHAGEN,
        milestones=(("200 Ladepunkte installiert", date(2020, 12, 31), True),),
    ),
    Project(
        5, "Elektrobusse im Stadtverkehr",
        summary="Umstellung der Busflotte auf Elektroantrieb mit Laden im Betriebshof.",
        description="Die Busse werden nachts im Betriebshof geladen. Die Umstellung erfolgt linienweise.",
        citizens="Leisere Busse und bessere Luft an den Hauptstraßen.",
        economy="Wartung und Ladeinfrastruktur schaffen Arbeit in der Region.",
        status="implementation", start=date(2019, 6, 1), budget=Decimal("15000000"), lead=o.WVG,
        partners=((o.STADTWERKE, "Ladeinfrastruktur Betriebshof"),),
        milestones=(("Erste Linie elektrisch", date(2020, 8, 31), True),
                    ("Hälfte der Flotte elektrisch", date(2023, 12, 31), False)),
        updates=((date(2020, 9, 1), "Linie elektrisch unterwegs", "Die erste Linie fährt vollständig elektrisch."),),
        easy="Die Busse in Wolfsburg fahren mit Strom.\nSie sind leise.\nDie Luft wird besser.",
    ),
    Project(
        5, "Induktives Laden an Taxiständen",
        summary="Kabelloses Laden für Elektrotaxis an Taxiständen – nach Machbarkeitsstudie eingestellt.",
        description="Die Studie zeigte hohe Kosten und geringe Nachfrage. Das Kernteam hat entschieden, das Geld "
                    "stattdessen in Schnellladepunkte zu investieren.",
        citizens="Die Mittel fließen in Ladepunkte, die alle nutzen können.",
        economy="Die Studie liefert Erkenntnisse für spätere Vorhaben.",
        status="stopped", start=date(2018, 3, 1), end=date(2019, 2, 28), budget=Decimal("80000"), lead=o.LADENETZ,
        partners=((o.OSTFALIA, "Machbarkeitsstudie"),),
        place=STATION,
        milestones=(("Machbarkeitsstudie vorgelegt", date(2019, 1, 31), True),),
        updates=((date(2019, 2, 28), "Projekt eingestellt",
                  "Die Mittel werden für Schnellladepunkte verwendet."),),
    ),
    # --- 6 Neues Software- und IT-Geschäft ----------------------------------------------------------------
    Project(
        6, MARKET_HALL,
        summary="Eine Markthalle in der Innenstadt, in der digitale Ideen ausgestellt, erklärt und ausprobiert "
                "werden.",
        description=(
            "Unternehmen, Hochschulen und Start-ups zeigen ihre Projekte. Es gibt Vorträge, Sprechstunden des "
            "Programmbüros und Mitmach-Angebote für Kinder.\n\n"
            "Besucherinnen und Besucher können eigene Ideen einreichen."
        ),
        citizens="Digitale Projekte zum Anfassen; eigene Ideen direkt einbringen.",
        economy="Start-ups und IT-Firmen werden sichtbar und finden Partner und Kundschaft.",
        status="completed", start=date(2018, 3, 1), end=date(2018, 12, 31), lead=o.WOLFSBURG_AG,
        partners=((o.CITY, "Programmbüro vor Ort"), (o.VW, "Ausstellung"), (o.OSTFALIA, "Ausstellung")),
        place=CITY_CENTRE,
        milestones=(("Eröffnung", date(2018, 5, 15), True), ("Abschlussbericht", date(2019, 1, 31), True)),
        updates=((date(2018, 12, 20), "Bilanz", "Tausende Besucherinnen und Besucher und über 200 Ideen."),),
        easy="In der Stadt gab es eine Halle.\nDort konnten alle neue digitale Ideen ansehen und ausprobieren.",
        note=sourced(sources.PROJECT_STATUS, detail="Eine Markthalle für digitale Ideen im Jahr 2018 ist belegt; "
                     "der deutsche Titel ist eine Übersetzung. " + EMBELLISHED),
    ),
    Project(
        6, "Coworking und Gründungszentrum Digital",
        summary="Arbeitsplätze, Beratung und Netzwerk für IT-Gründungen in Bahnhofsnähe.",
        description="Gründerteams mieten flexibel Arbeitsplätze und erhalten Beratung zu Finanzierung und "
                    "Geschäftsmodell. Einmal im Monat stellen sie ihre Arbeit öffentlich vor.",
        citizens="Neue Arbeitsplätze und ein offener Ort für Veranstaltungen.",
        economy="Gründungen bleiben in der Stadt; Unternehmen finden Partner für Projekte.",
        status="operation", start=date(2018, 9, 1), lead=o.WERKHALLE,
        partners=((o.WOLFSBURG_AG, "Gründungsberatung"), (o.IHK, "Beratung"), (o.WMG, "Vermarktung")),
        place=STATION,
        milestones=(("Eröffnung", date(2019, 2, 1), True),),
    ),
    Project(
        6, "Hackathon #WolfsburgDigital",
        summary="Ein Wochenende, an dem Teams mit offenen Daten Prototypen für die Stadt entwickeln.",
        description="Teams aus Schulen, Hochschule, Unternehmen und Bürgerschaft arbeiten an Aufgaben, die "
                    "Feldteams gestellt haben. Die besten Prototypen werden im Reallabor weiterentwickelt.",
        citizens="Mitmachen ohne Vorkenntnisse; Ideen werden schnell sichtbar.",
        economy="Talente lernen Unternehmen kennen – und umgekehrt.",
        status="completed", start=date(2019, 10, 11), end=date(2019, 10, 13), lead=o.OPEN_DATA_CLUB,
        partners=((o.OSTFALIA, "Räume"), (o.STADTWERKE, "Daten und Preise"), (o.PHAENO, "Abschlussveranstaltung")),
        place=OSTFALIA_CAMPUS,
        updates=((date(2019, 10, 14), "14 Prototypen", "Drei Prototypen werden im Reallabor weiterentwickelt."),),
    ),
    Project(
        6, "Netzwerk IT-Fachkräfte Wolfsburg",
        summary="Ein Netzwerk, das IT-Fachkräfte für die Region gewinnt und hält.",
        description="Unternehmen stellen sich gemeinsam auf Messen und online vor; Zugezogene erhalten Hilfe bei "
                    "Wohnungssuche und Kinderbetreuung.",
        citizens="Neue Nachbarinnen und Nachbarn kommen leichter an.",
        economy="Offene Stellen werden schneller besetzt.",
        status="idea", lead=o.WMG, partners=((o.IHK, "Mitglied"), (o.VW, "Mitglied")),
    ),
    # --- 7 Innovative Stadtplanung -----------------------------------------------------------------------
    Project(
        7, "Digitaler Zwilling der Stadt",
        summary="Ein 3D-Stadtmodell mit aktuellen Daten für Planung und Beteiligung.",
        description="Das Modell zeigt Gebäude, Grün, Verkehr und Leitungen. Planungsvarianten können darin "
                    "verglichen und öffentlich gezeigt werden.",
        citizens="Pläne werden anschaulich; Beteiligung wird einfacher.",
        economy="Planungsbüros und Versorger arbeiten mit denselben Daten.",
        status="pilot", start=date(2020, 1, 1), budget=Decimal("900000"), lead=o.CITY,
        partners=((o.TU_BS, "Forschung"), (o.STADTWERKE, "Leitungsdaten")),
        milestones=(("Innenstadt im Modell", date(2020, 12, 31), True),
                    ("Ganzes Stadtgebiet", date(2022, 12, 31), False)),
    ),
    Project(
        7, "Bedarfsgerechte Kita-Planung",
        summary="Kita-Plätze dort schaffen, wo Familien wohnen – mit aktuellen Daten statt Schätzungen.",
        description="Melde-, Geburten- und Baudaten werden zusammengeführt und jährlich ausgewertet. Eine "
                    "Online-Vormerkung zeigt, wo Plätze fehlen.",
        citizens="Kürzere Wege zur Kita und mehr Planungssicherheit für Familien.",
        economy="Eltern können früher in den Beruf zurückkehren.",
        status="implementation", start=date(2019, 8, 1), lead=o.CITY,
        partners=((o.ALLERDIGITAL, "Online-Vormerkung"),),
        milestones=(("Online-Vormerkung gestartet", date(2020, 8, 1), True),
                    ("Erster datenbasierter Bedarfsplan", date(2021, 6, 30), False)),
        easy="Eltern können einen Kita-Platz im Internet anfragen.\nDie Stadt sieht dann: Hier fehlen Plätze.",
        note=sourced(sources.EMOBILITAET, detail="Bedarfsgerechte Kinderbetreuung als Ziel des Feldes belegt; "
                     "dieses Projekt ist Demo-Inhalt."),
    ),
    Project(
        7, "Online-Beteiligung in der Bauleitplanung",
        summary="Bebauungspläne online einsehen und kommentieren.",
        description="Während der öffentlichen Auslegung stehen Pläne und Unterlagen online; Stellungnahmen "
                    "können direkt am Plan abgegeben werden.",
        citizens="Mitreden ohne Termin im Rathaus.",
        economy="Verfahren werden schneller und nachvollziehbarer.",
        status="preparation", start=date(2021, 4, 1), lead=o.CITY,
        partners=((o.DATENWERK, "Software"),),
    ),
    Project(
        7, "Smartes Neubauquartier",
        summary="Ein neues Wohnquartier von Anfang an mit Glasfaser, Sharing-Angeboten und Energiesteuerung planen.",
        description="Mobilitätsstationen, Paketstationen und ein Quartiersnetz sind Teil des Bebauungsplans. "
                    "Erfahrungen aus dem Reallabor fließen ein.",
        citizens="Weniger Autos nötig, kurze Wege und moderne Infrastruktur.",
        economy="Bauwirtschaft und Anbieter neuer Dienste erhalten verlässliche Planungsgrundlagen.",
        status="idea", lead=o.NEULAND, partners=((o.CITY, "Bauleitplanung"), (o.WOBCOM, "Netzplanung")),
        place=VORSFELDE,
    ),
    # --- 8 Einfache Verwaltungsprozesse ------------------------------------------------------------------
    Project(
        8, CITIZEN_PLATFORM,
        summary="Eine Plattform, auf der sich Bürgerinnen und Bürger beteiligen und Mängel im Stadtbild melden.",
        description=(
            "Die Plattform verbindet Beteiligungsverfahren mit einem Mängelmelder: Schlaglöcher, defekte "
            "Laternen oder wilder Müll werden mit Foto und Ort gemeldet und von der zuständigen Stelle bearbeitet.\n\n"
            "Der Bearbeitungsstand ist öffentlich sichtbar. Die Schnittstelle folgt Open311."
        ),
        citizens="Probleme schnell melden, den Stand verfolgen und bei Planungen mitreden.",
        economy="Weniger Aufwand in der Verwaltung; Aufträge für lokale IT-Dienstleister.",
        status="operation", start=date(2020, 6, 1), lead=o.CITY,
        partners=((o.WAS, "Bearbeitung Müll und Straßenreinigung"), (o.DATENWERK, "Softwareentwicklung"),
                  (o.SENIORS, "Test auf Verständlichkeit")),
        place=CITY_CENTRE,
        milestones=(
            ("Beteiligungsbereich online", date(2021, 6, 30), True),
            ("Mängelmelder online", date(2021, 8, 31), True),
            ("Anbindung an die Wolfsburg-App", date(2022, 3, 31), False),
        ),
        updates=(
            (date(2021, 5, 20), "Start im Sommer", "Die Plattform geht im Sommer 2021 online."),
            (date(2021, 9, 15), "Erste Bilanz", "In den ersten Wochen gingen über 1.000 Meldungen ein."),
        ),
        easy="Auf einer Internet-Seite können Sie der Stadt etwas melden.\nZum Beispiel: Eine Lampe ist kaputt.\n"
             "Sie können dort auch Ihre Meinung sagen.",
        note=public(sources.CITIZEN_PLATFORM),
    ),
    Project(
        8, "Online-Terminvergabe im Bürgerbüro",
        summary="Termine für Ausweis, Meldewesen und Kfz-Zulassung online buchen.",
        description="Freie Termine aller Bürgerbüros sind online sichtbar. Eine Erinnerung kommt per E-Mail; "
                    "abgesagte Termine werden sofort wieder freigegeben.",
        citizens="Keine Warteschlange, kein Anruf nötig.",
        economy="Weniger Ausfallzeiten für Beschäftigte, die einen Behördentermin brauchen.",
        status="operation", start=date(2018, 2, 1), end=date(2018, 10, 31), lead=o.CITY,
        partners=((o.ALLERDIGITAL, "Barrierefreie Oberfläche"),),
        milestones=(("Alle Bürgerbüros angebunden", date(2018, 10, 31), True),),
    ),
    Project(
        8, "Online-Anträge nach dem Onlinezugangsgesetz",
        summary="Die häufigsten Verwaltungsleistungen vollständig online anbieten.",
        description="Anträge werden digital gestellt, bezahlt und beschieden. Begonnen wird mit Leistungen, die "
                    "besonders oft gefragt sind, etwa Anwohnerparken und Wohngeld.",
        citizens="Anträge rund um die Uhr und ohne Papier stellen.",
        economy="Unternehmen erledigen Gewerbeangelegenheiten online.",
        status="implementation", start=date(2019, 1, 1), budget=Decimal("2100000"), lead=o.CITY,
        partners=((o.DATENWERK, "Schnittstellen"),),
        milestones=(("20 Leistungen online", date(2021, 12, 31), True),
                    ("50 Leistungen online", date(2023, 6, 30), False)),
    ),
    Project(
        8, "Elektronische Akte",
        summary="Die Verwaltung arbeitet mit digitalen Akten statt Papier.",
        description="Die E-Akte wird Fachbereich für Fachbereich eingeführt, mit Schulungen für alle "
                    "Beschäftigten.",
        citizens="Anliegen werden schneller bearbeitet, Auskünfte sind schneller möglich.",
        economy="Weniger Wartezeit bei Genehmigungen.",
        status="implementation", start=date(2020, 1, 1), lead=o.CITY,
        milestones=(("Pilot im Bürgerservice", date(2020, 12, 31), True),),
    ),
    # --- 9 Digitale Bildung (Annahme) --------------------------------------------------------------------
    Project(
        9, "Bildungscloud für Wolfsburger Schulen",
        summary="Eine gemeinsame, datenschutzgerechte Lernplattform für alle Schulen der Stadt.",
        description="Lehrkräfte stellen Material und Aufgaben bereit; Schülerinnen und Schüler arbeiten "
                    "gemeinsam an Dokumenten. Die Daten liegen in einem Rechenzentrum in Deutschland.",
        citizens="Gleiche Chancen auf digitales Lernen in jeder Schule.",
        economy="Regionale IT-Dienstleister betreuen die Plattform.",
        status="pilot", start=date(2019, 8, 1), budget=Decimal("1600000"), lead=o.CITY,
        partners=((o.WOBCOM, "Rechenzentrum"), (o.PUPILS, "Rückmeldungen aus Sicht der Schülerschaft")),
        milestones=(("Zehn Pilotschulen", date(2020, 2, 28), True),
                    ("Alle Schulen angebunden", date(2022, 7, 31), False)),
        updates=((date(2020, 3, 20), "Schnell erweitert",
                  "Wegen der Schulschließungen wurde die Cloud für alle Schulen geöffnet."),),
        easy="Die Schulen haben einen Speicher im Internet.\nDort gibt es Aufgaben.\nSchüler können auch von zu "
             "Hause lernen.",
        note="Die Presse erwähnt eine Bildungscloud; eine zitierfähige Quelle liegt nicht vor. "
             "Projektdetails: Demo-Inhalt.",
    ),
    Project(
        9, "Tablets für Schulklassen",
        summary="Klassensätze an Tablets mit zentraler Verwaltung und Fortbildung für Lehrkräfte.",
        description="Die Geräte werden zentral eingerichtet und gewartet. Lehrkräfte erhalten Fortbildungen.",
        citizens="Schülerinnen und Schüler lernen mit aktuellen Geräten, unabhängig vom Geldbeutel der Eltern.",
        economy="Aufträge für regionale Fachhändler.",
        status="implementation", start=date(2020, 9, 1), budget=Decimal("3200000"), lead=o.CITY,
        partners=((o.VHS, "Fortbildung"),),
    ),
    Project(
        9, "Digitale Lernwerkstatt",
        summary="Ein offener Lernort in der Stadtbibliothek für digitale Grundkenntnisse.",
        description="Ehrenamtliche und Fachleute helfen beim Umgang mit Smartphone, Online-Diensten und "
                    "Datenschutz. Es gibt Kurse für ältere Menschen und für Familien.",
        citizens="Niemand wird bei der Digitalisierung zurückgelassen.",
        economy="Mehr Menschen können Online-Angebote lokaler Firmen nutzen.",
        status="operation", start=date(2019, 3, 1), lead=o.LIBRARY,
        partners=((o.VHS, "Kurse"), (o.SENIORS, "Angebote für Ältere"), (o.OPEN_DATA_CLUB, "Ehrenamtliche")),
        place=CITY_CENTRE,
        easy="In der Bücherei gibt es Hilfe für das Handy und den Computer.\nDie Hilfe ist kostenlos.",
    ),
    # --- 10 Online-Dienste und Online-Handel (Annahme) ----------------------------------------------------
    Project(
        10, ONLINE_MARKET,
        summary="Ein gemeinsamer Online-Marktplatz der Innenstadthändler – nach der Testphase eingestellt.",
        description="Der Marktplatz erreichte zu wenig Kundschaft; viele Geschäfte nutzen inzwischen eigene "
                    "Shops. Die Erfahrungen flossen in das Projekt „Click & Collect“ ein.",
        citizens="Lokal einkaufen auch von zu Hause – der Ansatz wird in anderer Form fortgeführt.",
        economy="Händler haben Erfahrung mit Online-Verkauf gesammelt.",
        status="stopped", start=date(2018, 10, 1), end=date(2020, 3, 31), lead=o.WMG,
        partners=((o.TRADERS, "Teilnehmende Geschäfte"), (o.ALLERDIGITAL, "Plattform")),
        milestones=(("Start mit 40 Geschäften", date(2018, 11, 15), True),),
        updates=((date(2020, 3, 31), "Marktplatz eingestellt",
                  "Die Erfahrungen gehen in das Angebot „Click & Collect“ ein."),),
    ),
    Project(
        10, "Click & Collect in der Innenstadt",
        summary="Online reservieren, im Geschäft abholen – mit einem gemeinsamen Verzeichnis der Geschäfte.",
        description="Ein Verzeichnis zeigt Öffnungszeiten und Angebote; Reservierungen gehen direkt an das "
                    "Geschäft.",
        citizens="Sicher sein, dass die Ware da ist, bevor man losgeht.",
        economy="Kleine Geschäfte werden online gefunden, ohne eigenen Shop.",
        status="operation", start=date(2020, 4, 1), lead=o.WMG,
        partners=((o.TRADERS, "Teilnehmende Geschäfte"), (o.STADTWERKE, "Einbindung in die Wolfsburg-App")),
        place=CITY_CENTRE,
        easy="Sie bestellen im Internet.\nDann holen Sie die Sachen im Geschäft ab.",
    ),
    Project(
        10, "Digitale Sprechstunde",
        summary="Video-Sprechstunden des Klinikums für Nachsorge und Beratung.",
        description="Nachsorgetermine und Beratungen finden per Video statt, wenn keine Untersuchung nötig ist. "
                    "Ein Pflegedienst unterstützt Menschen zu Hause bei der Technik.",
        citizens="Weniger Wege, besonders für ältere und kranke Menschen.",
        economy="Entlastet Praxen und Klinikum.",
        status="pilot", start=date(2020, 10, 1), lead=o.KLINIKUM,
        partners=((o.CARE, "Unterstützung zu Hause"),),
        place=KLINIKUM_SITE,
        milestones=(("Pilot in zwei Fachabteilungen", date(2021, 3, 31), True),),
    ),
    Project(
        10, "Lieferdienst lokaler Geschäfte per Lastenrad",
        summary="Einkäufe aus der Innenstadt am selben Tag klimafreundlich nach Hause liefern.",
        description="Geschäfte übergeben Bestellungen an ein Mikro-Depot; Lastenräder liefern im Stadtgebiet. "
                    "Das Angebot baut auf den Logistik-Piloten auf.",
        citizens="Bequem lokal einkaufen, ohne Auto.",
        economy="Lokale Geschäfte können mit großen Versandhändlern mithalten.",
        status="idea", lead=o.KANALHAFEN, partners=((o.TRADERS, "Geschäfte"), (o.WMG, "Vermarktung")),
        place=ALLERPARK,
    ),
]
