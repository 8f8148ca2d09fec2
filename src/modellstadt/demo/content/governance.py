"""Bodies, members and decisions. Members are named by their role, not by invented people."""

from datetime import date

from modellstadt.demo.content import organisations as o
from modellstadt.demo.content import projects as p
from modellstadt.demo.content import sources
from modellstadt.demo.content.schema import Body, DecisionSpec, sourced

STEERING = "Steuerkreis"
CORE_TEAM = "Kernteam"
OFFICE = "Programmbüro (PMO)"
COUNCIL = "Rat der Stadt Wolfsburg"
TEAM_INFRASTRUCTURE = "Feldteam Digitale Infrastruktur"
TEAM_PLATFORM = "Feldteam Offene digitale Plattform"
TEAM_EMOBILITY = "Feldteam Elektromobilität"
TEAM_ADMINISTRATION = "Feldteam Einfache Verwaltung"

ROLE_NAMES = "Mitglieder sind mit ihrer Funktion statt mit Namen angegeben."

BODIES = [
    Body(
        STEERING, "steering_committee", 1,
        "Oberstes Gremium des Programms. Der Steuerkreis legt die **strategische Richtung** fest, entscheidet "
        "über Schwerpunkte und Budgets und berichtet an den Rat und den Vorstand.",
        members=(
            ("Oberbürgermeister der Stadt Wolfsburg", o.CITY, "Vorsitz"),
            ("Mitglied des Vorstands der Volkswagen AG", o.VW, "Stellvertretender Vorsitz"),
            ("Weiteres Mitglied des Vorstands der Volkswagen AG", o.VW, "Mitglied"),
            ("Vorsitz des Betriebsrats der Volkswagen AG", o.WORKS_COUNCIL, "Mitglied"),
            ("Stadtbaurätin bzw. Stadtbaurat", o.CITY, "Mitglied, Geschäftsbereich Stadtentwicklung"),
        ),
        note=sourced(
            sources.EMOBILITAET, sources.BEHIND_THE_SCENES,
            detail="Zusammensetzung (Oberbürgermeister, Vorstandsmitglieder der Industrie, Betriebsrat) belegt. "
            + ROLE_NAMES + " Sitzverteilung und Stadtbaurat: Demo-Inhalt.",
        ),
    ),
    Body(
        CORE_TEAM, "core_team", 2,
        "Das Kernteam aus Stadt, Volkswagen AG und städtischen Gesellschaften **entscheidet über Ideen**, die "
        "aus den Feldern und Projekten kommen: Es bewertet Nutzen, Machbarkeit und Kosten und gibt Projekte frei.",
        members=(
            ("Leitung Team Digitalisierung", o.CITY, "Sprecherin bzw. Sprecher"),
            ("Leitung Digitalisierungsprojekte Wolfsburg", o.VW, "Mitglied"),
            ("Vorstand", o.STADTWERKE, "Mitglied"),
            ("Bereichsleitung Innovation", o.WOLFSBURG_AG, "Mitglied"),
            ("Geschäftsführung", o.WMG, "Mitglied"),
        ),
        note=sourced(
            sources.BEHIND_THE_SCENES,
            detail="Aufgabe und Zusammensetzung (Stadt, Industriepartner, städtische Gesellschaften) belegt. "
            + ROLE_NAMES + " Einzelne Sitze: Demo-Inhalt.",
        ),
    ),
    Body(
        OFFICE, "programme_office", 3,
        "Das Programmbüro **organisiert**: Es bereitet Sitzungen vor, hält das Projektportfolio aktuell, "
        "begleitet die Feldteams, pflegt dieses Portal und ist Ansprechstelle für Partner und Bürgerschaft.",
        members=(
            ("Programmleitung", o.CITY, "Leitung"),
            ("Projektmanagement und Controlling", o.CITY, "Portfolio und Berichte"),
            ("Kommunikation und Beteiligung", o.CITY, "Portal, Presse, Veranstaltungen"),
            ("Partnermanagement", o.VW, "Abgeordnet in das Programmbüro"),
        ),
        note=sourced(sources.BEHIND_THE_SCENES, detail="Existenz eines PMO belegt. " + ROLE_NAMES
                     + " Besetzung: Demo-Inhalt."),
    ),
    Body(
        COUNCIL, "other", 4,
        "Die gewählte Vertretung der Stadt. Der Rat hat die Absichtserklärung als Leitlinie der Digitalstrategie "
        "beschlossen; der Strategieausschuss lässt sich regelmäßig über den Projektstand berichten.",
        note=sourced(sources.MICROSITE, sources.PROJECT_STATUS),
    ),
    Body(
        TEAM_INFRASTRUCTURE, "field_team", 10, "Plant und steuert den Ausbau von Glasfaser und WLAN.",
        field=3,
        members=(("Geschäftsführung Netzausbau", o.WOBCOM, "Feldleitung"),
                 ("Tiefbauamt", o.CITY, "Genehmigungen"),
                 ("Schulverwaltung", o.CITY, "Schulanschlüsse")),
    ),
    Body(
        TEAM_PLATFORM, "field_team", 11, "Entwickelt die offene Plattform und die Regeln für den Datenzugang.",
        field=2,
        members=(("Projektleitung Smart City", o.STADTWERKE, "Feldleitung"),
                 ("Datenschutzbeauftragte bzw. Datenschutzbeauftragter", o.CITY, "Beratung"),
                 ("Vertretung der Entwicklergemeinschaft", o.OPEN_DATA_CLUB, "Mitglied")),
    ),
    Body(
        TEAM_EMOBILITY, "field_team", 12, "Plant Ladeinfrastruktur und elektrische Flotten.",
        field=5,
        members=(("Leitung Elektromobilität", o.VW, "Feldleitung"),
                 ("Netzplanung", o.STADTWERKE, "Mitglied"),
                 ("Betriebsleitung", o.WVG, "Mitglied"),
                 ("Verkehrsplanung", o.CITY, "Mitglied")),
    ),
    Body(
        TEAM_ADMINISTRATION, "field_team", 13, "Bringt Verwaltungsleistungen online und vereinfacht Abläufe.",
        field=8,
        members=(("Leitung Organisation und Digitalisierung", o.CITY, "Feldleitung"),
                 ("Leitung Bürgerservice", o.CITY, "Mitglied"),
                 ("Vertretung des Seniorenbeirats", o.SENIORS, "Prüfung auf Verständlichkeit")),
    ),
]

ALL_FIELDS = tuple(range(1, 11))

DECISIONS = [
    DecisionSpec(
        COUNCIL, date(2017, 2, 22), "Absichtserklärung als Leitlinie der Digitalstrategie",
        "Der Rat beschließt die am 5. Dezember 2016 unterzeichnete Absichtserklärung zwischen der Stadt Wolfsburg "
        "und der Volkswagen AG als **Leitlinie der Digitalstrategie** der Stadt.",
        fields=ALL_FIELDS,
        note=sourced(sources.MICROSITE, sources.WOLFSBURGDIGITAL, detail="Wortlaut des Beschlusstextes: Demo-Inhalt."),
    ),
    DecisionSpec(
        STEERING, date(2017, 3, 1), "Bewerbung im Wettbewerb „Digitale Stadt“",
        "Der Steuerkreis beschließt, sich mit #WolfsburgDigital am Wettbewerb „Digitale Stadt“ von Bitkom und "
        "Deutschem Städte- und Gemeindebund zu bewerben. Das Programmbüro stellt die Unterlagen bis zur Frist am "
        "15. März 2017 zusammen.",
        fields=(1,),
        note=sourced(sources.BITKOM_COMPETITION, detail="Frist und Teilnahme (Finalist) belegt; Datum und Gremium "
                     "der Entscheidung: Demo-Annahme."),
    ),
    DecisionSpec(
        CORE_TEAM, date(2017, 11, 30), "Projektportfolio beschlossen",
        "Das Kernteam bewertet die 75 gesammelten Projekte und Ideen und gibt die ersten Vorhaben zur Umsetzung "
        "frei.",
        fields=ALL_FIELDS, projects=(p.IDEAS,),
        note=sourced(sources.PROJECT_STATUS, detail="Zahl von 75 Projekten und Ideen belegt; Datum: Demo-Annahme."),
    ),
    DecisionSpec(
        CORE_TEAM, date(2018, 1, 15), "Glasfaserausbau im ganzen Stadtgebiet",
        "Das Kernteam gibt den stadtweiten Glasfaserausbau frei. Schulen und bisher schlecht versorgte "
        "Stadtteile haben Vorrang.",
        fields=(3,), projects=(p.FIBRE,),
    ),
    DecisionSpec(
        CORE_TEAM, date(2018, 11, 30), "Standortkonzept für Ladeparks",
        "Das Kernteam beschließt das Standortkonzept für Schnellladeparks im Stadtgebiet.",
        fields=(5,), projects=(p.CHARGING_PARKS,),
    ),
    DecisionSpec(
        TEAM_EMOBILITY, date(2019, 2, 28), "Induktives Laden an Taxiständen wird nicht weiterverfolgt",
        "Nach der Machbarkeitsstudie empfiehlt das Feldteam, die Mittel in Schnellladepunkte umzuschichten.",
        fields=(5,), projects=("Induktives Laden an Taxiständen",),
    ),
    DecisionSpec(
        STEERING, date(2019, 9, 1), "Neuordnung in vier Handlungsfelder",
        "Für die Umsetzung werden die zehn Kooperationsfelder in **vier Handlungsfeldern** gebündelt. Die Felder "
        "bleiben als thematische Ordnung erhalten; Projekte behalten ihr Feld.",
        fields=ALL_FIELDS,
        note=sourced(sources.PROJECT_STATUS, detail="Die Neuordnung in vier Handlungsfelder ist belegt; Datum, "
                     "Gremium und Wortlaut sind Demo-Annahmen."),
    ),
    DecisionSpec(
        CORE_TEAM, date(2020, 3, 31), "Online-Marktplatz eingestellt",
        "Der Online-Marktplatz wird eingestellt; die Erfahrungen fließen in „Click & Collect“ ein.",
        fields=(10,), projects=(p.ONLINE_MARKET, "Click & Collect in der Innenstadt"),
    ),
    DecisionSpec(
        CORE_TEAM, date(2020, 5, 15), "Digitale Bürgerplattform beauftragt",
        "Das Kernteam beauftragt eine Bürgerplattform mit Beteiligungsbereich und Mängelmelder; Start im Sommer "
        "2021.",
        fields=(8,), projects=(p.CITIZEN_PLATFORM,),
        note=sourced(sources.CITIZEN_PLATFORM, detail="Start 2021 belegt; Datum und Gremium des Beschlusses: "
                     "Demo-Annahme."),
    ),
]
