"""Redis down: pages still serve (the cache fails open), while rate limits, single-use questions, logins
and API limits refuse with a German message instead of silently letting everything through.

"Redis down" is a Redis URL on a closed loopback port; the working case uses the real Redis of this
machine (127.0.0.1:6379, database 5) and is skipped where there is none.
"""

import logging
import socket
import uuid

import pytest
from django.core.cache import caches
from django.test import Client

from modellstadt.comments.forms import GuestCommentForm
from modellstadt.comments.models import Comment
from modellstadt.core import cache_backends, guards
from tests import factories
from tests.ideas.conftest import make_user, resident  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

DOWN_URL = "redis://127.0.0.1:6399/0"
REAL_URL = "redis://127.0.0.1:6379/5"
BACKEND = "modellstadt.core.cache_backends.FailOpenRedisCache"
GUEST = {"guest_name": "Greta", "guest_email": "greta@example.org", "text": "Mein **ausführlicher** Kommentar"}


def redis_caches(url):
    prefix = uuid.uuid4().hex[:8]  # every test its own keys in the shared Redis
    return {alias: {"BACKEND": BACKEND, "LOCATION": url, "KEY_PREFIX": f"test-{prefix}-{alias}"}
            for alias in ("default", "pages")}


def port_is_closed(port):
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) != 0


@pytest.fixture(autouse=True)
def _fresh_health():
    cache_backends.reset()
    yield
    cache_backends.reset()


@pytest.fixture
def redis_down(settings):
    assert port_is_closed(6399), "port 6399 must be closed for these tests"
    settings.CACHES = redis_caches(DOWN_URL)
    settings.PAGE_CACHE_SECONDS = 120  # the page cache is switched on, as in production
    return settings


@pytest.fixture
def real_redis(settings):
    if port_is_closed(6379):
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.CACHES = redis_caches(REAL_URL)
    yield settings
    for alias in ("default", "pages"):  # remove this test's keys only; others may share database 5
        cache = caches[alias]
        client = cache._cache.get_client(write=True)
        for key in client.scan_iter(f"{cache.key_prefix}:*"):
            client.delete(key)


@pytest.fixture
def client():
    return Client(HTTP_HOST="localhost")


@pytest.fixture
def post(portal):
    return factories.news_post(title="Glasfaser für alle Stadtteile")


def html_of(response):
    return response.content.decode()


# --- Pages serve -------------------------------------------------------------------------------------


def test_public_pages_answer_while_redis_is_down(redis_down, client, post, caplog):
    cache_backends.reset()  # saving the post (setup) already met the closed port
    with caplog.at_level(logging.WARNING, logger="modellstadt.core.cache_backends"):
        for _ in range(3):
            home = client.get("/")
            assert home.status_code == 200
            assert home["X-Cache"] == "miss"  # rendered afresh every time, nothing stored
        news = client.get(post.url)
    assert news.status_code == 200 and "Glasfaser für alle Stadtteile" in html_of(news)
    warnings = [r.getMessage() for r in caplog.records if r.name == "modellstadt.core.cache_backends"]
    # one warning per cache (page cache, default cache), not one per cache call
    assert len(warnings) == 2 and all("unreachable" in text for text in warnings)


def test_the_backend_answers_like_an_empty_cache_and_warns_once_per_interval(redis_down, monkeypatch, caplog):
    now = [1000.0]
    monkeypatch.setattr(cache_backends, "_clock", lambda: now[0])
    cache = caches["pages"]
    with caplog.at_level(logging.WARNING, logger="modellstadt.core.cache_backends"):
        assert cache.get("key", "fallback") == "fallback"
        assert cache.set("key", "value") is None
        assert cache.add("key", "value") is False
        assert cache.get_many(["a", "b"]) == {}
        assert cache.get_or_set("figure", lambda: 42) == 42
        with pytest.raises(ValueError):
            cache.incr("counter")  # as for a key that is not there
        now[0] += 30  # retried after RETRY_AFTER, still down, but within the warning interval
        assert cache.get("key") is None
        now[0] += 61
        assert cache.get("key") is None
    assert len([r for r in caplog.records if r.name == "modellstadt.core.cache_backends"]) == 2


def test_strict_mode_raises_instead_of_failing_open(redis_down):
    with cache_backends.strict(), pytest.raises(cache_backends.SharedCacheUnavailable):
        caches["default"].add("guards:used:x", 1)
    with cache_backends.strict(), cache_backends.fail_open():
        assert caches["default"].add("guards:used:x", 1) is False


# --- Protective state fails safely ---------------------------------------------------------------------


def test_guest_comment_is_refused_with_a_german_message_and_keeps_the_input(redis_down, client, post):
    data = {**GUEST, **guards.filled_in(GuestCommentForm)}
    response = client.post(f"/kommentare/neu/nachricht/{post.pk}/", data)
    html = html_of(response)
    assert response.status_code == 200
    assert "Diese Aktion ist gerade nicht möglich, bitte versuchen Sie es in einigen Minuten erneut" in html
    assert "Mein **ausführlicher** Kommentar</textarea>" in html
    assert 'value="Greta"' in html and 'value="greta@example.org"' in html
    assert f'value="{data["human_answer"]}"' in html  # even the solved question's answer stays
    assert not Comment.objects.exists()


def test_signed_in_comment_is_refused_because_the_rate_limit_cannot_be_counted(redis_down, post, resident):  # noqa: F811
    client = Client(HTTP_HOST="localhost")
    client.force_login(resident)
    response = client.post(f"/kommentare/neu/nachricht/{post.pk}/", {"text": "Bitte auch in Vorsfelde"})
    html = html_of(response)
    assert response.status_code == 503
    assert "Diese Aktion ist gerade nicht möglich" in html and "Ihre Eingaben bleiben im Formular erhalten" in html
    assert "Bitte auch in Vorsfelde</textarea>" in html
    assert not Comment.objects.exists()


def test_rate_limit_and_single_use_token_raise_rather_than_pass(redis_down, rf):
    request = rf.post("/", REMOTE_ADDR="198.51.100.7")
    with pytest.raises(cache_backends.SharedCacheUnavailable):
        guards.rate_limited(request, "comment")
    refused = guards.refusal(request, "comment")
    assert refused.status == 503 and "gerade nicht möglich" in refused.message
    with pytest.raises(cache_backends.SharedCacheUnavailable):
        guards.use_token({"n": "abc"}, "form")


def test_login_fails_safely_with_a_german_page(redis_down, client, make_user):  # noqa: F811
    person = make_user("lena", email="lena@example.org")
    person.set_password("ein-langes-passwort")
    person.save()
    response = client.post("/konto/login/", {"login": "lena@example.org", "password": "ein-langes-passwort"})
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "Diese Aktion ist gerade nicht möglich" in html_of(response)
    assert "_auth_user_id" not in client.session
    assert client.get("/konto/login/").status_code == 200  # the form itself still shows


def test_open_data_api_refuses_when_its_limit_cannot_be_counted(redis_down, rf):
    from modellstadt.opendata.api import ApiProblem, _throttle

    with pytest.raises(ApiProblem) as refused:
        _throttle(rf.get("/api/v1/resources/1/rows", REMOTE_ADDR="198.51.100.7"), None)
    assert refused.value.status == 503 and refused.value.headers == {"Retry-After": "60"}
    assert "gerade nicht möglich" in refused.value.message


# --- With Redis up -------------------------------------------------------------------------------------


def test_the_real_redis_stores_and_counts(real_redis, client, post):
    cache = caches["default"]
    cache.set("greeting", "Moin", 30)
    assert cache.get("greeting") == "Moin"
    assert cache.add("once", 1, 30) is True and cache.add("once", 1, 30) is False
    assert cache.incr("once") == 2
    with cache_backends.strict():
        assert cache.get("greeting") == "Moin"
    real_redis.PAGE_CACHE_SECONDS = 120
    assert client.get("/").headers["X-Cache"] == "miss"
    assert client.get("/").headers["X-Cache"] == "hit"
    data = {**GUEST, **guards.filled_in(GuestCommentForm)}
    assert client.post(f"/kommentare/neu/nachricht/{post.pk}/", data).status_code == 302
    assert client.post(f"/kommentare/neu/nachricht/{post.pk}/", data).status_code == 200  # the token is used up
    assert Comment.objects.count() == 1


def test_the_window_counter_counts_in_one_key_that_expires(real_redis):
    cache = caches["default"]
    assert [cache.count_in_window("w", 65) for _ in range(3)] == [1, 2, 3]
    assert cache.get("w") == 3  # a plain integer, readable through the cache API
    client = cache._cache.get_client(write=True)
    assert 60 < client.ttl(cache.make_and_validate_key("w")) <= 65  # set once, when the counter was new
    client.expire(cache.make_and_validate_key("w"), 1000)
    assert cache.count_in_window("w", 65) == 4
    assert client.ttl(cache.make_and_validate_key("w")) > 900  # a later count does not renew the window


def test_rate_limits_and_the_api_limit_count_on_the_real_redis(real_redis, rf, settings, monkeypatch):
    from modellstadt.opendata import api

    monkeypatch.setattr(guards, "_now", lambda: 1_800_000_010.0)  # ten seconds into a minute
    monkeypatch.setattr(api, "_clock", lambda: 1_800_000_010.0)
    assert [guards.hit("guest:198.51.100.9", 2, 60) for _ in range(3)] == [False, False, True]
    assert guards.hit("guest:198.51.100.10", 2, 60) is False  # another address, another counter
    # the window's counter outlives the window a little (never counted from zero inside it), then goes
    cache = caches["default"]
    key = cache.make_and_validate_key(f"guards:rate:guest:198.51.100.9:60:{1_800_000_010 // 60}")
    assert 60 < cache._cache.get_client(write=True).ttl(key) <= 65
    settings.OPENDATA_API_RATE = 2
    request = rf.get("/api/v1/resources/1/rows", REMOTE_ADDR="198.51.100.11")
    api._throttle(request, None)
    api._throttle(request, None)
    with pytest.raises(api.ApiProblem) as refused:
        api._throttle(request, None)
    assert refused.value.status == 429 and refused.value.headers["Retry-After"] == "50"


def test_the_window_counter_refuses_in_strict_mode_when_redis_is_down(redis_down):
    cache = caches["default"]
    assert cache.count_in_window("w", 65) == 0  # failing open: nothing counted
    with cache_backends.strict(), pytest.raises(cache_backends.SharedCacheUnavailable):
        cache.count_in_window("w", 65)
