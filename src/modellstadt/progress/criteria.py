"""The five areas of Bitkom's Smart City Index with a starting set of criteria written by the Modellstadt team
(Bitkom's own indicator list is not public and is not copied). The office edits and extends them in the back
office; ``services.ensure_smart_city_areas()`` and the migration create them where they are missing."""

AREAS = [
    ("verwaltung", "Verwaltung", [
        ("Online-Dienste", "Anteil der Verwaltungsleistungen, die vollständig online beantragt werden können."),
        ("Digitale Bezahlung und Bescheide", "Gebühren online zahlbar, Bescheide digital zugestellt."),
        ("Digitale Beteiligung", "Bürgerinnen und Bürger können Vorhaben online kommentieren und Ideen einbringen."),
        ("Offene Daten", "Die Stadt veröffentlicht Daten maschinenlesbar unter offener Lizenz."),
        ("Digitale Arbeitsweise der Verwaltung", "E-Akte, digitale Gremienarbeit, Fortbildung der Beschäftigten."),
    ]),
    ("it-und-kommunikation", "IT und Kommunikation", [
        ("Glasfaser", "Anteil der Haushalte und Unternehmen mit Gigabit-Anschluss."),
        ("Mobilfunk", "Abdeckung mit aktuellem Mobilfunkstandard im Stadtgebiet."),
        ("Öffentliches WLAN", "Frei zugängliche WLAN-Punkte an öffentlichen Orten."),
        ("Sensorik und Datenplattform", "Offene Funknetze (z. B. LoRaWAN) und eine städtische Datenplattform."),
    ]),
    ("energie-und-umwelt", "Energie und Umwelt", [
        ("Intelligente Netze", "Digitale Messung und Steuerung in Strom-, Wärme- und Wassernetzen."),
        ("Erneuerbare Energie", "Erzeugung und Speicherung erneuerbarer Energie in der Stadt."),
        ("Umweltmessung", "Öffentlich einsehbare Messwerte zu Luft, Lärm und Klima."),
        ("Intelligente Beleuchtung und Gebäude",
         "Steuerbare Straßenbeleuchtung, Energiemanagement städtischer Gebäude."),
    ]),
    ("mobilitaet", "Mobilität", [
        ("Ladeinfrastruktur", "Öffentliche Ladepunkte im Verhältnis zu den zugelassenen Elektrofahrzeugen."),
        ("Vernetzter Nahverkehr", "Echtzeitinformation, digitale Fahrkarten, Verknüpfung der Verkehrsmittel."),
        ("Sharing-Angebote", "Geteilte Autos, Räder und Roller im Stadtgebiet."),
        ("Verkehrssteuerung", "Digitale Ampel- und Parkraumsteuerung, Erprobung automatisierten Fahrens."),
    ]),
    ("gesellschaft-und-bildung", "Gesellschaft und Bildung", [
        ("Digitale Schulen", "Breitband, Endgeräte und digitale Lernplattformen an allen Schulen."),
        ("Digitale Teilhabe", "Angebote, die Menschen aller Altersgruppen digitale Kompetenzen vermitteln."),
        ("Gesundheit und Pflege", "Digitale Angebote im Gesundheitswesen und in der Pflege."),
        ("Kultur und Stadtgesellschaft", "Digitale Angebote von Bibliotheken, Museen und Vereinen."),
    ]),
]
