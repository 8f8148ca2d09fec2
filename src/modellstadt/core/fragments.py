"""Rendered parts of a page, kept per content version, for every visitor the page cache cannot serve.

The anonymous page cache (``core/cache.py``) serves whole pages to visitors without a session.
Signed-in citizens, partners and staff get every page rendered afresh, although most of it (a
field's projects, a project's timeline, the project list) is the same for everyone. A page marks
those parts with ``{% fragment fragment "name" %}…{% endfragment %}`` and renders the person's own
state (follow button, comments, anything with a form) outside them.

A page's ``get_context`` calls ``lookup(request, kind, *vary, parts=(...))`` first. On a hit – every part is
in the cache – it skips the queries that only those parts need; on a miss the parts are rendered
and stored. The key holds the page-cache generation, which every change to published content bumps
(``core.cache.invalidate``), the active language and ``vary`` (e.g. the page's id, the list's
query string). ``FRAGMENT_CACHE_SECONDS`` (0 = off) bounds how long a part is kept. A part that holds
a CSRF token is never stored: another person's form would fail with it.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import get_language

from modellstadt.core.cache import CSRF_FIELD, generation, page_cache


@dataclass
class Fragment:
    key: str
    parts: dict[str, str] = field(default_factory=dict)  # part name → HTML; empty on a miss

    @property
    def hit(self) -> bool:
        return bool(self.parts)


def seconds() -> int:
    return int(getattr(settings, "FRAGMENT_CACHE_SECONDS", 0) or 0)


def lookup(request: Any, kind: str, *vary: Any, parts: tuple[str, ...] = ("main",)) -> Fragment | None:
    """The cached parts of one page (all or none), or None when fragments are switched off or the
    request is not a plain GET of published content (a preview shows a draft: never read or stored)."""
    if seconds() <= 0 or request is None or request.method not in ("GET", "HEAD"):
        return None
    if getattr(request, "is_preview", False):
        return None
    digest = hashlib.sha256(repr(vary).encode()).hexdigest()[:32]
    key = f"fragment:g{generation()}:{get_language() or settings.LANGUAGE_CODE}:{kind}:{digest}"
    found = page_cache().get_many([f"{key}:{part}" for part in parts])
    html = {part: found.get(f"{key}:{part}") for part in parts}
    if any(value is None for value in html.values()):
        return Fragment(key)
    return Fragment(key, {part: str(value) for part, value in html.items()})


def is_hit(fragment: Fragment | None) -> bool:
    """Every part of the page came from the cache (False when fragments are off or one part is missing)."""
    return fragment is not None and fragment.hit


def remembered(kind: str, *vary: Any, compute: Callable[[], bytes]) -> bytes:
    """``compute()``'s result (a response body the same for everyone who asks the same: a feed, an API
    answer of public data), kept like a fragment per content version, language and ``vary``. When
    ``compute`` raises, nothing is kept. Without fragments it is simply computed."""
    if seconds() <= 0:
        return compute()
    digest = hashlib.sha256(repr(vary).encode()).hexdigest()[:32]
    key = f"body:g{generation()}:{get_language() or settings.LANGUAGE_CODE}:{kind}:{digest}"
    cache = page_cache()
    body = cache.get(key)
    if body is None:
        body = compute()
        cache.set(key, body, seconds())
    return bytes(body)


def store(fragment: Fragment, part: str, html: str) -> None:
    if CSRF_FIELD.decode() in html:
        return
    page_cache().set(f"{fragment.key}:{part}", html, seconds())
