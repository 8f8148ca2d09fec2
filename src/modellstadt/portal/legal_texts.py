"""Default texts of the legal pages a city starts with: privacy statement and terms of use.

The texts describe what Modellstadt itself processes, generated with the city's details. They are
defaults: the office edits them in the back office like any page, and every passage that depends on
the city's own set-up is marked "[Von der Stadt zu prüfen: …]" so that nobody publishes it unchecked.
"""

from dataclasses import dataclass

CHECK = "**[Von der Stadt zu prüfen: {}]**"


@dataclass(frozen=True)
class CityDetails:
    city: str = "Modellstadt"
    programme: str = "Digitale Modellstadt"
    contact: str = "datenschutz@example.org"
    authority: str = "der für Ihr Bundesland zuständigen Datenschutz-Aufsichtsbehörde"


def _check(text: str) -> str:
    return CHECK.format(text)


def privacy_statement(details: CityDetails) -> str:
    """The privacy statement (Datenschutzerklärung) in Markdown."""
    d = details
    intro = _check(
        "Diese Datenschutzerklärung ist eine Vorlage. Sie beschreibt, was die Plattform technisch verarbeitet. "
        "Verantwortliche Stelle, Datenschutzbeauftragte Person, Speicherfristen der Server-Protokolle und der "
        "Sicherungen sowie die zuständige Aufsichtsbehörde müssen vor der Veröffentlichung geprüft und ergänzt werden."
    )
    return f"""{intro}

## 1. Verantwortliche Stelle

Verantwortlich für die Verarbeitung personenbezogener Daten auf dieser Plattform ist die Stadt {d.city}
(Programm {d.programme}); die Anschrift steht im Impressum. Kontakt für Fragen zum Datenschutz:
[{d.contact}](mailto:{d.contact}).
{_check("Kontaktdaten der oder des behördlichen Datenschutzbeauftragten ergänzen.")}

## 2. Das Wichtigste in Kürze

- Wir setzen **kein Tracking** und **keine Analysewerkzeuge** ein und zeigen keine Werbung.
- Ihr Browser lädt **nichts von Dritten**: Schriften, Skripte, Bilder und Karten kommen von unserem eigenen
  Server.
- Wir setzen **nur technisch notwendige Cookies** (Abschnitt 4).
- Wir geben Ihre Daten **an niemanden außerhalb** der Stadtverwaltung und ihres IT-Dienstleisters weiter.
- Sie können Ihre Daten jederzeit unter *Konto › Meine Daten* herunterladen und Ihr Konto selbst löschen.

## 3. Aufruf der Seiten und Server-Protokolle

Beim Aufruf einer Seite verarbeitet der Server IP-Adresse, Zeitpunkt, aufgerufene Adresse, Statuscode,
übertragene Datenmenge und Browserkennung. Das dient dem sicheren Betrieb, der Abwehr von Angriffen und der
Fehlersuche (Art. 6 Abs. 1 lit. e DSGVO in Verbindung mit dem Landesdatenschutzrecht). Die Protokolle werden nach
7 Tagen gelöscht. {_check("Speicherdauer der Protokolle des Webservers und des Load-Balancers bestätigen.")}

Zum Schutz vor Missbrauch (zu viele Anmeldeversuche, Massen-Einreichungen) zählt die Plattform Anfragen je
IP-Adresse und je Konto für kurze Zeit (höchstens einige Stunden) in einem Zwischenspeicher. Diese Zähler
enthalten die IP-Adresse nur als Schlüssel und verfallen von selbst.

## 4. Cookies

Wir verwenden nur Cookies, die für die Funktion der Plattform unbedingt erforderlich sind (§ 25 Abs. 2 Nr. 2
TDDDG). Eine Einwilligung ist dafür nicht nötig.

| Cookie | Zweck | Dauer |
| --- | --- | --- |
| `sessionid` | hält Sie nach der Anmeldung angemeldet | bis zur Abmeldung, höchstens zwei Wochen |
| `csrftoken` | schützt Formulare vor Missbrauch durch fremde Websites | ein Jahr; nur wenn Sie ein Formular verwenden |
| `modellstadt_language` | merkt sich die Sprache, die Sie gewählt haben | ein Jahr; nur wenn Sie die Sprache ändern |

## 5. Konto

Für ein Konto speichern wir Ihre E-Mail-Adresse, Ihren Anzeigenamen, auf Wunsch Ihren Stadtteil, ein
verschlüsseltes Passwort, Datum der Registrierung und der letzten Anmeldung sowie, welche Fassung der
Nutzungsbedingungen und dieser Datenschutzerklärung Sie wann akzeptiert haben. Für die Zwei-Faktor-Anmeldung
des Programmbüros speichern wir das Geheimnis der Authenticator-App und Wiederherstellungscodes.
Rechtsgrundlage ist Art. 6 Abs. 1 lit. e DSGVO (Beteiligung an einem kommunalen Programm) und, soweit Sie
freiwillige Angaben machen, Ihre Einwilligung (Art. 6 Abs. 1 lit. a DSGVO). Die Daten bleiben gespeichert, bis
Sie Ihr Konto löschen.

## 6. Ideen, Unterstützungen und Kommentare

- **Ideen**: Titel, Text, Kooperationsfeld, Ort (Stadtteil oder Ortsangabe), ein Bild mit Alternativtext,
  Datum und Ihr Anzeigename sind öffentlich. Ein zurückgezogener Beitrag bleibt mit dem Grund, den Sie angeben,
  sichtbar, damit die Diskussion verständlich bleibt.
- **Unterstützungen**: Öffentlich ist nur die Zahl der Unterstützungen, nicht wer unterstützt hat.
- **Kommentare**: Text, Datum und Anzeigename sind öffentlich.
- **Gäste** (Kommentare ohne Konto, wo erlaubt): Name und Text sind öffentlich, nachdem die Moderation den
  Kommentar freigegeben hat; die E-Mail-Adresse ist nie öffentlich und dient nur Rückfragen der Moderation.
- **Moderation**: Meldungen anderer Personen, Entscheidungen der Moderation mit Begründung und Sperren von
  Konten werden gespeichert, damit Entscheidungen nachvollziehbar sind (Art. 6 Abs. 1 lit. e DSGVO).
- **Ideen-Assistent**: Die Plattform schlägt zu einer Idee ein Kooperationsfeld vor, zeigt ähnliche Ideen,
  bildet Themengruppen und ordnet die Moderationsliste nach einer Spam-Vorprüfung. Das berechnet **dieser
  Server selbst**; **kein Text wird an einen anderen Dienst oder eine KI eines Anbieters geschickt**. Entschieden
  wird immer von Menschen.

## 7. Benachrichtigungen und E-Mails

Wenn Sie Ideen, Projekten oder Themenfeldern folgen, speichern wir, wem Sie folgen, und senden Ihnen
Benachrichtigungen auf der Plattform und, wenn Sie es eingestellt haben, per E-Mail (sofort oder als tägliche
Zusammenfassung). Jede E-Mail enthält einen Link zum Abbestellen. E-Mails werden über den Mailserver der Stadt
bzw. ihres IT-Dienstleisters versandt.
{_check("Versandweg der E-Mails (eigener Mailserver oder Dienstleister) eintragen.")}

Aufgaben, die Zeit brauchen (E-Mails, Exporte), legt die Plattform in eine Warteschlange in ihrer eigenen
Datenbank; dort liegen Empfängeradresse und Inhalt der E-Mail, bis die Aufgabe erledigt ist.

## 8. Partnerbereich

Für Vertreterinnen und Vertreter von Partnerorganisationen speichern wir zusätzlich die Organisation, die Rolle
und den Status der Mitgliedschaft, Unterstützungsschreiben (PDF-Dateien) und Zusagen. Unterstützungsschreiben
sind nur für die eigene Organisation und das Programmbüro abrufbar, es sei denn, die Organisation hat der
Veröffentlichung zugestimmt. Sie werden für Bewerbungen der Stadt verwendet (Art. 6 Abs. 1 lit. e DSGVO).

## 9. Offene Daten und Schnittstellen

Wer Schlüssel für die Programmierschnittstelle anlegt oder Zugang zu geschützten Datensätzen beantragt, dessen
Antrag (Zweck, Organisation), Schlüsselname, Ablaufdatum und Zugriffe auf geschützte Daten speichern wir, damit
der Herausgeber der Daten die Nutzung nachvollziehen kann. Schlüssel selbst speichern wir nur als Prüfwert.

## 10. Empfänger

Die Daten verarbeitet nur die Stadt {d.city} und ihr IT-Dienstleister im Auftrag (Art. 28 DSGVO). Wir übermitteln
keine Daten in Länder außerhalb der EU. {_check("Auftragsverarbeiter (Rechenzentrum, Mailversand) benennen.")}

## 11. Löschung Ihres Kontos

Sie können Ihr Konto unter *Konto › Konto löschen* selbst löschen. Dann löschen wir Ihre Kontodaten, E-Mail-Adressen,
Zustimmungen, Benachrichtigungen und Abonnements sowie die Bilder, die Sie zu Ihren Ideen hochgeladen haben
(Bilddateien und ihre verkleinerten Fassungen). In den Benachrichtigungen anderer Personen steht statt Ihres Namens
„Gelöschtes Konto“.

Anonymisiert, also ohne Ihren Namen, Ihren Benutzernamen, Ihre E-Mail-Adresse und ohne Verweis auf Ihr Konto, bleibt:

- **Ihre Unterstützungen** zählen weiter, damit die Zahlen bei den Ideen stimmen.
- **Ideen und Kommentare** bleiben stehen („gelöschtes Konto“), damit Diskussionen und Antworten der Stadt
  verständlich bleiben.
- **Einträge im Protokoll der Verwaltung** (zum Beispiel Moderationsentscheidungen, Sperren, Einladungen und
  Entscheidungen über Mitgliedschaften in Partnerorganisationen) bleiben mit Zeitpunkt, Aktion und Begründung
  erhalten. Die Stadt muss nachweisen können, was ihre Mitarbeitenden wann und warum entschieden haben
  (Rechenschaftspflicht, Art. 5 Abs. 2 DSGVO); dafür braucht sie Ihre Person nicht.

Bereits verschickte E-Mails können wir nicht zurückholen.
{_check("Aufbewahrungsfrist der Sicherungskopien eintragen; gelöschte Daten verschwinden dort erst mit deren Ablauf.")}

## 12. Ihre Rechte

Sie haben das Recht auf Auskunft (Art. 15 DSGVO), Berichtigung (Art. 16), Löschung (Art. 17), Einschränkung der
Verarbeitung (Art. 18), Datenübertragbarkeit (Art. 20) und Widerspruch (Art. 21). Einen Großteil können Sie
selbst ausüben: *Konto › Meine Daten* lädt alle Ihre Daten herunter. Für alles andere schreiben Sie an
[{d.contact}](mailto:{d.contact}).

Sie können sich außerdem bei einer Datenschutz-Aufsichtsbehörde beschweren, zum Beispiel bei {d.authority}.
"""


def terms_of_use(details: CityDetails) -> str:
    """The terms of use (Nutzungsbedingungen) in Markdown."""
    d = details
    intro = _check(
        "Diese Nutzungsbedingungen sind eine Vorlage. Bitte prüfen Sie Lizenz, Moderationsregeln und Haftung mit "
        "dem Rechtsamt, bevor Sie sie veröffentlichen."
    )
    return f"""{intro}

## 1. Worum es geht

Auf dieser Plattform des Programms {d.programme} können alle Menschen in {d.city} Ideen einreichen, unterstützen
und kommentieren. Die Stadt liest jeden Beitrag und beantwortet jede Idee öffentlich.

## 2. Umgangsregeln (Netiquette)

- Bleiben Sie sachlich und freundlich, auch wenn Sie anderer Meinung sind.
- Keine Beleidigungen, keine Diskriminierung, keine Drohungen, keine Werbung.
- Schreiben Sie keine personenbezogenen Daten anderer Menschen (Namen, Adressen, Fotos) in Beiträge.
- Bleiben Sie beim Thema des Verfahrens oder Projekts.
- Ein Konto pro Person; unterstützen Sie eine Idee nur einmal.

## 3. Moderation

Das Programmbüro moderiert die Beiträge. Es kann Beiträge, die gegen diese Regeln oder gegen Gesetze verstoßen,
ausblenden und nennt dabei den Grund. Jede Person kann Beiträge melden. Wer wiederholt gegen die Regeln verstößt,
kann für eine Zeit oder dauerhaft gesperrt werden. Kommentare von Gästen erscheinen erst nach der Freigabe.
Gegen eine Entscheidung können Sie sich an das Programmbüro wenden.

## 4. Rechte an Ihren Beiträgen

Sie behalten die Rechte an Ihren Texten und Bildern. Mit dem Absenden erlauben Sie der Stadt {d.city}, Ihre
Beiträge unentgeltlich auf der Plattform zu zeigen, in Berichten und Bewerbungen des Programms zu zitieren und
als offene Daten unter der Lizenz **Creative Commons Namensnennung 4.0 (CC BY 4.0)** zu veröffentlichen; als
Namensnennung genügt der Anzeigename. Laden Sie nur Bilder hoch, an denen Sie die Rechte haben.
{_check("Lizenz der Beiträge bestätigen.")}

## 5. Keine Pflicht zur Umsetzung

Ideen und Unterstützungen sind Anregungen. Über die Umsetzung entscheiden die zuständigen Gremien der Stadt.

## 6. Änderungen

Wenn sich diese Bedingungen ändern, bitten wir Sie bei der nächsten Anmeldung, der neuen Fassung zuzustimmen.
"""
