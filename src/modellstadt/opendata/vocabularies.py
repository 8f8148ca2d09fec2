"""Controlled vocabularies of DCAT-AP.de 3.0 that the catalogue uses: licences, EU data themes,
update frequencies, file types, and the political geocoding of the municipality.

Only identifiers and URIs come from the vocabularies; the plain-German explanations are our own.
"""

from django.utils.translation import gettext_lazy as _

DCATDE_LICENSES = "http://dcat-ap.de/def/licenses/"
EU_THEME = "http://publications.europa.eu/resource/authority/data-theme/"
EU_FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
GEOCODING = "http://dcat-ap.de/def/politicalGeocoding/"
GEOCODING_LEVEL_MUNICIPALITY = "http://dcat-ap.de/def/politicalGeocoding/Level/municipality"


class Licence:
    def __init__(self, key, title, explanation, *, open_=True, attribution=True):
        self.key = key
        self.title = title
        self.explanation = explanation
        self.open = open_
        self.attribution = attribution

    @property
    def uri(self):
        return DCATDE_LICENSES + self.key


LICENCES = {
    lic.key: lic
    for lic in [
        Licence(
            "dl-by-de/2.0", "Datenlizenz Deutschland – Namensnennung – Version 2.0",
            _("Sie dürfen die Daten frei nutzen, verändern und weitergeben, auch gewerblich. Nennen Sie dabei "
              "die bereitstellende Stelle und verweisen Sie auf die Lizenz."),
        ),
        Licence(
            "dl-zero-de/2.0", "Datenlizenz Deutschland – Zero – Version 2.0",
            _("Sie dürfen die Daten ohne jede Bedingung nutzen, verändern und weitergeben, auch gewerblich. "
              "Eine Quellenangabe ist willkommen, aber nicht nötig."),
            attribution=False,
        ),
        Licence(
            "cc-by/4.0", "Creative Commons Namensnennung – 4.0 International (CC BY 4.0)",
            _("Sie dürfen die Daten frei nutzen, verändern und weitergeben, auch gewerblich, wenn Sie die "
              "Urheberin oder den Urheber nennen, auf die Lizenz verweisen und Änderungen kenntlich machen."),
        ),
        Licence(
            "cc-zero", "Creative Commons CC Zero 1.0 Universell (CC0 1.0)",
            _("Die bereitstellende Stelle verzichtet auf alle Rechte. Sie dürfen die Daten ohne Bedingungen "
              "nutzen."),
            attribution=False,
        ),
        Licence(
            "cc-by-sa/4.0", "Creative Commons Namensnennung – Weitergabe unter gleichen Bedingungen 4.0 (CC BY-SA 4.0)",
            _("Sie dürfen die Daten frei nutzen und verändern, wenn Sie die Urheberin oder den Urheber nennen "
              "und Ihre veränderte Fassung unter derselben Lizenz weitergeben."),
        ),
        Licence(
            "odbl", "Open Data Commons Open Database License (ODbL)",
            _("Sie dürfen die Datenbank nutzen und verändern, wenn Sie die Quelle nennen und eine veränderte "
              "Datenbank unter derselben Lizenz weitergeben."),
        ),
        Licence(
            "other-closed", "Andere geschlossene Lizenz",
            _("Die Daten sind nicht frei nutzbar. Es gelten die Nutzungsbedingungen der bereitstellenden Stelle."),
            open_=False, attribution=True,
        ),
    ]
}
LICENCE_CHOICES = [(lic.key, lic.title) for lic in LICENCES.values()]

# The 13 themes of the EU data-theme vocabulary (codes fixed by the vocabulary).
THEMES = {
    "AGRI": _("Landwirtschaft, Fischerei, Forstwirtschaft und Nahrungsmittel"),
    "ECON": _("Wirtschaft und Finanzen"),
    "EDUC": _("Bildung, Kultur und Sport"),
    "ENER": _("Energie"),
    "ENVI": _("Umwelt"),
    "GOVE": _("Regierung und öffentlicher Sektor"),
    "HEAL": _("Gesundheit"),
    "INTR": _("Internationale Themen"),
    "JUST": _("Justiz, Rechtssystem und öffentliche Sicherheit"),
    "REGI": _("Regionen und Städte"),
    "SOCI": _("Bevölkerung und Gesellschaft"),
    "TECH": _("Wissenschaft und Technologie"),
    "TRAN": _("Verkehr"),
}
THEME_CHOICES = list(THEMES.items())

FREQUENCIES = {
    "CONT": _("laufend"),
    "DAILY": _("täglich"),
    "WEEKLY": _("wöchentlich"),
    "MONTHLY": _("monatlich"),
    "QUARTERLY": _("vierteljährlich"),
    "ANNUAL": _("jährlich"),
    "IRREG": _("unregelmäßig"),
    "NEVER": _("keine Aktualisierung"),
    "UNKNOWN": _("unbekannt"),
}
FREQUENCY_CHOICES = list(FREQUENCIES.items())

# file format -> (media type, EU file-type code)
FORMATS = {
    "CSV": ("text/csv", "CSV"),
    "JSON": ("application/json", "JSON"),
    "GEOJSON": ("application/geo+json", "GEOJSON"),
    "XLSX": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"),
    "PDF": ("application/pdf", "PDF"),
    "ZIP": ("application/zip", "ZIP"),
    "XML": ("application/xml", "XML"),
    "API": ("application/json", "JSON"),
    "HTML": ("text/html", "HTML"),
}
FORMAT_CHOICES = [(k, k) for k in FORMATS]
TABULAR_FORMATS = {"CSV", "XLSX"}


def geocoding_uri(municipality_key):
    return f"{GEOCODING}municipalityKey/{municipality_key}"
