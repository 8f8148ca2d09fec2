"""The ten cooperation fields of #WolfsburgDigital. Names 1–8 are backed by public sources; the
names of fields 9 and 10 are assumptions and marked as such."""

from modellstadt.demo.content import organisations as o
from modellstadt.demo.content import sources
from modellstadt.demo.content.schema import Field, sourced

CONFIRMED = sourced(
    sources.EMOBILITAET, sources.BEHIND_THE_SCENES,
    detail="Name und Kern des Feldes sind belegt. Ist-Zustand, Vision, Feldleitung und Farbe: Demo-Inhalt.",
)
ASSUMED = (
    "Annahme: Die Bezeichnung dieses Feldes ist durch keine gefundene Quelle belegt. Die Presse erwähnt "
    "eine Bildungscloud, Online-Dienste und Online-Handel; daraus ist der Name abgeleitet. "
    "Alle Texte des Feldes sind Demo-Inhalt."
)

FIELDS = [
    Field(
        1, "digitalisierungsstrategie", "Gemeinsame Digitalisierungsstrategie",
        "Strategische Leitlinien für alle Kooperationsfelder und ein urbanes Kompetenzzentrum.",
        status=(
            "Stadt Wolfsburg und Volkswagen AG haben im Dezember 2016 eine Absichtserklärung unterzeichnet; "
            "der Rat hat sie im Februar 2017 als Leitlinie der Digitalstrategie beschlossen.\n\n"
            "- Viele Vorhaben entstehen noch getrennt in Verwaltung, Unternehmen und Einrichtungen.\n"
            "- Ideen werden gesammelt, aber noch nicht einheitlich bewertet."
        ),
        vision=(
            "Eine **gemeinsame Strategie** gibt allen Feldern Richtung und Maßstab: Jedes Projekt muss den "
            "Menschen in Wolfsburg und der lokalen Wirtschaft einen erkennbaren Nutzen bringen.\n\n"
            "Ein **urbanes Kompetenzzentrum** bündelt Wissen, berät Projekte und macht Ergebnisse für andere "
            "Städte nutzbar."
        ),
        lead_person="Leitung Team Digitalisierung, Geschäftsbereich Stadtentwicklung",
        lead_org=o.CITY, colour="#0b5cab",
        easy=(
            "Wolfsburg will eine digitale Stadt werden.\n"
            "Dafür gibt es einen Plan.\n"
            "Der Plan heißt: Strategie.\n"
            "Die Stadt und die Firma Volkswagen machen den Plan zusammen."
        ),
        note=CONFIRMED,
    ),
    Field(
        2, "offene-plattform", "Offene digitale Plattform",
        "Sicherer, kontrollierter Zugang zu Daten der städtischen Gesellschaften für neue Dienste.",
        status=(
            "Daten liegen verteilt bei Stadt, Stadtwerken, Verkehrsbetrieb und weiteren Gesellschaften. "
            "Es gibt kaum gemeinsame Schnittstellen; wer einen neuen Dienst entwickeln will, muss jeden Datensatz "
            "einzeln anfragen."
        ),
        vision=(
            "Eine **offene Plattform** stellt Entwicklerinnen und Entwicklern Daten der städtischen "
            "Gesellschaften sicher, kontrolliert und datenschutzgerecht bereit. Nicht personenbezogene Daten "
            "werden als offene Daten veröffentlicht."
        ),
        lead_person="Projektleitung Smart City der Stadtwerke",
        lead_org=o.STADTWERKE, colour="#00734a",
        easy=(
            "Die Stadt hat viele Daten.\n"
            "Zum Beispiel: Wann fährt der Bus?\n"
            "Diese Daten sollen an einem Ort liegen.\n"
            "Dann können Firmen gute Apps bauen.\n"
            "Daten über Menschen bleiben geschützt."
        ),
        note=CONFIRMED,
    ),
    Field(
        3, "digitale-infrastruktur", "Digitale Infrastruktur",
        "Gigabit-Glasfaser für die ganze Stadt und öffentliches WLAN.",
        status=(
            "Schnelles Internet ist ungleich verteilt: Gewerbegebiete und Neubaugebiete sind gut versorgt, "
            "ältere Wohngebiete und einzelne Ortsteile nicht. Öffentliches WLAN gibt es nur an wenigen Orten."
        ),
        vision=(
            "Jeder Haushalt, jedes Unternehmen und jede Schule kann einen **Glasfaseranschluss** bekommen. "
            "Öffentliche Plätze, Bürgerbüros und Busse bieten freies WLAN."
        ),
        lead_person="Geschäftsführung Netzausbau",
        lead_org=o.WOBCOM, colour="#8a3b00",
        easy=(
            "Das Internet soll in ganz Wolfsburg schnell sein.\n"
            "Dafür legt die Stadt neue Kabel.\n"
            "Die Kabel heißen: Glas-Faser.\n"
            "An vielen Plätzen gibt es kostenloses Internet ohne Kabel. Das heißt: WLAN."
        ),
        note=CONFIRMED,
    ),
    Field(
        4, "reallabor", "Reallabor für digitale Dienste und neue Geschäftsmodelle",
        "Neue digitale Dienste im echten Stadtleben erproben, zum Beispiel automatisiertes Fahren.",
        status=(
            "Neue Dienste werden meist im Labor oder auf Testgeländen entwickelt. Wie sie im Alltag einer Stadt "
            "funktionieren und ob Menschen sie annehmen, ist oft unklar."
        ),
        vision=(
            "Wolfsburg wird zum **Reallabor**: In ausgewählten Quartieren und auf Teststrecken werden neue "
            "Dienste gemeinsam mit Bewohnerinnen und Bewohnern erprobt, ausgewertet und – wenn sie sich "
            "bewähren – in den Regelbetrieb übernommen."
        ),
        lead_person="Leitung Innovationsprojekte",
        lead_org=o.WOLFSBURG_AG, colour="#6b2fa0",
        easy=(
            "Neue Ideen werden in Wolfsburg ausprobiert.\n"
            "Zum Beispiel: Autos, die selbst fahren.\n"
            "Die Menschen in der Stadt sagen ihre Meinung.\n"
            "Was gut ist, bleibt."
        ),
        note=CONFIRMED,
    ),
    Field(
        5, "elektromobilitaet", "Elektromobilität",
        "Ladeinfrastruktur für einen Anteil von 50 % Elektrofahrzeugen bis 2025.",
        status=(
            "Es gibt öffentliche Ladepunkte vor allem in der Innenstadt und an Unternehmensstandorten. In "
            "Wohngebieten mit Mehrfamilienhäusern fehlen Lademöglichkeiten."
        ),
        vision=(
            "Bis 2025 soll die Hälfte der Fahrzeuge in Wolfsburg elektrisch fahren können, ohne dass Laden zum "
            "Problem wird: **Ladeparks**, Ladepunkte in Wohnquartieren und elektrische Busse."
        ),
        lead_person="Leitung Elektromobilität",
        lead_org=o.VW, colour="#a4004b",
        easy=(
            "Elektro-Autos fahren mit Strom.\n"
            "Sie brauchen Lade-Stationen.\n"
            "Wolfsburg baut viele Lade-Stationen.\n"
            "Dann können mehr Menschen Elektro-Autos fahren."
        ),
        note=CONFIRMED,
    ),
    Field(
        6, "it-wirtschaft", "Neues Software- und IT-Geschäft",
        "IT-Fachleute und Start-ups gewinnen; Austausch zwischen Industrie, IT-Szene und Bürgerschaft.",
        status=(
            "Die Wirtschaft der Stadt ist stark von der Fahrzeugindustrie geprägt. Für IT-Gründungen fehlen "
            "sichtbare Orte, Netzwerke und Aufträge aus der Region."
        ),
        vision=(
            "Wolfsburg ist ein attraktiver Ort für **Software und IT**: Es gibt Räume für Gründungen, "
            "regelmäßige Treffen von Industrie, IT-Fachleuten und Bürgerschaft und Aufträge für lokale Firmen."
        ),
        lead_person="Leitung Gründungsförderung",
        lead_org=o.WOLFSBURG_AG, colour="#005f73",
        easy=(
            "Neue Firmen für Computer-Programme sollen nach Wolfsburg kommen.\n"
            "Sie bekommen Räume und Hilfe.\n"
            "Alle können die Firmen kennenlernen."
        ),
        note=CONFIRMED,
    ),
    Field(
        7, "stadtplanung", "Innovative Stadtplanung",
        "Smarte Quartiere, bedarfsgerechte Kinderbetreuung und Mobilität auf Grundlage guter Daten.",
        status=(
            "Planungen für Kitas, Schulen, Verkehr und Wohnen beruhen oft auf Zahlen, die einige Jahre alt sind. "
            "Die Abstimmung zwischen den Fachbereichen ist aufwendig."
        ),
        vision=(
            "Die Stadt plant mit **aktuellen Daten** und einem digitalen Stadtmodell. Neue Quartiere werden von "
            "Anfang an smart geplant; Kita-Plätze und Mobilitätsangebote entstehen dort, wo sie gebraucht werden."
        ),
        lead_person="Leitung Stadtplanung",
        lead_org=o.CITY, colour="#7a5c00",
        easy=(
            "Die Stadt plant neue Wohn-Gebiete.\n"
            "Sie plant auch Kitas und Bus-Linien.\n"
            "Dafür nutzt sie gute und neue Zahlen.\n"
            "So gibt es Kita-Plätze dort, wo Familien wohnen."
        ),
        note=CONFIRMED,
    ),
    Field(
        8, "einfache-verwaltung", "Einfache Verwaltungsprozesse (E-Government)",
        "Verwaltungsleistungen online, einfach und ohne Behördengang.",
        status=(
            "Viele Anträge müssen noch auf Papier gestellt oder persönlich abgegeben werden. Termine im "
            "Bürgerbüro sind knapp; intern werden Akten zum großen Teil auf Papier geführt."
        ),
        vision=(
            "Die wichtigsten Leistungen der Verwaltung sind **online** erreichbar – barrierefrei, verständlich "
            "und sicher. Bürgerinnen und Bürger können sich beteiligen und Mängel melden."
        ),
        lead_person="Leitung Organisation und Digitalisierung der Verwaltung",
        lead_org=o.CITY, colour="#3d4a5c",
        easy=(
            "Viele Dinge bei der Stadt gehen bald im Internet.\n"
            "Zum Beispiel: einen Antrag stellen.\n"
            "Sie müssen dann nicht mehr zum Amt gehen.\n"
            "Sie können auch Ideen sagen und Schäden melden."
        ),
        note=CONFIRMED,
    ),
    Field(
        9, "digitale-bildung", "Digitale Bildung",
        "Eine Bildungscloud und digitale Lernorte für Schulen und Weiterbildung.",
        status=(
            "Schulen sind sehr unterschiedlich ausgestattet. Lernplattformen werden je Schule einzeln betrieben; "
            "Lehrkräfte wünschen sich Fortbildung und verlässliche Technik."
        ),
        vision=(
            "Alle Wolfsburger Schulen nutzen eine gemeinsame, datenschutzgerechte **Bildungscloud**. "
            "Bibliothek und Volkshochschule bieten Lernorte für digitale Kompetenzen für alle Generationen."
        ),
        lead_person="Leitung Schulverwaltung",
        lead_org=o.CITY, colour="#b3261e",
        easy=(
            "Schulen bekommen einen gemeinsamen Speicher im Internet.\n"
            "Der Speicher heißt: Bildungs-Cloud.\n"
            "Dort gibt es Aufgaben und Lern-Material.\n"
            "Auch Erwachsene können lernen, wie Computer funktionieren."
        ),
        note=ASSUMED,
        is_assumption=True,
    ),
    Field(
        10, "online-dienste-und-handel", "Online-Dienste und Online-Handel",
        "Lokale Geschäfte und Dienstleister im Netz sichtbar machen und neue Online-Dienste erproben.",
        status=(
            "Der Handel in der Innenstadt spürt die Konkurrenz großer Online-Plattformen. Viele kleine Geschäfte "
            "haben keinen eigenen Online-Auftritt."
        ),
        vision=(
            "Wer in Wolfsburg einkauft oder einen Dienst sucht, findet das **lokale Angebot** auch online – "
            "mit Abholung im Geschäft oder Lieferung am selben Tag."
        ),
        lead_person="Leitung Handel und Stadtmarketing",
        lead_org=o.WMG, colour="#2e6b1f",
        easy=(
            "Geschäfte aus Wolfsburg sollen auch im Internet sein.\n"
            "Sie können online bestellen.\n"
            "Dann holen Sie die Sachen im Geschäft ab.\n"
            "Oder jemand bringt sie zu Ihnen."
        ),
        note=ASSUMED,
        is_assumption=True,
    ),
]
