"""Operators set the comment and report rate limits through MODELLSTADT_RATE_LIMITS; a malformed value
stops the start with a message that says what is expected, and an unknown scope fails the system check."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from modellstadt.core import guards
from modellstadt.settings import env_rate_limits


def test_limits_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("MODELLSTADT_RATE_LIMITS", " comment=3/60,10/300 ; report = 2/600,4/600 ;")
    assert env_rate_limits("MODELLSTADT_RATE_LIMITS") == {
        "comment": ((3, 60), (10, 300)), "report": ((2, 600), (4, 600)),
    }


def test_unset_or_empty_keeps_the_defaults(monkeypatch):
    monkeypatch.delenv("MODELLSTADT_RATE_LIMITS", raising=False)
    assert env_rate_limits("MODELLSTADT_RATE_LIMITS") == {}
    monkeypatch.setenv("MODELLSTADT_RATE_LIMITS", "")
    assert env_rate_limits("MODELLSTADT_RATE_LIMITS") == {}


@pytest.mark.parametrize("value", [
    "comment", "comment=5", "comment=5/600", "comment=5/600,20", "comment=5/600,20/600,30/600",
    "comment=fünf/600,20/600", "comment=0/600,20/600", "comment=5/-1,20/600", "=5/600,20/600",
    "comment=5/600/1,20/600",
])
def test_a_malformed_value_is_refused_with_the_expected_format(monkeypatch, value):
    monkeypatch.setenv("MODELLSTADT_RATE_LIMITS", value)
    with pytest.raises(ImproperlyConfigured) as raised:
        env_rate_limits("MODELLSTADT_RATE_LIMITS")
    assert "SCOPE=GUESTS/SECONDS,MEMBERS/SECONDS" in str(raised.value) and value.strip() in str(raised.value)


def test_the_settings_module_reads_the_variable():
    env = {**os.environ, "MODELLSTADT_RATE_LIMITS": "comment=1/30,2/30"}
    code = "import modellstadt.settings as s; print(s.MODELLSTADT_RATE_LIMITS)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "{'comment': ((1, 30), (2, 30))}"
    env["MODELLSTADT_RATE_LIMITS"] = "comment=viele"
    failed = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert failed.returncode != 0 and "ImproperlyConfigured" in failed.stderr and "comment=viele" in failed.stderr


def test_configured_limit_is_applied(settings):
    settings.MODELLSTADT_RATE_LIMITS = {"comment": ((2, 600), (20, 600))}
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
    request.user = type("Guest", (), {"is_authenticated": False})()
    assert [guards.rate_limited(request, "comment") for _ in range(3)] == [False, False, True]


def test_an_unknown_scope_fails_the_system_check(settings):
    settings.MODELLSTADT_RATE_LIMITS = {"coment": ((5, 600), (20, 600))}
    errors = guards.check_rate_limits()
    assert [e.id for e in errors] == ["modellstadt.E001"] and "coment" in errors[0].msg
    settings.MODELLSTADT_RATE_LIMITS = {"comment": ((5, 600), (20, 600))}
    assert guards.check_rate_limits() == []


def test_the_system_check_names_every_unknown_scope_and_the_known_ones(settings):
    settings.MODELLSTADT_RATE_LIMITS = {"coment": ((5, 600), (20, 600)), "raport": ((5, 600), (20, 600))}
    (error,) = guards.check_rate_limits()
    assert error.msg == "MODELLSTADT_RATE_LIMITS names unknown scopes: coment, raport"
    assert error.hint == "Known scopes: comment, idea, report."


def test_a_counter_that_expired_between_add_and_incr_starts_again_at_one(monkeypatch):
    from django.core.cache import caches

    cache = caches["default"]
    real_incr = cache.incr
    calls = []

    def incr_once_expired(key, *args, **kwargs):
        calls.append(key)
        if len(calls) == 1:
            cache.delete(key)  # expired just now
            raise ValueError(key)
        return real_incr(key, *args, **kwargs)

    monkeypatch.setattr(cache, "incr", incr_once_expired)
    monkeypatch.setattr(guards, "_now", lambda: 1_000_000.0)  # both actions in the same window
    assert guards.hit("test:expired", 1, 600) is False  # counted as the first action
    assert guards.hit("test:expired", 1, 600) is True  # the second one is over the limit of 1
    assert len(calls) == 2
