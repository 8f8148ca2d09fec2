"""Anti-spam without tracking: arithmetic question, honeypot, minimum fill time, rate limits."""

import re

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.test import Client, RequestFactory

from modellstadt.core import guards
from modellstadt.core.guards import ANSWER_FIELD, HONEYPOT_FIELD, TOKEN_FIELD, HumanCheckMixin


class ContactForm(HumanCheckMixin, forms.Form):
    name = forms.CharField(label="Name")
    message = forms.CharField(label="Nachricht", widget=forms.Textarea)


def post_data(challenge, answer=None, **extra):
    data = {"name": "Anna", "message": "Guten Tag, ich habe eine Frage.", TOKEN_FIELD: challenge.token,
            ANSWER_FIELD: str(challenge.answer if answer is None else answer), HONEYPOT_FIELD: ""}
    data.update(extra)
    return data


def old_challenge(seconds_ago=30):
    return guards.new_challenge("ContactForm", issued_at=guards._now() - seconds_ago)


@pytest.fixture(autouse=True)
def fresh_cache():
    caches["default"].clear()


@pytest.mark.parametrize(
    "typed, expected",
    [("6", 6), (" 6. ", 6), ("sechs", 6), ("Sechs", 6), ("fünf", 5), ("fuenf", 5), ("zwölf", 12),
     ("ZWANZIG", 20), ("eins", 1), ("null", 0), ("", None), ("sechzig?", None), ("6x", None)],
)
def test_answers_as_digits_or_german_words(typed, expected):
    assert guards.parse_number(typed) == expected


def test_questions_mix_digits_and_words_and_are_small():
    for _ in range(200):
        challenge = guards.new_challenge("ContactForm")
        match = re.fullmatch(r"(Wie viel ist|Was ergibt) (\S+) (plus|\+|minus|×|mal) (\S+)\?", challenge.question)
        assert match, challenge.question
        left, right = match.group(2), match.group(4)
        assert left.isdigit() != right.isdigit()  # one in digits, one in words
        a, b = guards.parse_number(left), guards.parse_number(right)
        compute = {"plus": a + b, "+": a + b, "minus": a - b, "×": a * b, "mal": a * b}[match.group(3)]
        assert compute == challenge.answer and 0 <= challenge.answer <= 25
        # The token carries the question but not the answer in readable form.
        payload = guards.read_token(challenge.token, "ContactForm")
        assert payload["q"] == challenge.question and str(challenge.answer) not in {str(v) for v in payload.values()}


def test_the_english_interface_asks_with_english_words_and_accepts_both_languages():
    from django.utils import translation

    with translation.override("en"):
        for _ in range(100):
            challenge = guards.new_challenge("ContactForm")
            match = re.fullmatch(r"(What is|What is the result of) (\S+) (plus|\+|minus|×|times) (\S+)\?",
                                 challenge.question)
            assert match, challenge.question
            word = match.group(2) if not match.group(2).isdigit() else match.group(4)
            assert word in guards.ENGLISH_NUMBER_WORDS
    assert guards.parse_number("Six") == 6 and guards.parse_number("sechs") == 6


def test_unbound_form_shows_the_question_as_a_labelled_field_and_a_hidden_honeypot():
    form = ContactForm()
    html = form.as_div()
    question = form.fields[ANSWER_FIELD].label
    assert re.match(r"(Wie viel ist|Was ergibt) ", question)
    assert f'<label for="id_{ANSWER_FIELD}">{question}</label>' in html
    assert f'name="{TOKEN_FIELD}"' in html and 'type="hidden"' in html
    honeypot = re.search(r'<div class="visually-hidden" aria-hidden="true">.*?</div>', html).group(0)
    assert "Bitte leer lassen" in honeypot and 'tabindex="-1"' in honeypot and 'autocomplete="off"' in honeypot
    assert [f.name for f in form.visible_fields()] == ["name", "message", ANSWER_FIELD]  # honeypot not a visible row


@pytest.mark.parametrize("as_word", [False, True])
def test_right_answer_in_digits_or_words_passes(as_word):
    challenge = old_challenge()
    answer = guards.NUMBER_WORDS[challenge.answer] if as_word else challenge.answer
    form = ContactForm(post_data(challenge, answer=answer))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["message"] == "Guten Tag, ich habe eine Frage."


def test_wrong_answer_gives_a_new_question_and_keeps_everything_typed():
    challenge = old_challenge()
    form = ContactForm(post_data(challenge, answer=challenge.answer + 1))
    assert not form.is_valid()
    assert form.errors[ANSWER_FIELD] == ["Das ist leider nicht richtig. Bitte beantworten Sie die neue Rechenfrage."]
    html = form.as_div()
    new_token = form[TOKEN_FIELD].value()
    assert new_token != challenge.token and guards.read_token(new_token, "ContactForm")
    new_question = guards.read_token(new_token, "ContactForm")["q"]
    assert form[ANSWER_FIELD].label == new_question and f">{new_question}</label>" in html
    assert 'value="Anna"' in html and "Guten Tag, ich habe eine Frage." in html
    assert form[ANSWER_FIELD].value() == ""


def test_missing_answer_keeps_the_question():
    challenge = old_challenge()
    form = ContactForm(post_data(challenge, answer=""))
    assert not form.is_valid()
    assert form.errors[ANSWER_FIELD] == ["Bitte beantworten Sie die Rechenfrage."]
    assert form[TOKEN_FIELD].value() == challenge.token


def test_filled_honeypot_is_refused():
    form = ContactForm(post_data(old_challenge(), **{HONEYPOT_FIELD: "https://spam.example"}))
    assert not form.is_valid()
    assert "Bitte leer lassen" in form.non_field_errors()[0]
    assert "spam.example" not in form.as_div()


def test_too_fast_submission_is_refused_and_may_simply_be_sent_again(monkeypatch):
    challenge = old_challenge(seconds_ago=1)
    form = ContactForm(post_data(challenge))
    assert not form.is_valid()
    assert form.non_field_errors() == [
        "Das ging sehr schnell. Bitte prüfen Sie Ihre Eingaben und senden Sie das Formular noch einmal ab."
    ]
    renewed = form[TOKEN_FIELD].value()
    assert guards.read_token(renewed, "ContactForm")["q"] == challenge.question  # same question, clock restarted
    assert form[ANSWER_FIELD].value() == str(challenge.answer)
    later = guards._now() + 5
    monkeypatch.setattr(guards, "_now", lambda: later)
    assert ContactForm(post_data(challenge, **{TOKEN_FIELD: renewed})).is_valid()


def test_tokens_older_than_two_hours_get_a_friendly_message_and_a_new_question():
    challenge = old_challenge(seconds_ago=2 * 60 * 60 + 5)
    form = ContactForm(post_data(challenge))
    assert not form.is_valid()
    assert "länger als 2 Stunden geöffnet" in form.errors[ANSWER_FIELD][0]
    assert form[TOKEN_FIELD].value() != challenge.token
    assert "Guten Tag, ich habe eine Frage." in form.as_div()


def test_forged_or_foreign_tokens_are_refused():
    challenge = old_challenge()
    forged = challenge.token[:-3] + ("aaa" if not challenge.token.endswith("aaa") else "bbb")
    form = ContactForm(post_data(challenge, **{TOKEN_FIELD: forged}))
    assert not form.is_valid() and "ungültig" in form.errors[ANSWER_FIELD][0]
    other_form = guards.new_challenge("signup", issued_at=guards._now() - 30)  # made for another form
    form = ContactForm(post_data(other_form))
    assert not form.is_valid() and "ungültig" in form.errors[ANSWER_FIELD][0]


def test_a_solved_question_is_accepted_once_only():
    """One answered token must not carry several submissions (the same or other clients, any server)."""
    challenge = old_challenge()
    first = ContactForm(post_data(challenge))
    assert first.is_valid(), first.errors
    for _again in range(3):
        replay = ContactForm(post_data(challenge, name="Bot"))
        assert not replay.is_valid()
        assert replay.errors[ANSWER_FIELD] == [
            "Diese Rechenfrage wurde schon einmal beantwortet. Bitte beantworten Sie die neue Rechenfrage."
        ]
        assert replay[TOKEN_FIELD].value() != challenge.token  # a new question to answer
        assert "Guten Tag, ich habe eine Frage." in replay.as_div()  # the text stays


def test_a_used_question_is_recorded_in_the_shared_cache_atomically(monkeypatch):
    calls = []
    real_add = caches["default"].add

    def add(key, value, timeout=None, **kwargs):
        calls.append((key, timeout))
        return real_add(key, value, timeout=timeout, **kwargs)

    monkeypatch.setattr(caches["default"], "add", add)
    assert ContactForm(post_data(old_challenge())).is_valid()
    used = [(key, timeout) for key, timeout in calls if key.startswith("guards:used:")]
    assert len(used) == 1 and used[0][1] >= guards.max_age()


def test_a_form_with_other_errors_does_not_use_up_the_question():
    challenge = old_challenge()
    form = ContactForm(post_data(challenge, name=""))
    assert not form.is_valid() and "name" in form.errors and ANSWER_FIELD not in form.errors
    assert form[TOKEN_FIELD].value() == challenge.token
    assert ContactForm(post_data(challenge)).is_valid()  # corrected and sent again with the same answer


def test_a_solved_form_shown_again_asks_a_new_question():
    """If the view refuses a valid form later (a service error), the form offers a fresh question."""
    challenge = old_challenge()
    form = ContactForm(post_data(challenge))
    assert form.is_valid()
    assert form[TOKEN_FIELD].value() != challenge.token and form[ANSWER_FIELD].value() in ("", None)


def test_filled_in_helper_passes_the_check():
    data = {"name": "A", "message": "B", **guards.filled_in(ContactForm)}
    assert ContactForm(data).is_valid()


# --- Rate limits -------------------------------------------------------------------------------------


def _request(ip="203.0.113.7", user=None, **headers):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().post("/", REMOTE_ADDR=ip, **headers)
    request.user = user or AnonymousUser()
    return request


def test_guests_are_limited_per_ip(settings):
    settings.MODELLSTADT_RATE_LIMITS = {"comment": ((5, 600), (20, 600))}
    results = [guards.rate_limited(_request(), "comment") for _ in range(6)]
    assert results == [False] * 5 + [True]
    assert guards.rate_limited(_request(ip="198.51.100.1"), "comment") is False  # another address
    assert guards.rate_limited(_request(), "report") is False  # another scope


@pytest.mark.django_db
def test_signed_in_people_are_limited_per_account():
    anna = get_user_model().objects.create_user("anna-guard")
    ben = get_user_model().objects.create_user("ben-guard")
    results = [guards.rate_limited(_request(ip=f"192.0.2.{n}", user=anna), "comment") for n in range(21)]
    assert results == [False] * 20 + [True]  # changing address does not help
    assert guards.rate_limited(_request(user=ben), "comment") is False


def test_window_counter_starts_again_in_the_next_window(monkeypatch):
    now = 1_000_000.0
    monkeypatch.setattr(guards, "_now", lambda: now)
    assert [guards.hit("k", 2, 60) for _ in range(3)] == [False, False, True]
    now += 60
    assert guards.hit("k", 2, 60) is False


def test_client_ip_honours_trusted_proxies(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    request = _request(ip="10.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 2.2.2.2")
    assert guards.client_ip(request) == "10.0.0.1"  # no proxy trusted: the header is ignored
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert guards.client_ip(request) == "2.2.2.2"  # read from the right: the client can forge the left
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    assert guards.client_ip(request) == "1.1.1.1"
    assert guards.client_ip(_request(ip="10.0.0.1", HTTP_X_FORWARDED_FOR="nonsense")) == "10.0.0.1"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    same_network = guards.client_ip(_request(ip="2001:db8::ffff"))
    assert guards.client_ip(_request(ip="2001:db8::1")) == same_network == "2001:db8::"


# --- Registration ------------------------------------------------------------------------------------

PASSWORD = "Sehr-sicheres-Passwort-1"


def _signup_data(**extra):
    data = {"email": "gerd@example.org", "password1": PASSWORD, "password2": PASSWORD,
            "display_name": "Gerd aus Vorsfelde", "district": "", "accept_terms": "on"}
    data.update(extra)
    return data


@pytest.mark.django_db
def test_signup_asks_the_question_and_refuses_without_the_answer(portal):
    client = Client(HTTP_HOST="localhost")
    page = client.get("/konto/signup/").content.decode()
    assert re.search(rf'<label for="id_{ANSWER_FIELD}">(Wie viel ist|Was ergibt) [^<]+\?</label>', page)
    assert "Bitte leer lassen" in page and 'aria-hidden="true"' in page
    response = client.post("/konto/signup/", _signup_data())
    html = response.content.decode()
    assert response.status_code == 200 and get_user_model().objects.count() == 0
    assert "Die Rechenfrage ist ungültig" in html
    assert 'value="gerd@example.org"' in html and 'value="Gerd aus Vorsfelde"' in html

    challenge = guards.new_challenge("signup", issued_at=guards._now() - 30)
    wrong = {TOKEN_FIELD: challenge.token, ANSWER_FIELD: str(challenge.answer + 2)}
    html = client.post("/konto/signup/", _signup_data(**wrong)).content.decode()
    assert "Das ist leider nicht richtig" in html and get_user_model().objects.count() == 0

    response = client.post("/konto/signup/", _signup_data(**guards.filled_in("signup")))
    assert response.status_code == 302
    assert get_user_model().objects.get().display_name == "Gerd aus Vorsfelde"


@pytest.mark.django_db
def test_signup_refuses_honeypot_and_too_fast_bots(portal):
    client = Client(HTTP_HOST="localhost")
    data = _signup_data(**{**guards.filled_in("signup"), HONEYPOT_FIELD: "x"})
    html = client.post("/konto/signup/", data).content.decode()
    assert "Ihre Eingabe konnte nicht angenommen werden" in html
    data = _signup_data(**guards.filled_in("signup", seconds_ago=0))
    html = client.post("/konto/signup/", data).content.decode()
    assert "Das ging sehr schnell" in html
    assert get_user_model().objects.count() == 0


# --- Shared cache down: protection refuses instead of passing ------------------------------------------

CLOSED_PORT_REDIS = {
    alias: {"BACKEND": "modellstadt.core.cache_backends.FailOpenRedisCache",
            "LOCATION": "redis://127.0.0.1:6399/0", "KEY_PREFIX": f"guards-{alias}"}
    for alias in ("default", "pages")
}


@pytest.fixture
def redis_down(settings):
    from modellstadt.core import cache_backends

    cache_backends.reset()
    settings.CACHES = CLOSED_PORT_REDIS
    yield settings
    cache_backends.reset()


def test_solved_question_is_not_accepted_when_it_cannot_be_marked_as_used(redis_down):
    challenge = old_challenge()
    form = ContactForm(post_data(challenge))
    assert not form.is_valid()
    assert form.non_field_errors() == [str(guards.UNAVAILABLE_FORM_MESSAGE)]
    assert "gerade nicht möglich" in str(guards.UNAVAILABLE_FORM_MESSAGE)
    # everything stays, the question and the answer included, for a later try
    assert form.data["message"] == "Guten Tag, ich habe eine Frage."
    assert form.data[TOKEN_FIELD] == challenge.token and form.data[ANSWER_FIELD] == str(challenge.answer)
    assert form.fields[ANSWER_FIELD].label == guards.read_token(challenge.token, "ContactForm")["q"]


def test_rate_limits_refuse_when_they_cannot_be_counted(redis_down):
    from modellstadt.core.cache_backends import SharedCacheUnavailable

    request = RequestFactory().post("/", REMOTE_ADDR="198.51.100.9")
    with pytest.raises(SharedCacheUnavailable):
        guards.hit("key", 5, 600)
    with pytest.raises(SharedCacheUnavailable):
        guards.use_token({"n": "0123"}, "ContactForm")
    assert guards.refusal(request, "comment") == guards.Refusal(str(guards.UNAVAILABLE_FORM_MESSAGE), 503)


def test_refusal_says_too_many_or_nothing(settings):
    settings.MODELLSTADT_RATE_LIMITS = {"comment": ((1, 600), (1, 600))}
    request = RequestFactory().post("/", REMOTE_ADDR="198.51.100.10")
    assert guards.refusal(request, "comment") is None
    assert guards.refusal(request, "comment") == guards.Refusal(str(guards.RATE_LIMIT_MESSAGE), 429)


def test_middleware_runs_account_writes_strictly_and_answers_503():
    from modellstadt.core.cache_backends import _strict

    seen = []

    def view(request):
        seen.append(_strict.get())
        return "response"

    middleware = guards.SharedStateGuardMiddleware(view)
    factory = RequestFactory()
    assert middleware(factory.post("/konto/login/")) == "response"
    assert middleware(factory.get("/konto/login/")) == "response"
    assert middleware(factory.post("/kommentare/neu/nachricht/1/")) == "response"
    # HEAD and OPTIONS only read, like GET: the cache stays fail-open for them
    assert middleware(factory.head("/konto/login/")) == "response"
    assert middleware(factory.options("/konto/login/")) == "response"
    assert seen == [True, False, False, False, False]
    assert middleware.process_exception(factory.post("/konto/login/"), ValueError()) is None


@pytest.mark.django_db
def test_middleware_turns_an_unreachable_shared_cache_into_a_german_503_page(portal):
    from modellstadt.core.cache_backends import SharedCacheUnavailable

    request = RequestFactory().post("/konto/login/")
    response = guards.SharedStateGuardMiddleware(lambda r: None).process_exception(request, SharedCacheUnavailable())
    assert response.status_code == 503
    assert response["Retry-After"] == "60" and response["Cache-Control"] == "no-store"
    assert "Diese Aktion ist gerade nicht möglich, bitte versuchen Sie es in einigen Minuten erneut." in (
        response.content.decode())
