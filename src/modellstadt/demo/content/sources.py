"""Public sources the demo's facts come from (see docs: ../shared/DOMAIN.md of the project brief)."""

WOLFSBURGDIGITAL = "https://wolfsburgdigital.org/home-english/"
MICROSITE = "http://microsite.stadt.wolfsburg.de/digitalisierung/"
BEHIND_THE_SCENES = (
    "http://microsite.stadt.wolfsburg.de/digitalisierung/2018/05/02/wolfsburgdigital-der-blick-hinter-die-kulissen/"
)
EMOBILITAET = (
    "https://emobilitaet.online/news/politik/"
    "3406-vw-will-wolfsburg-zur-digitalen-gro%EF%BF%BD%EF%BF%BDstadt-und-zum-emobility-vorreiter-machen"
)
PROJECT_STATUS = "https://regionalheute.de/wolfsburg/projektstand-zu-wolfsburgdigital-im-strategieausschuss/"
CITY_APP = "https://stadtwerke-wolfsburg.de/projekte/smart-city/wolfsburg-app"
CITIZEN_PLATFORM = "https://familienblog-wolfsburg.de/digitale-plattform-fuer-buergerinnen-startet-im-sommer-2021/"
BITKOM_COMPETITION = (
    "https://bitkom.org/Themen/Digitale-Transformation-Branchen/Smart-City-Smart-Region/Bitkom-Wettbewerb-Digitale-Stadt"
)
BITKOM_CRITERIA = "https://bitkom.org/Digitale-Stadt/Wettbewerb/Bewertungskriterien"
