"""Anti-spam without tracking: an arithmetic question, a honeypot, a minimum fill time, rate limits.

Nothing here asks a third party or sets a cookie; the only server state is the list of questions
already used (below):

- ``HumanCheckMixin`` adds three fields to any Django form. A question such as "Wie viel ist 2 ×
  drei?" (half digits, half German number words) is the label of a normal text input; the answer
  is accepted as digits or as a word ("6" or "sechs"). The question, a keyed hash of its answer and
  the moment the form was shown travel in a signed token (``django.core.signing``) in a hidden
  field. A honeypot field ("Bitte leer lassen") sits off-screen, hidden from screen readers and
  the tab order. A form sent back faster than ``MODELLSTADT_FORM_MIN_SECONDS`` (3 s) or later than
  ``MODELLSTADT_FORM_MAX_AGE`` (2 h) is refused with a friendly message. A wrong answer gives a
  new question; everything else the person typed stays in the form. A solved question counts once:
  when a form passes, its token's nonce is recorded in the cache shared by all app servers
  (atomically, with ``cache.add``, for the token's life), and the same token sent again – by the
  same or any other client – is refused with a new question.
- ``rate_limited(request, scope)`` counts actions per client IP (guests) or per account in a
  fixed window in the shared cache (atomic ``add``/``incr``), e.g. guests 5 comments per 10
  minutes; ideas are counted per account and per client IP at once. The client IP honours
  ``ALLAUTH_TRUSTED_PROXY_COUNT`` (X-Forwarded-For read from the right); the cache keys hold only a
  keyed hash of the IP or account.

When the shared cache is down
-----------------------------
The Redis cache fails open (core/cache_backends.py): a page is rendered without it. Protective
state must not fail open, so every call site decides here, in one table:

============================================  ===============================================
call site                                     while Redis is down
============================================  ===============================================
page cache (core/cache.py), cached figures    fail open: rendered afresh, nothing stored
arithmetic question: marking a token as used  fail safe: German error next to the form
                                              (``UNAVAILABLE_FORM_MESSAGE``), input kept, the same
                                              answer can be sent again later
comment and report rate limits                fail safe: ``refusal()`` answers the same
                                              message with status 503, input kept
account area POSTs (login, sign-up, password  fail safe: ``SharedStateGuardMiddleware`` runs
reset, second factor – django-allauth's rate  them in strict mode; a German 503 page with
limits and single-use codes)                  Retry-After
open data API key limits (opendata/api.py)    fail safe: 503 problem response with Retry-After
============================================  ===============================================
"""

import hmac
import ipaddress
import secrets
import time
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django.shortcuts import render
from django.utils.crypto import salted_hmac
from django.utils.html import format_html
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from modellstadt.core.cache_backends import SharedCacheUnavailable, fail_open, strict

# --- The arithmetic question ------------------------------------------------------------------------

NUMBER_WORDS = (
    "null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn",
    "elf", "zwölf", "dreizehn", "vierzehn", "fünfzehn", "sechzehn", "siebzehn", "achtzehn", "neunzehn", "zwanzig",
)
# In the English interface the question uses English words; answers are accepted in either language.
ENGLISH_NUMBER_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
)
_WORD_VALUES = {word: n for n, word in enumerate(ENGLISH_NUMBER_WORDS)}
_WORD_VALUES.update({word: n for n, word in enumerate(NUMBER_WORDS)})
_WORD_VALUES.update({"ein": 1, "eine": 1, "zwo": 2, "fuenf": 5, "zwoelf": 12, "fuenfzehn": 15, "siebenzehn": 17})

_OPERATORS = {
    "plus": (("plus", "+"), lambda a, b: a + b),
    "minus": (("minus",), lambda a, b: a - b),
    "times": (("×", "mal"), lambda a, b: a * b),
}
_QUESTIONS = (_("Wie viel ist %(a)s %(op)s %(b)s?"), _("Was ergibt %(a)s %(op)s %(b)s?"))

_SALT = "modellstadt.core.guards.human-check"
_random = secrets.SystemRandom()


def _now():
    return time.time()


def min_seconds():
    return getattr(settings, "MODELLSTADT_FORM_MIN_SECONDS", 3)


def max_age():
    return getattr(settings, "MODELLSTADT_FORM_MAX_AGE", 2 * 60 * 60)


def max_age_text():
    """``max_age()`` as the "expired" message says it: whole hours in hours, anything else in minutes."""
    seconds = max_age()
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return ngettext("%(n)d Stunde", "%(n)d Stunden", hours) % {"n": hours}
    minutes = max(1, round(seconds / 60))
    return ngettext("%(n)d Minute", "%(n)d Minuten", minutes) % {"n": minutes}


def parse_number(value):
    """An answer typed by a person as an int: "6", " 6. ", "sechs", "Sechs", "fünf"/"fuenf"; else None."""
    text = str(value or "").strip().lower().rstrip(".!").strip()
    if not text:
        return None
    digits = text.removeprefix("-")
    if digits.isascii() and digits.isdigit() and len(text) <= 6:  # not "²" or "--6": int() refuses those
        return int(text)
    return _WORD_VALUES.get(text.replace("ß", "ss"))


def _answer_hash(nonce, answer):
    return salted_hmac(_SALT, f"{nonce}:{answer}").hexdigest()[:32]


@dataclass(frozen=True)
class Challenge:
    question: str
    answer: int  # known to the server only; the token carries a keyed hash of it
    token: str


def _operands():
    kind = _random.choice(tuple(_OPERATORS))
    if kind == "plus":
        a, b = _random.randint(1, 10), _random.randint(1, 10)
    elif kind == "minus":
        a = _random.randint(3, 15)
        b = _random.randint(1, min(a - 1, 10))
    else:
        a, b = _random.randint(2, 4), _random.randint(2, 5)
    return kind, a, b


def _sign(payload, scope):
    return signing.dumps(payload, salt=f"{_SALT}:{scope}", compress=True)


def new_challenge(scope="form", *, issued_at=None):
    """A fresh question with its signed token. ``issued_at`` (seconds since the epoch) is for tests."""
    kind, a, b = _operands()
    symbols, compute = _OPERATORS[kind]
    english = (get_language() or "").startswith("en")
    words = ENGLISH_NUMBER_WORDS if english else NUMBER_WORDS
    if english:
        symbols = tuple("times" if symbol == "mal" else symbol for symbol in symbols)
    as_word = _random.choice(("a", "b"))  # one operand in digits, the other in words
    shown = {
        "a": words[a] if as_word == "a" else str(a),
        "b": words[b] if as_word == "b" else str(b),
        "op": _random.choice(symbols),
    }
    question = str(_random.choice(_QUESTIONS)) % shown
    answer = compute(a, b)
    nonce = secrets.token_hex(8)
    issued = int(issued_at if issued_at is not None else _now())
    token = _sign({"q": question, "n": nonce, "h": _answer_hash(nonce, answer), "t": issued}, scope)
    return Challenge(question=question, answer=answer, token=token)


def read_token(token, scope="form"):
    """The token's payload, or None if it was not made here (a forged or damaged token)."""
    try:
        payload = signing.loads(token or "", salt=f"{_SALT}:{scope}")
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or not {"q", "n", "h", "t"} <= set(payload):
        return None
    return payload


def use_token(payload, scope):
    """Record a solved question as used; False if it was used before (on any app server).

    The key holds the token's nonce (random, 64 bits) and scope, kept as long as the token can
    live; ``cache.add`` is atomic in the shared cache (Redis, database), so of two requests with the
    same token exactly one passes. Raises SharedCacheUnavailable when that cannot be recorded."""
    key = f"guards:used:{scope}:{payload['n']}"
    with strict():
        return caches["default"].add(key, 1, timeout=max_age() + 60)


def _renewed(payload, scope):
    """The same question with a new "shown at" moment (after a too-fast submission)."""
    return _sign({**payload, "t": int(_now())}, scope)


# --- The form fields --------------------------------------------------------------------------------


class HoneypotInput(forms.TextInput):
    """A text input no person sees: off-screen, hidden from screen readers, out of the tab order.

    It counts as a hidden widget, so form templates render it with the hidden fields (its own label
    included) and never show it as a visible field.
    """

    @property
    def is_hidden(self):
        return True

    def render(self, name, value, attrs=None, renderer=None):
        field_id = (attrs or {}).get("id") or f"id_{name}"
        return format_html(
            '<div class="visually-hidden" aria-hidden="true"><label for="{}">{}</label>'
            '<input type="text" name="{}" id="{}" value="" tabindex="-1" autocomplete="off"></div>',
            field_id, gettext("Bitte leer lassen"), name, field_id,
        )


TOKEN_FIELD = "human_token"
ANSWER_FIELD = "human_answer"
HONEYPOT_FIELD = "homepage"

MESSAGES = {
    "required": _("Bitte beantworten Sie die Rechenfrage."),
    "wrong": _("Das ist leider nicht richtig. Bitte beantworten Sie die neue Rechenfrage."),
    "invalid": _("Die Rechenfrage ist ungültig. Bitte beantworten Sie die neue Rechenfrage."),
    "expired": _(
        "Das Formular war länger als %(duration)s geöffnet. Ihre Eingaben sind erhalten; "
        "bitte beantworten Sie die neue Rechenfrage und senden Sie es erneut ab."
    ),
    "too_fast": _(
        "Das ging sehr schnell. Bitte prüfen Sie Ihre Eingaben und senden Sie das Formular noch einmal ab."
    ),
    "used": _(
        "Diese Rechenfrage wurde schon einmal beantwortet. Bitte beantworten Sie die neue Rechenfrage."
    ),
    "honeypot": _(
        "Ihre Eingabe konnte nicht angenommen werden. Bitte lassen Sie das Feld „Bitte leer lassen“ leer "
        "und senden Sie das Formular erneut ab."
    ),
}
# The shared cache that holds rate limits and used questions cannot be reached (see the table above).
UNAVAILABLE_MESSAGE = _("Diese Aktion ist gerade nicht möglich, bitte versuchen Sie es in einigen Minuten erneut.")
UNAVAILABLE_FORM_MESSAGE = _(
    "Diese Aktion ist gerade nicht möglich, bitte versuchen Sie es in einigen Minuten erneut. "
    "Ihre Eingaben bleiben im Formular erhalten."
)


class HumanCheckMixin:
    """Add the arithmetic question, the honeypot and the minimum fill time to a Django form.

    Put it first in the bases: ``class GuestForm(HumanCheckMixin, forms.Form)``. The fields are
    added at the end; ``human_check_scope`` keeps a token of one kind of form from being used in
    another. Errors appear next to the question (or, for the honeypot, above the form).
    """

    human_check_scope = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._scope = self.human_check_scope or type(self).__name__
        payload = read_token(self.data.get(self.add_prefix(TOKEN_FIELD)), self._scope) if self.is_bound else None
        if payload is None:
            challenge = new_challenge(self._scope)
            question, token = challenge.question, challenge.token
        else:
            question, token = payload["q"], self.data.get(self.add_prefix(TOKEN_FIELD))
        self.fields[ANSWER_FIELD] = forms.CharField(
            label=question, max_length=20, required=False,
            help_text=_("Bitte als Zahl oder als Wort, z. B. „6“ oder „sechs“. Das schützt vor Spam."),
            widget=forms.TextInput(attrs={"autocomplete": "off", "required": True, "size": 10}),
        )
        self.fields[TOKEN_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False, initial=token)
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            label=_("Bitte leer lassen"), required=False, widget=HoneypotInput
        )
        self.initial[TOKEN_FIELD] = token
        self._human_payload = payload
        if self.is_bound and payload is None:
            self._replace_data({TOKEN_FIELD: token})  # a damaged token: the form shows the new question

    # -- validation --

    def clean(self):
        cleaned = super().clean()
        self._check_human()
        return cleaned

    def _check_human(self):
        data = self.data
        if (data.get(self.add_prefix(HONEYPOT_FIELD)) or "").strip():
            self._new_question(None, "honeypot")
            return
        payload = self._human_payload  # the token as sent (read before any replacement)
        if payload is None:
            self._new_question(ANSWER_FIELD, "invalid")
            return
        age = _now() - payload["t"]
        if age > max_age():
            self._new_question(ANSWER_FIELD, "expired")
            return
        answer_text = (data.get(self.add_prefix(ANSWER_FIELD)) or "").strip()
        if not answer_text:
            self.add_error(ANSWER_FIELD, MESSAGES["required"])
            return
        answer = parse_number(answer_text)
        if answer is None or not hmac.compare_digest(_answer_hash(payload["n"], answer), payload["h"]):
            self._new_question(ANSWER_FIELD, "wrong")
            return
        if age < min_seconds():
            # Same question, answer kept, the clock starts again: a person just sends it once more.
            self._replace_data({TOKEN_FIELD: _renewed(payload, self._scope)})
            self.add_error(None, MESSAGES["too_fast"])
            return
        self._human_solved = payload

    def full_clean(self):
        self._human_solved = None
        super().full_clean()
        payload = self._human_solved
        if payload is None or not self.is_bound or self._errors:
            return  # another field is wrong: the person sends the same, still unused, answer again
        try:
            fresh = use_token(payload, self._scope)
        except SharedCacheUnavailable:
            # Nothing was recorded: the form keeps everything, the answer included, for a later try.
            self.add_error(None, UNAVAILABLE_FORM_MESSAGE)
            return
        if not fresh:
            self._new_question(ANSWER_FIELD, "used")
            return
        # Solved and used up: should the form be shown again (a later error of the view), it asks
        # a new question instead of offering the used token.
        self._new_question(None, None)

    def _new_question(self, field, message_key):
        challenge = new_challenge(self._scope)
        self._replace_data({TOKEN_FIELD: challenge.token, ANSWER_FIELD: "", HONEYPOT_FIELD: ""})
        self.fields[ANSWER_FIELD].label = challenge.question
        bound = getattr(self, "_bound_fields_cache", {}).get(ANSWER_FIELD)
        if bound is not None:
            bound.label = challenge.question
        if message_key == "expired":  # the limit is a setting: the message names the one in force
            self.add_error(field, MESSAGES[message_key] % {"duration": max_age_text()})
        elif message_key is not None:
            self.add_error(field, MESSAGES[message_key])

    def _replace_data(self, values):
        data = self.data.copy()  # QueryDicts from a request are immutable
        for name, value in values.items():
            data[self.add_prefix(name)] = value
        self.data = data


def filled_in(form_class_or_scope, *, seconds_ago=60, prefix=""):
    """POST data that passes the human check of a form: for tests and scripted submissions.

    It needs the server's secret key, so it is no way around the check for anyone outside.
    """
    scope = form_class_or_scope
    if isinstance(scope, type):
        scope = getattr(scope, "human_check_scope", None) or scope.__name__
    challenge = new_challenge(scope, issued_at=_now() - seconds_ago)
    key = (lambda name: f"{prefix}-{name}") if prefix else (lambda name: name)
    return {key(TOKEN_FIELD): challenge.token, key(ANSWER_FIELD): str(challenge.answer), key(HONEYPOT_FIELD): ""}


# --- Rate limits ------------------------------------------------------------------------------------

# scope -> (guests per IP, signed-in people per account), each as (count, seconds).
RATE_LIMITS = {
    "comment": ((5, 600), (20, 600)),
    "report": ((5, 600), (20, 600)),
    # Ideas need an account; the first limit counts every idea sent from one client address, so that
    # one person with several accounts is limited too. It is generous: a workshop in a town hall may
    # send many ideas through one network.
    "idea": ((50, 3600), (10, 3600)),
}
# Scopes whose per-address limit also counts signed-in people (besides their per-account limit).
ADDRESS_AND_ACCOUNT_SCOPES = frozenset({"idea"})
RATE_LIMIT_MESSAGE = _(
    "Sie haben in kurzer Zeit sehr viele Beiträge gesendet. Bitte warten Sie einige Minuten und "
    "versuchen Sie es dann erneut. Ihr Text bleibt im Formular erhalten."
)


def client_ip(request):
    """The visitor's IP address. Behind ``ALLAUTH_TRUSTED_PROXY_COUNT`` proxies it is read from
    X-Forwarded-For, counting from the right (entries further left can be forged by the client)."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = int(getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0) or 0)
    forwarded = request.headers.get("x-forwarded-for", "")
    candidate = remote
    if count > 0 and forwarded:
        entries = [entry.strip() for entry in forwarded.split(",") if entry.strip()]
        if len(entries) >= count:
            candidate = entries[-count]
    try:
        address = ipaddress.ip_address(candidate)
    except ValueError:
        try:
            address = ipaddress.ip_address(remote)
        except ValueError:
            return "unknown"
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        # One IPv6 connection usually owns a whole /64; count it as one address.
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def hit(key, limit, period, *, now=None):
    """Count one action under ``key`` in the current window; True if it is over ``limit``.

    Fixed windows of ``period`` seconds (from ``now``, default the current time) in the shared
    cache. On Redis one atomic round trip (``FailOpenRedisCache.count_in_window``); on other
    caches ``add`` creates the counter atomically and ``incr`` raises it atomically (database
    cache; local memory per process). Raises SharedCacheUnavailable when the count cannot be kept
    (never "0 so far").
    """
    cache = caches["default"]
    window = int((_now() if now is None else now) // period)
    cache_key = f"guards:rate:{key}:{period}:{window}"
    with strict():
        if hasattr(cache, "count_in_window"):
            return cache.count_in_window(cache_key, period + 5) > limit
        cache.add(cache_key, 0, timeout=period + 5)
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.add(cache_key, 1, timeout=period + 5)
            count = 1
    return count > limit


def check_rate_limits(app_configs=None, **kwargs):
    """System check: every scope named in MODELLSTADT_RATE_LIMITS exists (a typo would go unnoticed)."""
    from django.core.checks import Error

    unknown = sorted(set(getattr(settings, "MODELLSTADT_RATE_LIMITS", {})) - set(RATE_LIMITS))
    if not unknown:
        return []
    return [Error(f"MODELLSTADT_RATE_LIMITS names unknown scopes: {', '.join(unknown)}",
                  hint=f"Known scopes: {', '.join(sorted(RATE_LIMITS))}.", id="modellstadt.E001")]


def rate_limited(request, scope):
    """True if this request is one too many for ``scope`` (and counts it otherwise).

    Guests are counted per client address, signed-in people per account; in the scopes of
    ``ADDRESS_AND_ACCOUNT_SCOPES`` signed-in people are counted per account and per address, and
    either limit refuses."""
    guest_limit, member_limit = getattr(settings, "MODELLSTADT_RATE_LIMITS", {}).get(scope, RATE_LIMITS[scope])
    user = getattr(request, "user", None)
    counters = []
    if user is not None and user.is_authenticated:
        counters.append((f"user:{user.pk}", member_limit))
        if scope in ADDRESS_AND_ACCOUNT_SCOPES:
            counters.append((f"ip:{client_ip(request)}", guest_limit))
    else:
        counters.append((f"ip:{client_ip(request)}", guest_limit))
    over = False
    for ident, (limit, period) in counters:  # every counter counts this request, even when one refuses
        digest = salted_hmac(_SALT, ident).hexdigest()[:24]  # no plain IP addresses in the cache
        over = hit(f"{scope}:{digest}", limit, period) or over
    return over


@dataclass(frozen=True)
class Refusal:
    """Why an action may not go ahead now: the German message for the form and the HTTP status."""

    message: str
    status: int


def refusal(request, scope):
    """None if this request may go ahead (it is counted); else a Refusal: too many (429) or the
    limit cannot be checked because the shared cache is down (503, see the table at the top)."""
    try:
        limited = rate_limited(request, scope)
    except SharedCacheUnavailable:
        return Refusal(str(UNAVAILABLE_FORM_MESSAGE), 503)
    return Refusal(str(RATE_LIMIT_MESSAGE), 429) if limited else None


# --- Account area: strict shared cache for every write ------------------------------------------------

STRICT_PREFIXES = ("/konto/",)
RETRY_AFTER_SECONDS = 60


class SharedStateGuardMiddleware:
    """Runs writes to the account area (django-allauth's login, sign-up, password reset and second
    factor, with their rate limits and single-use codes in the shared cache) with the cache in strict
    mode, and answers a German 503 page with Retry-After to any request that needed protective state
    the shared cache could not give (instead of a 500, or a limit silently skipped)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD", "OPTIONS") and request.path.startswith(STRICT_PREFIXES):
            with strict():
                return self.get_response(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, SharedCacheUnavailable):
            return None
        with fail_open():
            response = render(request, "core/unavailable.html", {"message": UNAVAILABLE_MESSAGE}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
