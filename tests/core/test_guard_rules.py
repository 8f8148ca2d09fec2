"""The anti-spam guards' finer rules (core/guards.py): which address a request counts under, how long a
rate-limit window keeps its count, who is counted per address in the idea scope, the ranges and language of
the questions, old and empty tokens, the renewed clock of a too-fast form, the honeypot's HTML and the helper
that fills the check in for tests. Written against the survivors of the complete mutation run of 1 December
2026; this file is not yet in the file's test selection in pyproject.toml."""

import types

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.core.cache.backends import base as cache_base
from django.core.cache.backends import locmem
from django.test import RequestFactory

from modellstadt.core import guards
from modellstadt.core.guards import ANSWER_FIELD, HONEYPOT_FIELD, TOKEN_FIELD, HumanCheckMixin

TOO_FAST = "Das ging sehr schnell. Bitte prüfen Sie Ihre Eingaben und senden Sie das Formular noch einmal ab."


class ContactForm(HumanCheckMixin, forms.Form):
    name = forms.CharField(label="Name")
    message = forms.CharField(label="Nachricht", widget=forms.Textarea)


class SignupLikeForm(HumanCheckMixin, forms.Form):
    """A form whose tokens are made for a named scope (like the sign-up form), not for its class name."""

    human_check_scope = "signup"
    email = forms.EmailField()


def _request(ip="203.0.113.7", user=None, **headers):
    request = RequestFactory().post("/", REMOTE_ADDR=ip, **headers)
    request.user = user or AnonymousUser()
    return request


class Clock:
    """One clock for the guards and the local-memory cache's expiry, so that a window can be lived through."""

    def __init__(self, monkeypatch, now):
        self.now = now
        fake_time = types.SimpleNamespace(time=lambda: self.now)
        monkeypatch.setattr(guards, "_now", lambda: self.now)
        monkeypatch.setattr(locmem, "time", fake_time)
        monkeypatch.setattr(cache_base, "time", fake_time)


WINDOW_START = 600 * 2_000_000  # the first second of a 600-second window


# --- The client address ------------------------------------------------------------------------------


def test_a_request_without_a_readable_address_is_counted_as_unknown(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    assert guards.client_ip(_request(ip="")) == "unknown"
    assert guards.client_ip(_request(ip="kein-rechner")) == "unknown"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert guards.client_ip(_request(ip="", HTTP_X_FORWARDED_FOR="unsinn")) == "unknown"


def test_a_forged_proxy_entry_falls_back_to_the_connecting_address(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert guards.client_ip(_request(ip="10.0.0.1", HTTP_X_FORWARDED_FOR="nonsense")) == "10.0.0.1"
    assert guards.client_ip(_request(ip="10.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, unsinn")) == "10.0.0.1"


def test_fewer_forwarded_entries_than_trusted_proxies_use_the_connecting_address(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 3
    assert guards.client_ip(_request(ip="10.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 2.2.2.2")) == "10.0.0.1"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    assert guards.client_ip(_request(ip="10.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, , 2.2.2.2")) == "1.1.1.1"


def test_without_the_proxy_setting_the_forwarded_header_is_ignored(settings):
    del settings.ALLAUTH_TRUSTED_PROXY_COUNT
    assert guards.client_ip(_request(ip="10.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1")) == "10.0.0.1"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = None
    assert guards.client_ip(_request(ip="10.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1")) == "10.0.0.1"


def test_an_ipv4_address_written_as_ipv6_is_the_same_client(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    assert guards.client_ip(_request(ip="::ffff:198.51.100.7")) == "198.51.100.7"
    settings.MODELLSTADT_RATE_LIMITS = {"comment": ((2, 600), (20, 600))}
    as_ipv6 = [guards.rate_limited(_request(ip="::ffff:198.51.100.7"), "comment") for _ in range(2)]
    assert as_ipv6 == [False, False]
    assert guards.rate_limited(_request(ip="198.51.100.7"), "comment") is True


def test_one_ipv6_network_is_one_client_and_the_next_network_another(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    settings.MODELLSTADT_RATE_LIMITS = {"comment": ((2, 600), (20, 600))}
    assert guards.rate_limited(_request(ip="2001:db8:0:1::a"), "comment") is False
    assert guards.rate_limited(_request(ip="2001:db8:0:1:ffff:ffff:ffff:ffff"), "comment") is False
    assert guards.rate_limited(_request(ip="2001:db8:0:2::a"), "comment") is False  # the next /64
    assert guards.rate_limited(_request(ip="2001:db8:0:1::b"), "comment") is True


# --- Rate-limit windows ------------------------------------------------------------------------------


def test_a_window_keeps_its_count_until_its_last_second(monkeypatch):
    clock = Clock(monkeypatch, WINDOW_START)
    assert [guards.hit("comment:window", 5, 600) for _ in range(5)] == [False] * 5
    clock.now = WINDOW_START + 598  # two seconds before the window ends, the counter must still be there
    assert guards.hit("comment:window", 5, 600) is True
    clock.now = WINDOW_START + 600  # the next window
    assert guards.hit("comment:window", 5, 600) is False


def test_a_counter_started_again_after_expiring_keeps_its_count_for_the_window(monkeypatch):
    clock = Clock(monkeypatch, WINDOW_START)
    cache = caches["default"]
    real_incr = cache.incr
    expired = []

    def incr_once_expired(key, *args, **kwargs):
        if not expired:
            expired.append(key)
            cache.delete(key)  # expired between add and incr
            raise ValueError(key)
        return real_incr(key, *args, **kwargs)

    monkeypatch.setattr(cache, "incr", incr_once_expired)
    assert guards.hit("comment:again", 2, 600) is False  # counted as the first action
    clock.now = WINDOW_START + 1
    assert guards.hit("comment:again", 2, 600) is False  # the second: at the limit, not over it
    clock.now = WINDOW_START + 598
    assert guards.hit("comment:again", 2, 600) is True  # the third, late in the same window
    assert len(expired) == 1


# --- Who is counted ----------------------------------------------------------------------------------


@pytest.fixture
def accounts(db):
    return [get_user_model().objects.create_user(f"rate-{name}") for name in ("anna", "ben", "carla", "dora")]


def test_ideas_are_counted_per_address_across_accounts(settings, accounts):
    settings.MODELLSTADT_RATE_LIMITS = {"idea": ((3, 3600), (10, 3600))}
    results = [guards.rate_limited(_request(ip="192.0.2.50", user=user), "idea") for user in accounts]
    assert results == [False, False, False, True]  # four accounts, one network: the fourth idea is refused
    assert guards.rate_limited(_request(ip="192.0.2.51", user=accounts[0]), "idea") is False


def test_ideas_are_counted_per_account_across_addresses(settings, accounts):
    settings.MODELLSTADT_RATE_LIMITS = {"idea": ((50, 3600), (2, 3600))}
    results = [guards.rate_limited(_request(ip=f"192.0.2.{n}", user=accounts[0]), "idea") for n in range(3)]
    assert results == [False, False, True]
    assert guards.rate_limited(_request(ip="192.0.2.0", user=accounts[1]), "idea") is False


def test_comments_of_signed_in_people_are_not_counted_per_address(settings, accounts):
    settings.MODELLSTADT_RATE_LIMITS = {"comment": ((1, 600), (20, 600))}
    results = [guards.rate_limited(_request(ip="192.0.2.60", user=user), "comment") for user in accounts]
    assert results == [False] * 4  # a town-hall network: each account has its own count
    assert guards.rate_limited(_request(ip="192.0.2.60"), "comment") is False  # the guests' count is apart
    assert guards.rate_limited(_request(ip="192.0.2.60"), "comment") is True


def test_a_request_without_a_user_is_counted_as_a_guest():
    request = RequestFactory().post("/", REMOTE_ADDR="198.51.100.20")  # no authentication middleware ran
    assert not hasattr(request, "user")
    assert [guards.rate_limited(request, "comment") for _ in range(6)] == [False] * 5 + [True]


# --- The human check ---------------------------------------------------------------------------------


def _contact_data(challenge, **extra):
    return {
        "name": "Anna",
        "message": "Bitte eine Bank am Teich.",
        TOKEN_FIELD: challenge.token,
        ANSWER_FIELD: str(challenge.answer),
        HONEYPOT_FIELD: "",
        **extra,
    }


@pytest.mark.parametrize(
    "typed, expected",
    [("-3", -3), ("123456", 123456), ("1234567", None), ("6-", None), ("sechs!", 6), ("  Zwölf. ", 12)],
)
def test_typed_numbers_are_read_up_to_six_characters(typed, expected):
    assert guards.parse_number(typed) == expected


@pytest.mark.parametrize("typed", ["--6", "²", "-²"])  # digits to str.isdigit, but not to int(): once a 500
def test_odd_digits_count_as_a_wrong_answer(typed):
    challenge = guards.new_challenge("ContactForm", issued_at=guards._now() - 30)
    form = ContactForm(_contact_data(challenge, **{ANSWER_FIELD: typed}))
    assert not form.is_valid() and ANSWER_FIELD in form.errors


def test_a_form_sent_exactly_at_the_minimum_fill_time_or_the_maximum_age_passes(monkeypatch):
    clock = Clock(monkeypatch, 1_700_000_000)
    challenge = guards.new_challenge("ContactForm", issued_at=clock.now - 3)
    assert ContactForm(_contact_data(challenge)).is_valid()
    challenge = guards.new_challenge("ContactForm", issued_at=clock.now - 2 * 60 * 60)
    assert ContactForm(_contact_data(challenge)).is_valid()


def test_a_wrong_answer_puts_the_new_question_on_the_field_itself():
    challenge = guards.new_challenge("ContactForm", issued_at=guards._now() - 30)
    form = ContactForm(_contact_data(challenge, **{ANSWER_FIELD: str(challenge.answer + 1)}))
    assert not form.is_valid()
    new_question = guards.read_token(form.data[TOKEN_FIELD], "ContactForm")["q"]
    assert form.fields[ANSWER_FIELD].label == new_question == form[ANSWER_FIELD].label


class OwnCleanForm(ContactForm):
    """A form with its own clean() that works on what the mixin's clean() returns, as Django's forms do."""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("name") and cleaned["name"] == cleaned.get("message"):
            raise forms.ValidationError("Name und Nachricht sind gleich.")
        return cleaned


def test_the_mixins_clean_returns_the_cleaned_data_to_a_form_that_extends_it():
    form = OwnCleanForm({"name": "Hallo", "message": "Hallo", **guards.filled_in(OwnCleanForm)})
    assert not form.is_valid() and form.non_field_errors() == ["Name und Nachricht sind gleich."]
    form = OwnCleanForm({"name": "Anna", "message": "Bitte eine Bank.", **guards.filled_in(OwnCleanForm)})
    assert form.is_valid() and form.cleaned_data["name"] == "Anna"


def test_operators_can_set_the_minimum_fill_time_and_the_maximum_age(settings, monkeypatch):
    clock = Clock(monkeypatch, 1_700_000_000)
    settings.MODELLSTADT_FORM_MIN_SECONDS = 10
    form = ContactForm(_contact_data(guards.new_challenge("ContactForm", issued_at=clock.now - 5)))
    assert not form.is_valid() and form.non_field_errors() == [TOO_FAST]
    settings.MODELLSTADT_FORM_MAX_AGE = 600
    form = ContactForm(_contact_data(guards.new_challenge("ContactForm", issued_at=clock.now - 700)))
    assert not form.is_valid() and "länger als 10 Minuten geöffnet" in form.errors[ANSWER_FIELD][0]
    assert ContactForm(_contact_data(guards.new_challenge("ContactForm", issued_at=clock.now - 500))).is_valid()


@pytest.mark.parametrize("seconds, text", [
    (7200, "2 Stunden"), (3600, "1 Stunde"), (10800, "3 Stunden"), (1800, "30 Minuten"), (60, "1 Minute"),
    (5400, "90 Minuten"), (90, "2 Minuten"), (20, "1 Minute"),
])
def test_the_expiry_message_names_the_maximum_age_in_force(settings, seconds, text):
    settings.MODELLSTADT_FORM_MAX_AGE = seconds
    assert guards.max_age_text() == text


def test_the_honeypot_renders_hidden_with_its_own_label_and_never_a_value():
    form = ContactForm({HONEYPOT_FIELD: "https://spam.example"}, auto_id="feld_%s", prefix="idee")
    assert str(form[HONEYPOT_FIELD]) == (
        '<div class="visually-hidden" aria-hidden="true"><label for="feld_idee-homepage">Bitte leer lassen</label>'
        '<input type="text" name="idee-homepage" id="feld_idee-homepage" value="" tabindex="-1" autocomplete="off">'
        "</div>"
    )
    assert 'for="id_homepage"' in guards.HoneypotInput().render(HONEYPOT_FIELD, "x")


def test_a_too_fast_form_starts_its_clock_again_from_the_renewed_token(monkeypatch):
    clock = Clock(monkeypatch, 1_700_000_000)
    challenge = guards.new_challenge("ContactForm", issued_at=clock.now - 2)
    data = _contact_data(challenge)
    form = ContactForm(data)
    assert not form.is_valid() and form.non_field_errors() == [TOO_FAST]
    renewed = form[TOKEN_FIELD].value()
    assert guards.read_token(renewed, "ContactForm")["t"] == clock.now
    clock.now += 2  # four seconds after the first showing, but only two after the renewed one
    again = ContactForm({**data, TOKEN_FIELD: renewed})
    assert not again.is_valid() and again.non_field_errors() == [TOO_FAST]
    clock.now += 3  # the minimum fill time after the second renewal
    assert ContactForm({**data, TOKEN_FIELD: again[TOKEN_FIELD].value()}).is_valid()


def test_filled_in_sends_exactly_the_three_fields_with_an_empty_honeypot():
    data = guards.filled_in(ContactForm)
    assert set(data) == {TOKEN_FIELD, ANSWER_FIELD, HONEYPOT_FIELD} and data[HONEYPOT_FIELD] == ""


def test_filled_in_uses_the_scope_a_form_names():
    data = guards.filled_in(SignupLikeForm)
    assert guards.read_token(data[TOKEN_FIELD], "signup") is not None
    assert guards.read_token(data[TOKEN_FIELD], "SignupLikeForm") is None
    assert SignupLikeForm({"email": "gerd@example.org", **data}).is_valid()


def test_filled_in_prefixes_the_fields_of_a_prefixed_form():
    data = guards.filled_in(ContactForm, prefix="idee")
    assert set(data) == {f"idee-{TOKEN_FIELD}", f"idee-{ANSWER_FIELD}", f"idee-{HONEYPOT_FIELD}"}
    form = ContactForm({"idee-name": "Anna", "idee-message": "Mehr Bänke.", **data}, prefix="idee")
    assert form.is_valid(), form.errors


def test_a_new_form_asks_a_question_made_for_its_own_scope_in_a_short_answer_field():
    form = ContactForm()
    payload = guards.read_token(form[TOKEN_FIELD].value(), "ContactForm")
    assert payload is not None and payload["q"] == form[ANSWER_FIELD].label
    field = str(form[ANSWER_FIELD])
    for attribute in ('maxlength="20"', 'size="10"', 'autocomplete="off"', " required"):
        assert attribute in field, attribute
    assert form.fields[ANSWER_FIELD].help_text == (
        "Bitte als Zahl oder als Wort, z. B. „6“ oder „sechs“. Das schützt vor Spam."
    )
    typed_too_long = ContactForm(_contact_data(guards.new_challenge("ContactForm"), **{ANSWER_FIELD: "sechs" * 5}))
    assert any("höchstens 20 Zeichen" in error for error in typed_too_long.errors[ANSWER_FIELD])


class FixedRandom:
    """Stands in for the question's random source: the given operator (and symbol), each number at the low or
    high end of its range, otherwise the first of the options (the first operand in words, the first wording)."""

    def __init__(self, kind, end, symbol=None):
        self.kind, self.end, self.symbol, self.ranges = kind, end, symbol, []

    def choice(self, options):
        if options == tuple(guards._OPERATORS):
            return self.kind
        return self.symbol if self.symbol in options else options[0]

    def randint(self, low, high):
        self.ranges.append((low, high))
        return low if self.end == "low" else high


@pytest.mark.parametrize(
    "kind, end, ranges, answer",
    [
        ("plus", "low", [(1, 10), (1, 10)], 2),
        ("plus", "high", [(1, 10), (1, 10)], 20),
        ("minus", "low", [(3, 15), (1, 2)], 2),  # never zero or below
        ("minus", "high", [(3, 15), (1, 10)], 5),
        ("times", "low", [(2, 4), (2, 5)], 4),
        ("times", "high", [(2, 4), (2, 5)], 20),
    ],
)
def test_questions_draw_their_numbers_from_small_ranges(monkeypatch, kind, end, ranges, answer):
    fixed = FixedRandom(kind, end)
    monkeypatch.setattr(guards, "_random", fixed)
    challenge = guards.new_challenge("ContactForm")
    assert fixed.ranges == ranges and challenge.answer == answer


@pytest.mark.parametrize(
    "language, kind, symbol, question",
    [
        ("de", "plus", None, "Wie viel ist zehn plus 10?"),
        ("de", "times", "mal", "Wie viel ist vier mal 5?"),
        ("de", "times", None, "Wie viel ist vier × 5?"),
        ("en", "times", None, "What is four × 5?"),
        ("en", "times", "times", "What is four times 5?"),  # "mal" in English
        ("en", "minus", None, "What is fifteen minus 10?"),
    ],
)
def test_questions_use_the_words_and_signs_of_the_interface_language(monkeypatch, language, kind, symbol, question):
    from django.utils import translation

    monkeypatch.setattr(guards, "_random", FixedRandom(kind, "high", symbol))
    with translation.override(language):
        assert guards.new_challenge("ContactForm").question == question


def test_every_question_has_its_own_nonce_and_each_can_be_used_once():
    first, second = (guards.new_challenge("ContactForm", issued_at=guards._now() - 30) for _ in range(2))
    nonces = {guards.read_token(c.token, "ContactForm")["n"] for c in (first, second)}
    assert len(nonces) == 2 and all(len(nonce) == 16 for nonce in nonces)
    assert ContactForm(_contact_data(first)).is_valid()
    assert ContactForm(_contact_data(second)).is_valid()  # another person's question is not "used"
    assert not ContactForm(_contact_data(second)).is_valid()


def test_tokens_are_made_and_read_for_the_same_default_scope():
    challenge = guards.new_challenge()
    assert guards.read_token(challenge.token)["q"] == challenge.question
    assert guards.read_token(challenge.token, "ContactForm") is None


def test_a_token_of_an_older_format_is_refused_as_invalid():
    """Signed here, but without the moment it was shown (as a form rendered before an update might send)."""
    challenge = guards.new_challenge("ContactForm", issued_at=guards._now() - 30)
    payload = guards.read_token(challenge.token, "ContactForm")
    old_format = guards._sign({key: value for key, value in payload.items() if key != "t"}, "ContactForm")
    assert guards.read_token(old_format, "ContactForm") is None
    form = ContactForm(_contact_data(challenge, **{TOKEN_FIELD: old_format}))
    assert not form.is_valid() and form.errors[ANSWER_FIELD] == [
        "Die Rechenfrage ist ungültig. Bitte beantworten Sie die neue Rechenfrage."
    ]
    assert guards.read_token(guards._sign(["q", "n", "h", "t"], "ContactForm"), "ContactForm") is None


def test_an_empty_extra_form_of_a_formset_passes_without_a_question():
    formset = forms.formset_factory(ContactForm, extra=2)
    management = {"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "0"}
    filled = {"form-0-name": "Anna", "form-0-message": "Mehr Bänke.", **guards.filled_in(ContactForm, prefix="form-0")}
    sent = formset({**management, **filled})
    assert sent.is_valid(), sent.errors
    assert sent.forms[1].cleaned_data == {}  # left empty: nothing to check, no question used up
