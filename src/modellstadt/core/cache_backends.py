"""A Redis cache that keeps pages serving when Redis is down, and a strict mode for protective state.

``FailOpenRedisCache`` is Django's ``RedisCache`` (redis-py underneath) with one difference: when
Redis cannot be reached (connection refused, timeout, Redis still loading), an operation answers
as if the cache were empty instead of raising – ``get`` is a miss, ``set``/``delete`` do nothing,
``add``/``touch`` report "not stored", ``incr`` reports a missing key. A page is then rendered
afresh instead of ending in a 500.

After a failure the backend does not ask Redis again for ``RETRY_AFTER`` seconds (default 5):
every request would otherwise wait for the connection timeout once per cache call. The first
failure and then at most one per ``WARNING_INTERVAL`` seconds (default 60) is logged as a warning
on the logger ``modellstadt.core.cache_backends``; when Redis answers again, an info line says so.
Both are per process.

Failing open is right for copies of data that exist elsewhere (rendered pages, computed
figures). It is wrong for state that protects: a rate-limit counter that always reads zero or a
single-use token that can never be marked as used would switch protection off. Code that keeps
such state wraps its calls in ``strict()``: inside it, the same backend raises
``SharedCacheUnavailable`` instead of answering. Which call site uses which mode is decided in
``core/guards.py`` (see "When the shared cache is down").

OPTIONS besides those of Django's RedisCache: ``RETRY_AFTER``, ``WARNING_INTERVAL``; redis-py's
``socket_connect_timeout`` and ``socket_timeout`` default to 1 second here (redis-py waits for
the operating system otherwise, which can be minutes for a host that does not answer).
"""

import contextvars
import logging
import threading
import time
from contextlib import contextmanager

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)  # AuthenticationError, BusyLoadingError included
DEFAULT_TIMEOUT_SECONDS = 1.0

_strict = contextvars.ContextVar("modellstadt_shared_cache_strict", default=False)
_clock = time.monotonic  # replaced in tests


class SharedCacheUnavailable(Exception):
    """The shared cache cannot be reached and the caller asked not to fail open (``strict()``)."""


@contextmanager
def _mode(is_strict):
    token = _strict.set(is_strict)
    try:
        yield
    finally:
        _strict.reset(token)


def strict():
    """Inside this block a FailOpenRedisCache raises SharedCacheUnavailable instead of failing open."""
    return _mode(True)


def fail_open():
    """Inside this block the cache fails open again (e.g. to render an error page in a strict request)."""
    return _mode(False)


class _Health:
    """Per process and Redis location: until when Redis is skipped, when a warning was last logged."""

    def __init__(self):
        self.lock = threading.Lock()
        self.skip_until = 0.0
        self.warned_at = None
        self.failing = False


_health = {}
_health_lock = threading.Lock()


def _health_for(location):
    with _health_lock:
        return _health.setdefault(location, _Health())


def reset():
    """Forget every recorded failure (tests; a process that knows Redis is back)."""
    with _health_lock:
        for state in _health.values():
            state.skip_until, state.warned_at, state.failing = 0.0, None, False


_COUNT_SCRIPT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""


class FailOpenRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("RETRY_AFTER", 5))
        self.warning_interval = float(options.pop("WARNING_INTERVAL", 60))
        options.setdefault("socket_connect_timeout", DEFAULT_TIMEOUT_SECONDS)
        options.setdefault("socket_timeout", DEFAULT_TIMEOUT_SECONDS)
        super().__init__(server, {**params, "OPTIONS": options})
        location = server if isinstance(server, str) else ",".join(server)
        self._state = _health_for(f"{location}|{self.key_prefix}")

    # -- the guard around every operation --

    def _guarded(self, operation, miss):
        state = self._state
        if state.skip_until > _clock():
            return self._unavailable(miss, None)
        try:
            result = operation()
        except UNREACHABLE as error:
            self._record_failure(error)
            return self._unavailable(miss, error)
        if state.failing:
            with state.lock:
                if state.failing:
                    state.failing = False
                    logger.info("Redis cache (prefix %r) answers again", self.key_prefix)
        return result

    def _unavailable(self, miss, error):
        if _strict.get():
            raise SharedCacheUnavailable("the shared cache (Redis) cannot be reached") from error
        return miss() if callable(miss) else miss

    def _record_failure(self, error):
        state = self._state
        now = _clock()
        with state.lock:
            state.failing = True
            state.skip_until = now + self.retry_after
            if state.warned_at is not None and now - state.warned_at < self.warning_interval:
                return
            state.warned_at = now
        logger.warning(
            "Redis cache (prefix %r) unreachable, serving without it and retrying every %s s: %s",
            self.key_prefix, self.retry_after, error,
        )

    # -- Django's cache API, each operation with its "empty cache" answer --

    def get(self, key, default=None, version=None):
        return self._guarded(lambda: RedisCache.get(self, key, default, version), default)

    def get_many(self, keys, version=None):
        return self._guarded(lambda: RedisCache.get_many(self, keys, version), dict)

    def has_key(self, key, version=None):
        return self._guarded(lambda: RedisCache.has_key(self, key, version), False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(lambda: RedisCache.set(self, key, value, timeout, version), None)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(lambda: RedisCache.add(self, key, value, timeout, version), False)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(lambda: RedisCache.touch(self, key, timeout, version), False)

    def delete(self, key, version=None):
        return self._guarded(lambda: RedisCache.delete(self, key, version), False)

    def delete_many(self, keys, version=None):
        return self._guarded(lambda: RedisCache.delete_many(self, keys, version), None)

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key '{key}' not found")  # what Django answers for a key that is not there

        return self._guarded(lambda: RedisCache.incr(self, key, delta, version), missing)

    def count_in_window(self, key, timeout, version=None):
        """Raise the counter ``key`` by one and return it; a new counter lives ``timeout`` seconds.

        One round trip and atomic (a Lua script: INCR, and EXPIRE when the counter is new), where
        ``add`` + ``incr`` take three. Stored as a plain integer, as Django's serializer stores ints,
        so ``get`` reads it. A missing answer (Redis down, not strict) counts as 0.
        """
        cache_key = self.make_and_validate_key(key, version=version)

        def run():
            client = self._cache.get_client(cache_key, write=True)
            return int(client.eval(_COUNT_SCRIPT, 1, cache_key, int(timeout)))

        return self._guarded(run, 0)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        keys = list(data)
        # the answer lists the keys that could not be stored
        return self._guarded(lambda: RedisCache.set_many(self, data, timeout, version), lambda: keys)

    def clear(self):
        return self._guarded(lambda: RedisCache.clear(self), False)
