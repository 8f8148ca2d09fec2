"""News posts, starting with the one the whole work starts from: Wolfsburg in the final of Bitkom's
competition "Digitale Stadt"."""

from datetime import datetime
from zoneinfo import ZoneInfo

from modellstadt.demo.content import projects as p
from modellstadt.demo.content import sources
from modellstadt.demo.content.schema import News, sourced

BERLIN = ZoneInfo("Europe/Berlin")


def at(year, month, day, hour=10, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


BITKOM_FINAL = "wolfsburg-im-finale-digitale-stadt"

NEWS = [
    News(
        BITKOM_FINAL, "Wolfsburg im Finale des Wettbewerbs „Digitale Stadt“",
        at(2017, 6, 14),
        "Unter 14 Bewerberstädten hat es Wolfsburg mit #WolfsburgDigital unter die fünf Finalisten geschafft. "
        "Den Zuschlag erhielt Darmstadt.",
        (
            "Der Digitalverband Bitkom und der Deutsche Städte- und Gemeindebund haben Ende 2016 den Wettbewerb "
            "„Digitale Stadt“ ausgeschrieben. Bewerben konnten sich Städte mit etwa 100.000 bis 150.000 "
            "Einwohnerinnen und Einwohnern und einer Hochschule in der Nähe.\n\n"
            "Wolfsburg hat für die Bewerbung den Ist-Zustand und eine Vision für alle Themenfelder beschrieben, "
            "das Projektmanagement von #WolfsburgDigital vorgestellt und Unterstützungsschreiben vieler Partner "
            "aus Stadt und Region gesammelt.\n\n"
            "Von 14 Bewerbungen kamen fünf Städte ins Finale: **Darmstadt, Heidelberg, Kaiserslautern, Paderborn "
            "und Wolfsburg**. Am 31. Mai 2017 stellten die Finalisten ihre Konzepte der Jury vor. Am 13. Juni 2017 "
            "wurde Darmstadt als Siegerin bekanntgegeben.\n\n"
            "„Der Weg ins Finale zeigt, dass unser Ansatz trägt“, heißt es aus dem Programmbüro. Die Arbeit an den "
            "zehn Kooperationsfeldern geht weiter – mit den Ideen, die für die Bewerbung entstanden sind."
        ),
        info=(
            ("Wettbewerb „Digitale Stadt“ (Bitkom)", sources.BITKOM_COMPETITION, "Ausschreibung und Ergebnisse"),
            ("#WolfsburgDigital", "https://wolfsburgdigital.org/", "Website des Programms"),
            ("Finalisten", "", "Darmstadt, Heidelberg, Kaiserslautern, Paderborn, Wolfsburg"),
            ("Termine", "", "Finale am 31. Mai 2017, Bekanntgabe am 13. Juni 2017"),
            ("Veranstalter", "", "Bitkom e. V. und Deutscher Städte- und Gemeindebund"),
        ),
        info_title="Zum Wettbewerb",
        fields=(1, 2, 3, 4, 5, 6, 7, 8),
        note=sourced(sources.BITKOM_COMPETITION, sources.WOLFSBURGDIGITAL,
                     detail="Fakten zum Wettbewerb belegt; das Zitat aus dem Programmbüro ist Demo-Inhalt."),
    ),
    News(
        "absichtserklaerung-unterzeichnet", "Stadt und Volkswagen unterzeichnen Absichtserklärung",
        at(2016, 12, 5, 15),
        "Die Stadt Wolfsburg und die Volkswagen AG wollen Wolfsburg gemeinsam zur digitalen Modellstadt machen.",
        (
            "Mit einem Memorandum of Understanding haben Stadt und Volkswagen AG die Initiative #WolfsburgDigital "
            "begründet. Die Vereinbarung gilt zunächst für drei Jahre.\n\n"
            "Zwei Ziele stehen im Mittelpunkt: mehr Lebensqualität durch digitale Dienste, die sich an den "
            "Menschen orientieren, und ein zukunftsfester Wirtschaftsstandort."
        ),
        info=(("#WolfsburgDigital (englischsprachige Seite)", sources.WOLFSBURGDIGITAL, "Informationen zum Programm"),),
        fields=(1,),
        note=sourced(sources.WOLFSBURGDIGITAL, sources.MICROSITE),
    ),
    News(
        "rat-beschliesst-leitlinie", "Rat beschließt Leitlinie der Digitalstrategie",
        at(2017, 2, 23),
        "Der Rat der Stadt hat die Absichtserklärung mit der Volkswagen AG als Leitlinie der Digitalstrategie "
        "beschlossen.",
        (
            "Am 22. Februar 2017 hat der Rat der Stadt Wolfsburg die Absichtserklärung #WolfsburgDigital als "
            "Leitlinie der Digitalstrategie beschlossen. Damit ist der Auftrag an die Verwaltung klar: Das Team "
            "Digitalisierung im Geschäftsbereich Stadtentwicklung führt das Programm gemeinsam mit den Partnern."
        ),
        fields=(1,),
        note=sourced(sources.MICROSITE),
    ),
    News(
        "blick-hinter-die-kulissen", "#WolfsburgDigital: Blick hinter die Kulissen",
        at(2018, 5, 2),
        "Zehn Kooperationsfelder, ein Steuerkreis, ein Kernteam und ein Programmbüro: So ist #WolfsburgDigital "
        "organisiert.",
        (
            "Der Steuerkreis mit Oberbürgermeister, Vorstandsmitgliedern der Industrie und Betriebsrat gibt die "
            "strategische Richtung vor. Das Kernteam aus Stadt, Volkswagen und städtischen Gesellschaften "
            "entscheidet über Ideen aus den Feldern und Projekten. Das Programmbüro organisiert die Arbeit.\n\n"
            "In jedem der zehn Kooperationsfelder gibt es eine Feldleitung. Alle Projekte müssen den Menschen "
            "und der lokalen Wirtschaft einen konkreten Nutzen bringen."
        ),
        info=(("Originalbeitrag", sources.BEHIND_THE_SCENES, "Microsite der Stadt Wolfsburg"),),
        fields=(1, 2, 3, 4, 5, 6, 7, 8),
        note=sourced(sources.BEHIND_THE_SCENES, detail="Eigene Zusammenfassung, kein Zitat."),
    ),
    News(
        "markthalle-digitale-ideen-eroeffnet", "Markthalle „Digitale Ideen“ eröffnet",
        at(2018, 5, 15, 11),
        "In der Innenstadt zeigen Unternehmen, Hochschule und Start-ups, woran sie für die digitale Stadt "
        "arbeiten.",
        (
            "Die Markthalle ist ein Ort zum Ausprobieren: Besucherinnen und Besucher können Projekte "
            "kennenlernen, mit Fachleuten sprechen und eigene Ideen einreichen. Das Programmbüro hält dort "
            "regelmäßig Sprechstunden."
        ),
        fields=(6,), projects=(p.MARKET_HALL,),
        note=sourced(sources.PROJECT_STATUS, detail="Markthalle 2018 belegt; Datum und Einzelheiten sind "
                     "Demo-Annahmen."),
    ),
    News(
        "erster-ladepark-eroeffnet", "Erster Ladepark eröffnet",
        at(2019, 9, 27),
        "Am Nordkopf können Elektrofahrzeuge jetzt an mehreren Schnellladepunkten gleichzeitig laden.",
        "Der Ladepark ist der erste von mehreren im Stadtgebiet. Er ist rund um die Uhr geöffnet und mit "
        "gängigen Ladekarten nutzbar.",
        fields=(5,), projects=(p.CHARGING_PARKS,),
    ),
    News(
        "projektstand-im-strategieausschuss", "Glasfaser, Ladeparks, Reallabor: Projektstand im Strategieausschuss",
        at(2021, 1, 21),
        "Die Verwaltung hat im Strategieausschuss über den Stand von #WolfsburgDigital berichtet.",
        (
            "Berichtet wurde unter anderem über den Glasfaserausbau mit einem Volumen von rund 88 Millionen Euro, "
            "die Ladeparks, das Reallabor-Quartier, den urbanen Mobilitätsassistenten und Pilotprojekte zur "
            "urbanen Logistik. Das Programm ist inzwischen in vier Handlungsfeldern organisiert."
        ),
        info=(("Bericht bei regionalHeute.de", sources.PROJECT_STATUS, ""),),
        fields=(3, 4, 5),
        projects=(p.FIBRE, p.CHARGING_PARKS, p.LIVING_LAB, p.MOBILITY_ASSISTANT, p.LOGISTICS),
        note=sourced(sources.PROJECT_STATUS, detail="Inhalte belegt; Datum des Beitrags: Demo-Annahme."),
    ),
    News(
        "buergerplattform-startet-im-sommer", "Digitale Bürgerplattform startet im Sommer",
        at(2021, 5, 20),
        "Beteiligung und Mängelmelder auf einer Plattform: Ab Sommer 2021 können sich Bürgerinnen und Bürger "
        "online einbringen.",
        (
            "Auf der neuen Plattform lassen sich Schäden im Stadtbild mit Foto und Ort melden. Außerdem gibt es "
            "einen Bereich für Beteiligungsverfahren, in dem die Stadt Vorhaben vorstellt und Meinungen einholt."
        ),
        info=(("Bericht im Familienblog Wolfsburg", sources.CITIZEN_PLATFORM, ""),),
        fields=(8,), projects=(p.CITIZEN_PLATFORM,),
        note=sourced(sources.CITIZEN_PLATFORM, detail="Start im Sommer 2021 belegt; Datum des Beitrags: "
                     "Demo-Annahme."),
    ),
]
