"""The partner network of the demo city: real institutions described in general terms, plus
invented firms and associations. Roles in the programme are demo content unless a source is cited."""

from modellstadt.demo.content import sources
from modellstadt.demo.content.schema import DEMO_NOTE, Org, sourced

EXISTS_ROLE_INVENTED = (
    "Organisation existiert; ihre Rolle im Programm ist Demo-Inhalt und nicht durch eine Quelle belegt."
)
INVENTED = "Erfundene Organisation. " + DEMO_NOTE

CITY = "Stadt Wolfsburg"
VW = "Volkswagen AG"
COUNCIL = "Rat der Stadt Wolfsburg"
STRATEGY_COMMITTEE = "Strategieausschuss des Rates"
STADTWERKE = "Stadtwerke Wolfsburg AG"
WOBCOM = "WOBCOM GmbH"
KLINIKUM = "Klinikum Wolfsburg"
WOLFSBURG_AG = "Wolfsburg AG"
WMG = "Wolfsburg Wirtschaft und Marketing GmbH (WMG)"
WVG = "Wolfsburger Verkehrs-GmbH (WVG)"
NEULAND = "NEULAND Wohnungsgesellschaft mbH"
WAS = "Wolfsburger Abfallwirtschaft und Straßenreinigung (WAS)"
OSTFALIA = "Ostfalia Hochschule für angewandte Wissenschaften"
TU_BS = "Technische Universität Braunschweig"
DLR = "Deutsches Zentrum für Luft- und Raumfahrt (DLR), Institut für Verkehrssystemtechnik"
VHS = "Volkshochschule Wolfsburg"
LIBRARY = "Stadtbibliothek Wolfsburg"
IHK = "IHK Lüneburg-Wolfsburg"
BITKOM = "Bitkom e. V."
DSTGB = "Deutscher Städte- und Gemeindebund (DStGB)"
WORKS_COUNCIL = "Betriebsrat der Volkswagen AG"
AUTOSTADT = "Autostadt GmbH"
PHAENO = "phaeno Science Center"
DATENWERK = "Mittelland Datenwerk GmbH"
ALLERDIGITAL = "Allerdigital UG (haftungsbeschränkt)"
LADENETZ = "Ladenetz Ostfalen GmbH"
KANALHAFEN = "Kanalhafen Logistik Wolfsburg GmbH"
WERKHALLE = "Werkhalle Wolfsburg eG"
TRADERS = "Händlergemeinschaft Innenstadt Wolfsburg e. V."
OPEN_DATA_CLUB = "Offene Daten Wolfsburg e. V."
SENIORS = "Seniorenbeirat der Stadt Wolfsburg"
PUPILS = "Stadtschülerrat Wolfsburg"
CARE = "Pflegedienst Allerbogen gGmbH"
APP_COMMUNITY = "Gemeinschaft kommunaler Stadt-Apps"

ORGANISATIONS = [
    # --- Verwaltung ---------------------------------------------------------------------------------
    Org(
        CITY, "administration",
        "Die Stadtverwaltung ist Partnerin der Absichtserklärung und führt #WolfsburgDigital gemeinsam mit "
        "der Volkswagen AG. Federführend ist das Team Digitalisierung im Geschäftsbereich Stadtentwicklung.",
        website="https://www.wolfsburg.de",
        note=sourced(sources.WOLFSBURGDIGITAL, sources.MICROSITE),
    ),
    Org(
        LIBRARY, "administration",
        "Die Stadtbibliothek bietet Medien, Lernorte und Kurse zur digitalen Teilhabe für alle Altersgruppen.",
        note=EXISTS_ROLE_INVENTED,
    ),
    # --- Rat und Politik ----------------------------------------------------------------------------
    Org(
        COUNCIL, "council",
        "Der Rat hat die Absichtserklärung mit der Volkswagen AG am 22. Februar 2017 als Leitlinie der "
        "Digitalstrategie der Stadt beschlossen.",
        website="https://www.wolfsburg.de",
        note=sourced(sources.MICROSITE, sources.WOLFSBURGDIGITAL),
    ),
    Org(
        STRATEGY_COMMITTEE, "council",
        "Im Strategieausschuss berichtet die Verwaltung regelmäßig über den Stand der Projekte von "
        "#WolfsburgDigital.",
        note=sourced(sources.PROJECT_STATUS, detail="Regelmäßigkeit der Berichte: Demo-Annahme."),
    ),
    Org(
        SENIORS, "council",
        "Der Seniorenbeirat vertritt die Interessen älterer Menschen und prüft digitale Angebote darauf, ob sie "
        "auch ohne Vorkenntnisse gut zu nutzen sind.",
        note=INVENTED,
    ),
    # --- Kommunale Unternehmen ------------------------------------------------------------------------
    Org(
        STADTWERKE, "municipal_company",
        "Die Stadtwerke versorgen Wolfsburg mit Energie und Wasser und betreiben mit ihren Töchtern Netze und "
        "digitale Dienste, darunter die Wolfsburg-App.",
        website="https://stadtwerke-wolfsburg.de",
        note=sourced(sources.CITY_APP, detail="Beschreibung im Übrigen allgemein gehalten."),
    ),
    Org(
        WOBCOM, "municipal_company",
        "Telekommunikationsunternehmen in der Stadtwerke-Gruppe: Glasfaser, Internet, Telefon und öffentliches "
        "WLAN in Wolfsburg.",
        website="https://www.wobcom.de",
        note=EXISTS_ROLE_INVENTED,
    ),
    Org(
        KLINIKUM, "municipal_company",
        "Das städtische Krankenhaus der Maximalversorgung ist Partner für digitale Angebote im Gesundheitswesen.",
        website="https://klinikum.wolfsburg.de",
        note=EXISTS_ROLE_INVENTED,
    ),
    Org(
        WMG, "municipal_company",
        "Die Wirtschaftsförderung und das Stadtmarketing der Stadt: Ansprechpartnerin für Unternehmen, "
        "Gründungen und Handel.",
        note=EXISTS_ROLE_INVENTED,
    ),
    Org(
        WVG, "municipal_company",
        "Die WVG betreibt den Busverkehr in Wolfsburg und stellt Fahrplandaten bereit.",
        note=EXISTS_ROLE_INVENTED,
    ),
    Org(
        NEULAND, "municipal_company",
        "Die städtische Wohnungsgesellschaft baut und verwaltet Wohnungen in vielen Stadtteilen.",
        note=EXISTS_ROLE_INVENTED,
    ),
    Org(
        WAS, "municipal_company",
        "Zuständig für Müllabfuhr, Wertstoffhöfe und Straßenreinigung; bearbeitet Meldungen zu wildem Müll.",
        note=EXISTS_ROLE_INVENTED,
    ),
    # --- Privatunternehmen ----------------------------------------------------------------------------
    Org(
        VW, "private_company",
        "Der Automobilhersteller mit Sitz in Wolfsburg hat die Absichtserklärung #WolfsburgDigital mit der Stadt "
        "unterzeichnet und ist Hauptpartner aus der Industrie.",
        website="https://www.volkswagen-group.com",
        note=sourced(sources.WOLFSBURGDIGITAL, sources.EMOBILITAET),
    ),
    Org(
        WOLFSBURG_AG, "private_company",
        "Gemeinschaftsunternehmen von Stadt und Volkswagen AG für Wirtschaftsentwicklung, Innovation und "
        "Gründungsförderung in der Region.",
        website="https://www.wolfsburg-ag.com",
        note=EXISTS_ROLE_INVENTED,
    ),
    Org(
        AUTOSTADT, "private_company",
        "Themenpark und Auslieferungszentrum der Volkswagen AG am Mittellandkanal; Ort für Veranstaltungen und "
        "Ausstellungen zur Mobilität.",
        website="https://www.autostadt.de",
        note=EXISTS_ROLE_INVENTED,
    ),
    Org(
        DATENWERK, "private_company",
        "Junges IT-Unternehmen für Datenplattformen und Schnittstellen; entwickelt offene Software für "
        "Kommunen und Stadtwerke.",
        note=INVENTED,
    ),
    Org(
        ALLERDIGITAL, "private_company",
        "Start-up aus Wolfsburg für barrierearme Apps und Web-Anwendungen, gegründet von Absolventinnen der "
        "Ostfalia.",
        note=INVENTED,
    ),
    Org(
        LADENETZ, "private_company",
        "Plant, baut und betreibt Ladeinfrastruktur für Elektrofahrzeuge in Niedersachsen.",
        note=INVENTED,
    ),
    Org(
        KANALHAFEN, "private_company",
        "Logistikdienstleister am Mittellandkanal; erprobt Mikro-Depots und Lastenräder für die letzte Meile.",
        note=INVENTED,
    ),
    Org(
        WERKHALLE, "private_company",
        "Genossenschaftlich betriebener Coworking-Ort für Gründerinnen, Freiberufler und kleine IT-Teams.",
        note=INVENTED,
    ),
    # --- Forschung und Bildung ------------------------------------------------------------------------
    Org(
        OSTFALIA, "research",
        "Hochschule mit einem Standort in Wolfsburg; lehrt und forscht unter anderem zu Fahrzeugtechnik, "
        "Informatik und Wirtschaft.",
        website="https://www.ostfalia.de",
        note=EXISTS_ROLE_INVENTED,
    ),
    Org(
        TU_BS, "research",
        "Technische Universität in der Nachbarstadt; Forschung zu Verkehr, Informatik und Stadtplanung.",
        website="https://www.tu-braunschweig.de",
        note=EXISTS_ROLE_INVENTED,
    ),
    Org(
        DLR, "research",
        "Forschungsinstitut in Braunschweig für vernetzte und automatisierte Mobilität.",
        website="https://www.dlr.de",
        note=EXISTS_ROLE_INVENTED,
    ),
    Org(
        VHS, "research",
        "Die Volkshochschule bietet Kurse zu digitalen Grundkenntnissen, Medienkompetenz und Datenschutz.",
        note=EXISTS_ROLE_INVENTED,
    ),
    # --- Vereine und Verbände -------------------------------------------------------------------------
    Org(
        BITKOM, "association",
        "Digitalverband Deutschlands; richtete gemeinsam mit dem Deutschen Städte- und Gemeindebund den "
        "Wettbewerb „Digitale Stadt“ 2016/2017 aus.",
        website="https://www.bitkom.org",
        note=sourced(sources.BITKOM_COMPETITION),
    ),
    Org(
        DSTGB, "association",
        "Kommunaler Spitzenverband der Städte und Gemeinden; Mitveranstalter des Wettbewerbs „Digitale Stadt“.",
        website="https://www.dstgb.de",
        note=sourced(sources.BITKOM_COMPETITION),
    ),
    Org(
        IHK, "association",
        "Die Industrie- und Handelskammer vertritt die gewerbliche Wirtschaft der Region und berät zur "
        "Digitalisierung kleiner und mittlerer Unternehmen.",
        note=EXISTS_ROLE_INVENTED,
    ),
    Org(
        TRADERS, "association",
        "Zusammenschluss von Händlerinnen, Gastronomie und Dienstleistern in der Innenstadt rund um die "
        "Porschestraße.",
        note=INVENTED,
    ),
    Org(
        OPEN_DATA_CLUB, "association",
        "Ehrenamtliche Gruppe, die offene Daten nutzt, Anwendungen baut und Workshops für Schulen anbietet.",
        note=INVENTED,
    ),
    Org(
        PUPILS, "association",
        "Vertretung der Schülerinnen und Schüler aller Wolfsburger Schulen.",
        note=EXISTS_ROLE_INVENTED,
    ),
    # --- Sonstige -------------------------------------------------------------------------------------
    Org(
        WORKS_COUNCIL, "other",
        "Die Arbeitnehmervertretung der Volkswagen AG ist im Steuerkreis von #WolfsburgDigital vertreten.",
        note=sourced(sources.EMOBILITAET, sources.BEHIND_THE_SCENES),
    ),
    Org(
        PHAENO, "other",
        "Science Center in der Innenstadt; Ort für Mitmach-Ausstellungen und Veranstaltungen zu Technik und "
        "Naturwissenschaft.",
        website="https://www.phaeno.de",
        note=EXISTS_ROLE_INVENTED,
    ),
    Org(
        CARE, "other",
        "Gemeinnütziger ambulanter Pflegedienst; erprobt digitale Hilfen für Menschen, die zu Hause gepflegt "
        "werden.",
        note=INVENTED,
    ),
    Org(
        APP_COMMUNITY, "other",
        "Zusammenschluss mehrerer Städte und Stadtwerke, die eine Stadt-App als Open Source gemeinsam "
        "weiterentwickeln.",
        note=sourced(
            sources.CITY_APP,
            detail="Dass die App mit anderen Städten als Open Source entsteht, ist belegt; Name und Form dieses "
            "Zusammenschlusses sind Demo-Inhalt.",
        ),
    ),
]
