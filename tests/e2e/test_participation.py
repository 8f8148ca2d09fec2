"""Citizen participation in the browser: a resident registers, confirms, submits, supports and
comments; a guest comments on a news post and a moderator releases it; every participation page
passes axe-core (WCAG 2.1 A/AA), logged out and logged in, on a desktop and on a 360 px phone.

The live server runs in a thread of this process: e-mails land in the shared ``mail.outbox``
(``mailoutbox``), and the test city is written through the models (tests/e2e/city.py).
"""

import re
import time
from urllib.parse import urlsplit

import pytest
from django.core.cache import caches
from playwright.sync_api import expect

from modellstadt.core.guards import NUMBER_WORDS
from tests.e2e.axe import assert_accessible
from tests.e2e.layout import DESKTOP, PHONE, assert_no_sideways_scrolling
from tests.e2e.session import SLOW, log_in, sign_in_tab, wait_for_mail

pytestmark = pytest.mark.e2e

FILL_SECONDS = 3.3  # the forms refuse answers sent faster than MODELLSTADT_FORM_MIN_SECONDS (3 s)



# --- The arithmetic question ------------------------------------------------------------------------

# The question may use any number word the guard knows (up to "zwanzig"), so read them from there.
NUMBERS = {word: n for n, word in enumerate(NUMBER_WORDS)}
OPERATORS = {"plus": "+", "+": "+", "minus": "-", "−": "-", "-": "-", "×": "*", "mal": "*", "x": "*", "*": "*"}
QUESTION = re.compile(
    r"(\d+|[a-zäöüß]+)\s+(plus|minus|mal|[+×x*−-])\s+(\d+|[a-zäöüß]+)\s*(?:=|\?)", re.IGNORECASE
)


def _number(token):
    token = token.lower()
    return int(token) if token.isdigit() else NUMBERS[token]


def solve(question):
    """The answer to "Was ergibt 3 × zwei?" / "Wie viel ist sieben minus 2?" as digits."""
    match = QUESTION.search(question)
    assert match, f"Keine Rechenfrage erkannt in „{question}“"
    a, op, b = _number(match.group(1)), OPERATORS[match.group(2).lower()], _number(match.group(3))
    return str({"+": a + b, "-": a - b, "*": a * b}[op])


def test_solve_reads_digits_words_and_all_operators():
    assert solve("Was ergibt 3 × zwei?") == "6"
    assert solve("Wie viel ist sieben minus 2?") == "5"
    assert solve("Wie viel ist 10 plus zwölf?") == "22"
    assert solve("Was ergibt vier mal 5?") == "20"
    assert solve("2 + drei =") == "5"
    assert solve("Wie viel ist vierzehn minus 3?") == "11"  # words above twelve too


def answer_question(form):
    """Answer the form's arithmetic question by reading its label, as a person would."""
    answer = form.locator("input[name='human_answer']")
    label = form.locator(f"label[for='{answer.get_attribute('id')}']").inner_text()
    answer.fill(solve(label))


def wait_fill_time(shown_at):
    """The forms refuse a submission sooner than 3 s after they were shown: wait the rest."""
    rest = FILL_SECONDS - (time.monotonic() - shown_at)
    if rest > 0:
        time.sleep(rest)


# --- Fixtures and helpers ---------------------------------------------------------------------------


@pytest.fixture
def participation(city):
    """The test city with an open participation process, its ideas, comments and people."""
    from tests.e2e.city import build_participation

    for alias in ("default", "pages"):  # rate limits and throttles start afresh for every test
        caches[alias].clear()
    return build_participation(city)


def local_path(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


# --- Journey 1: a resident registers, confirms, submits an idea, supports another, comments --------


def test_resident_registers_confirms_submits_supports_and_comments(participation, tab, mailoutbox):
    from allauth.account.models import EmailAddress

    from modellstadt.comments.models import Comment
    from modellstadt.ideas.models import Idea, Support

    page = tab.page
    email = "dilara.yildiz@example.org"
    password = "Mein-Quartier-2030!"

    # Register: e-mail, password twice, display name, district, terms, the arithmetic question.
    tab.open("/konto/signup/")
    shown_at = time.monotonic()
    form = page.locator("form", has=page.locator("input[name='password1']"))
    form.locator("input[name='email']").fill(email)
    form.locator("input[name='password1']").fill(password)
    form.locator("input[name='password2']").fill(password)
    form.get_by_label("Anzeigename").fill("Dilara aus Vorsfelde")
    form.get_by_label("Stadtteil (freiwillig)").fill("Vorsfelde")
    form.get_by_label(re.compile("Ich stimme den Nutzungsbedingungen zu")).check()
    answer_question(form)
    wait_fill_time(shown_at)
    form.locator("button[type='submit']").click()
    expect(page).to_have_url(re.compile(r"/konto/confirm-email/"), timeout=SLOW)
    assert not EmailAddress.objects.get(email=email).verified

    # The confirmation e-mail from the test mailbox; its link confirms the address.
    message = wait_for_mail(mailoutbox, email)
    link = re.search(r"https?://\S+/konto/confirm-email/\S+", message.body)
    assert link, message.body
    tab.open(local_path(link.group(0)))
    page.locator("main form button[type='submit']").click()
    expect(page).not_to_have_url(re.compile(r"/konto/confirm-email/"), timeout=SLOW)
    assert EmailAddress.objects.get(email=email).verified
    if page.locator("input[name='password']").count():  # not signed in by the confirmation
        log_in(tab, email, password)
    tab.open("/konto/")
    expect(page.locator("main")).to_contain_text(email)

    # Submit an idea to the open process; the form first shows the similar idea, then takes it.
    process = participation.process
    tab.open(f"/beteiligung/{process.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(process.title)
    page.locator("main").get_by_role("link", name="Idee einreichen").click()
    expect(page).to_have_url(re.compile(rf"/beteiligung/{process.slug}/idee-einreichen/$"))
    page.get_by_label(re.compile("^Themenfeld")).select_option(str(participation.charging_idea.field_id))
    page.get_by_label(re.compile("^Titel")).fill("Mehr Ladesäulen am Bahnhof Vorsfelde")
    page.get_by_label(re.compile("^Beschreibung")).fill(
        "Pendlerinnen und Pendler könnten ihr Auto laden, während sie mit dem Zug zur Arbeit fahren."
    )
    page.get_by_role("button", name="Idee einreichen").click()
    # The title shares "Ladesäulen" with an existing idea: the form asks to confirm it is a new one,
    # keeping everything typed.
    similar = page.locator("section.similar-ideas")
    expect(similar).to_be_visible(timeout=SLOW)
    expect(similar.get_by_role("link", name="Ladesäulen an allen Grundschulen")).to_be_visible()
    expect(page.get_by_label(re.compile("^Titel"))).to_have_value("Mehr Ladesäulen am Bahnhof Vorsfelde")
    assert not Idea.objects.filter(title="Mehr Ladesäulen am Bahnhof Vorsfelde").exists()
    page.get_by_role("button", name="Trotzdem einreichen").click()
    expect(page).to_have_url(re.compile(r"/ideen/\d+/$"), timeout=SLOW)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mehr Ladesäulen am Bahnhof Vorsfelde")
    expect(page.locator("main")).to_contain_text("Ihre Idee wurde veröffentlicht")
    expect(page.locator("main")).to_contain_text("Eingereicht von Dilara aus Vorsfelde")
    idea = Idea.objects.get(title="Mehr Ladesäulen am Bahnhof Vorsfelde")
    assert idea.author.email == email and idea.process == process and idea.is_published
    tab.open(f"/beteiligung/{process.slug}/")
    expect(page.locator("main").get_by_role("link", name="Mehr Ladesäulen am Bahnhof Vorsfelde")).to_be_visible()

    # Support another resident's idea: the count goes up, the button turns into "take back".
    other = participation.charging_idea
    tab.open(f"/ideen/{other.pk}/")
    count = page.locator("#support-count")
    expect(count).to_have_text("0 Personen unterstützen diese Idee.")
    page.get_by_role("button", name="Idee unterstützen").click()
    expect(count).to_have_text("1 Person unterstützt diese Idee.", timeout=SLOW)
    expect(page.get_by_role("button", name="Unterstützung zurücknehmen")).to_be_visible()
    expect(page.get_by_role("button", name="Idee unterstützen")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("Danke! Sie unterstützen diese Idee.")
    assert Support.objects.filter(idea=other, user__email=email).count() == 1
    other.refresh_from_db()
    assert other.support_count == 1

    # Comment on that idea and see the comment in the thread.
    comments = page.locator("#kommentare")
    comments.get_by_label("Ihr Kommentar").fill("Unbedingt auch an der Grundschule in Vorsfelde!")
    comments.get_by_role("button", name="Kommentar veröffentlichen").click()
    expect(page).to_have_url(re.compile(rf"/ideen/{other.pk}/#kommentar-\d+$"), timeout=SLOW)
    comment = Comment.objects.get(idea=other, author__email=email)
    posted = page.locator(f"#kommentar-{comment.pk}")
    expect(posted).to_contain_text("Unbedingt auch an der Grundschule in Vorsfelde!")
    expect(posted).to_contain_text("Dilara aus Vorsfelde")
    expect(page.locator("#kommentare-titel")).to_contain_text("(1)")
    expect(page.locator("main [role='status']").first).to_contain_text("Ihr Kommentar ist veröffentlicht.")
    tab.assert_local_only()


# --- Journey 2: a guest comments on a news post, a moderator releases it --------------------------


def test_guest_comment_waits_for_release_by_a_moderator(participation, open_tab):
    from modellstadt.comments.models import Comment
    from modellstadt.ideas.models import Moderation

    post = participation.news_post
    news_url = "/aktuelles/erste-ladesaeulen/"
    text = "Gibt es die Ladesäulen bald auch in Fallersleben?"

    guest = open_tab()
    page = guest.page
    guest.open(news_url)
    page.get_by_role("link", name="Als Gast kommentieren").click()
    expect(page).to_have_url(re.compile(rf"/kommentare/neu/nachricht/{post.pk}/"))
    shown_at = time.monotonic()
    form = page.locator("form.comment-form")
    form.get_by_label("Ihr Name").fill("Gerda Gast")
    form.get_by_label("Ihre E-Mail-Adresse").fill("gerda@example.org")
    form.get_by_label("Ihr Kommentar").fill(text)
    answer_question(form)
    wait_fill_time(shown_at)
    form.get_by_role("button", name="Kommentar zur Freigabe senden").click()

    expect(page).to_have_url(re.compile(r"/aktuelles/erste-ladesaeulen/#kommentare$"), timeout=SLOW)
    expect(page.locator("#kommentare [role='status']")).to_contain_text(
        "sobald die Moderation ihn freigegeben hat"
    )
    expect(page.locator("#kommentare")).not_to_contain_text(text)  # not even for the guest
    comment = Comment.objects.get(news_post=post, guest_name="Gerda Gast")
    assert comment.moderation == Moderation.PENDING
    assert comment.guest_name == "Gerda Gast" and comment.guest_email == "gerda@example.org"

    visitor = open_tab()
    visitor.open(news_url)
    expect(visitor.page.locator("#kommentare-titel")).to_contain_text("(1)")  # only the resident's comment
    expect(visitor.page.locator("#kommentare")).to_contain_text("Laden die Säulen auch mit Ökostrom?")
    expect(visitor.page.locator("main")).not_to_contain_text(text)

    # The moderator signs in through the portal's login and releases the comment in the back office.
    moderator = open_tab()
    mpage = moderator.page
    log_in(moderator, participation.office.email, participation.password)
    moderator.open("/verwaltung/beteiligung/moderation/")
    heading = mpage.get_by_role("heading", name=re.compile("Kommentare, die auf Freigabe"))
    pending = mpage.locator("section", has=heading)
    row = pending.locator("tr", has_text=text)
    expect(row).to_contain_text("Gerda Gast")
    expect(row).to_contain_text("gerda@example.org")  # the address only the moderation sees
    row.get_by_role("button", name="Freigeben").click()
    expect(mpage.locator("body")).to_contain_text("Der Beitrag wurde freigegeben.", timeout=SLOW)
    expect(pending).to_contain_text("Keine Kommentare warten auf Freigabe.")
    comment.refresh_from_db()
    assert comment.moderation == Moderation.PUBLISHED

    # Now everyone sees it, as a guest's comment, without the e-mail address.
    visitor.open(news_url)
    shown = visitor.page.locator(f"#kommentar-{comment.pk}")
    expect(shown).to_contain_text(text)
    expect(shown).to_contain_text("Gerda Gast")
    expect(shown.locator(".tag")).to_have_text("Gast")
    expect(visitor.page.locator("main")).not_to_contain_text("gerda@example.org")
    for tab in (guest, visitor, moderator):
        tab.assert_local_only()


# --- axe-core on every participation page, logged out and logged in, desktop and phone ---------------


def _submit_empty_idea(page):
    page.get_by_role("button", name="Idee einreichen").click()
    expect(page.locator("#form-errors")).to_be_visible(timeout=SLOW)
    expect(page.locator("main")).to_contain_text("Bitte geben Sie einen Titel an.")


def _submit_similar_idea(page):
    page.get_by_label(re.compile("^Themenfeld")).select_option(index=1)  # "Elektromobilität"
    page.get_by_label(re.compile("^Titel")).fill("Ladesäulen an jeder Schule")
    page.get_by_label(re.compile("^Beschreibung")).fill("Damit Lehrkräfte laden können.")
    page.get_by_role("button", name="Idee einreichen").click()
    expect(page.locator("section.similar-ideas")).to_be_visible(timeout=SLOW)


# The browser checks "required" and the shape of e-mail addresses itself, so these pass it and fail
# on the server: an address without a top-level domain, a wrong answer, passwords that differ.


def _submit_bad_guest_comment(page):
    form = page.locator("form.comment-form")
    form.get_by_label("Ihr Name").fill("Gerda Gast")
    form.get_by_label("Ihre E-Mail-Adresse").fill("gerda@beispiel")
    form.get_by_label("Ihr Kommentar").fill("Wann kommen die Ladesäulen nach Fallersleben?")
    form.locator("input[name='human_answer']").fill("999")
    form.locator("button[type='submit']").click()
    expect(form.locator(".error").first).to_be_visible(timeout=SLOW)
    expect(form).to_contain_text("Bitte geben Sie eine gültige E-Mail-Adresse an.")
    expect(form).to_contain_text("Das ist leider nicht richtig.")
    expect(form.get_by_label("Ihr Kommentar")).to_have_value("Wann kommen die Ladesäulen nach Fallersleben?")


def _submit_bad_signup(page):
    form = page.locator("form", has=page.locator("input[name='password1']"))
    form.locator("input[name='email']").fill("anna@beispiel")
    form.locator("input[name='password1']").fill("Sehr-sicheres-Passwort-1")
    form.locator("input[name='password2']").fill("Ein-anderes-Passwort-2")
    form.get_by_label("Anzeigename").fill("Anna aus Fallersleben")
    form.get_by_label(re.compile("Ich stimme den Nutzungsbedingungen zu")).check()
    form.locator("input[name='human_answer']").fill("999")
    form.locator("button[type='submit']").click()
    expect(page.locator("main [aria-invalid='true']").first).to_be_visible(timeout=SLOW)
    expect(page.locator("main")).to_contain_text("Das ist leider nicht richtig.")
    expect(form.get_by_label("Anzeigename")).to_have_value("Anna aus Fallersleben")


# id: (address (str or function of the test data), viewers, text on the page, action after loading)
# Viewers: "gast" (logged out), "clara" (resident), "bernd" (author with notifications),
# "buero" (programme office, moderates: sees the hidden comment's text).
PAGES = {
    "Verfahren": ("/beteiligung/", ("gast", "clara"), "Ideen für die Digitalisierungsstrategie", None),
    "Verfahren-Seite": (lambda d: f"/beteiligung/{d.process.slug}/", ("gast", "clara"), "Was jetzt möglich ist",
                        None),
    "Verfahren-abgeschlossen": (lambda d: f"/beteiligung/{d.finished_process.slug}/", ("gast", "clara"),
                                "Beteiligungsverfahren zur Bürgerinformationsplattform 2024", None),
    "Ideenliste": ("/ideen/", ("gast", "clara"), "Kostenloses WLAN in der Stadtbibliothek", None),
    "Ideenliste-zufaellig": ("/ideen/?sortierung=zufall", ("gast", "clara"), "Ladesäulen an allen Grundschulen",
                             None),
    "Idee": (lambda d: f"/ideen/{d.wifi_idea.pk}/", ("gast", "clara", "bernd", "buero"),
             "Antwort des Programmbüros", None),
    "Ideenformular": (lambda d: f"/beteiligung/{d.process.slug}/idee-einreichen/", ("clara",), "Idee einreichen",
                      None),
    "Ideenformular-Fehler": (lambda d: f"/beteiligung/{d.process.slug}/idee-einreichen/", ("clara",),
                             "Idee einreichen", _submit_empty_idea),
    "Ideenformular-aehnliche": (lambda d: f"/beteiligung/{d.process.slug}/idee-einreichen/", ("clara",),
                                "Ladesäulen an allen Grundschulen", _submit_similar_idea),
    "Kommentarformular-Gast": (lambda d: f"/kommentare/neu/nachricht/{d.news_post.pk}/", ("gast", "clara"),
                               "Kommentar", None),
    "Kommentarformular-Fehler": (lambda d: f"/kommentare/neu/nachricht/{d.news_post.pk}/", ("gast",),
                                 "Kommentar", _submit_bad_guest_comment),
    "Nachricht-mit-Kommentaren": ("/aktuelles/erste-ladesaeulen/", ("gast", "clara"),
                                  "Laden die Säulen auch mit Ökostrom?", None),
    "Benachrichtigungen": ("/konto/benachrichtigungen/", ("bernd",),
                           re.compile(r"[1-9]\d* ungelesene Benachrichtigung"), None),
    "Benachrichtigungen-Einstellungen": ("/konto/benachrichtigungen/einstellungen/", ("bernd",),
                                         "E-Mails zu Ihren Benachrichtigungen", None),
    "Registrierung-Fehler": ("/konto/signup/", ("gast",), "Anzeigename", _submit_bad_signup),
}


def _viewer_tab(open_tab, data, viewer):
    if viewer == "gast":
        return open_tab()
    user = {"clara": data.clara, "bernd": data.bernd, "buero": data.office}[viewer]
    return sign_in_tab(open_tab, user)


@pytest.mark.parametrize("name", list(PAGES))
def test_participation_page_is_accessible_logged_out_and_in_on_desktop_and_phone(participation, open_tab, name):
    address, viewers, text, action = PAGES[name]
    path = address(participation) if callable(address) else address
    for viewer in viewers:
        tab = _viewer_tab(open_tab, participation, viewer)
        page = tab.page
        for size, label in ((DESKTOP, "Desktop"), (PHONE, "360 px")):
            page.set_viewport_size(size)
            tab.open(path)
            if action is not None:
                action(page)
            where = f"{name} {path} ({viewer}, {label})"
            expect(page.locator("main")).to_contain_text(text)
            # Signed in or not, as intended (a lost session would show the login page instead).
            expect(page.get_by_role("link", name="Mein Konto")).to_have_count(0 if viewer == "gast" else 1)
            assert page.locator("html").get_attribute("lang") == "de", where
            assert_accessible(page, where)
            if size is PHONE:
                assert_no_sideways_scrolling(page, where)
        tab.assert_local_only()


def test_idea_page_shows_answer_thread_and_hidden_comment_only_to_moderators(participation, open_tab):
    """What the accessible idea page must contain: the official answer, the thread with its reply,
    and the hidden comment as a reason in place of its text (the text only for the moderation)."""
    idea = participation.wifi_idea
    guest = open_tab()
    guest.open(f"/ideen/{idea.pk}/")
    main = guest.page.locator("main")
    expect(main.locator("#answer")).to_have_text("Antwort des Programmbüros")
    expect(main).to_contain_text("Umgesetzt im Projekt: Digitales Klassenzimmer")
    expect(main).to_contain_text("Danke, das nehme ich gern mit auf.")
    hidden = main.locator(f"#kommentar-{participation.hidden_comment.pk}")
    expect(hidden).to_contain_text("Werbung ist in den Kommentaren nicht erlaubt.")
    expect(main).not_to_contain_text("Kaufen Sie Router")

    office = sign_in_tab(open_tab, participation.office)
    office.open(f"/ideen/{idea.pk}/")
    expect(office.page.locator(f"#kommentar-{participation.hidden_comment.pk}")).to_contain_text("Kaufen Sie Router")
    for tab in (guest, office):
        tab.assert_local_only()
