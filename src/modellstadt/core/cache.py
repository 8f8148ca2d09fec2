"""Whole-page cache for anonymous visitors of the public portal.

Anonymous pages are the same for everyone, so a rendered page is kept in the "pages" cache for
PAGE_CACHE_SECONDS. Any change to published content (a page published, unpublished, moved or
deleted; an organisation, body or decision saved) bumps a generation counter kept in the shared
cache, which retires every cached page (and every cached page part, ``core/fragments.py``) at once on
every app server. Requests with a cookie other
than the language choice and the CSRF cookie (e.g. a session), non-GET requests and the back office
bypass it.

The CSRF cookie alone does not make a visitor personal: one look at the login page sets it for a year,
and an anonymous page is the same with or without it. So it is left out of the decision and of the
cache key (which otherwise varies on the whole Cookie header). In turn a response is never stored if
it used the visitor's CSRF token (a form rendered with ``{% csrf_token %}``) or carries one in its body:
another visitor's token would make their form fail.
"""

import uuid
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.cache import get_cache_key, learn_cache_key, patch_response_headers

from modellstadt.core.metrics import count_page_cache

GENERATION_KEY = "portal:page-generation"
BYPASS_PREFIXES = (
    "/verwaltung/", "/konto/", "/dokumente/", "/sprache/", "/media/", "/static/", "/healthz", "/readyz",
    "/metrics",
)
CONTENT_APPS = {"partners", "strategy", "projects", "news", "portal", "wagtailcore", "wagtailimages"}
CSRF_FIELD = b"csrfmiddlewaretoken"


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def generation():
    cache = page_cache()
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def invalidate():
    cache = page_cache()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def any_view_restrictions():
    """Whether any page has a view restriction (always True while nothing is kept under the generation)."""
    if not generation_kept():
        return True
    from wagtail.models import PageViewRestriction

    return kept_for_generation("view-restrictions", PageViewRestriction.objects.exists)


def kept_for_generation(name, compute):
    """``compute()``, kept in the page cache under ``name`` and the current generation (a day at most);
    a result of None is kept too."""
    cache = page_cache()
    key = f"{name}:g{generation()}"
    kept = cache.get(key)
    if kept is None:
        kept = (compute(),)
        cache.set(key, kept, 24 * 3600)
    return kept[0]


def kept_while_unchanged(name, compute):
    """``compute()`` kept under the content generation while anything is kept under it (production),
    else simply computed (tests without caches see every query). For answers that change only when
    content is saved, i.e. when ``content_changed`` runs."""
    if not generation_kept():
        return compute()
    return kept_for_generation(name, compute)


def kept_per_version(versions, name, compute):
    """``compute()`` kept under ``name`` and the current token of each of the named ``versions`` while
    anything is kept (else simply computed): for answers about one thing that changes more often than
    all content, e.g. the rows of one comment thread. ``version_moved(*names)`` retires what was kept.

    A version is a random token in the page cache; a missing one (never set, moved, evicted, or the
    cache unreachable) gets a new token, so nothing kept under an older token is read again."""
    if not generation_kept():
        return compute()
    cache = page_cache()
    keys = [f"version:{version}" for version in versions]
    tokens = cache.get_many(keys)
    for key in keys:
        if key not in tokens:
            fresh = uuid.uuid4().hex
            cache.add(key, fresh, timeout=None)
            tokens[key] = cache.get(key) or fresh  # another process may have added its token first
    kept_key = ":".join([name, *(tokens[key] for key in keys)])
    kept = cache.get(kept_key)
    if kept is None:
        kept = (compute(),)
        cache.set(kept_key, kept, 24 * 3600)
    return kept[0]


def version_moved(*versions):
    """What is kept under these versions (``kept_per_version``) changed: retire it now and again once the
    transaction commits (a request in between may have kept what it read before the change)."""
    if not generation_kept():
        return
    keys = [f"version:{version}" for version in versions]

    def move():
        page_cache().delete_many(keys)

    move()
    transaction.on_commit(move)


def generation_kept():
    """Whether changes bump the generation (only while something is kept under it)."""
    return bool(settings.PAGE_CACHE_SECONDS or getattr(settings, "FRAGMENT_CACHE_SECONDS", 0))


def content_changed():
    """Something shown to everyone changed: retire every kept page, page part and lookup (the one rule
    for all apps' receivers and for writes that bypass signals, e.g. ``update()``)."""
    if generation_kept():
        invalidate()
        # again once the change is committed: a request between the two may have kept what it read
        # under the new generation before it could see the change
        transaction.on_commit(invalidate)


@receiver(post_save)
@receiver(post_delete)
def _content_changed(sender, **kwargs):
    if sender._meta.app_label in CONTENT_APPS:
        content_changed()


def _cacheable_request(request):
    if request.method not in ("GET", "HEAD") or not settings.PAGE_CACHE_SECONDS:
        return False
    if request.path.startswith(BYPASS_PREFIXES) or "preview" in request.GET:
        return False
    other_cookies = set(request.COOKIES) - {settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME}
    return not other_cookies


@contextmanager
def _key_cookies(request):
    """While computing a cache key, the Cookie header (pages vary on it) holds only the language cookie,
    so visitors who differ only in their CSRF cookie share the cached page."""
    original = request.META.get("HTTP_COOKIE")
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if language is not None:
        request.META["HTTP_COOKIE"] = f"{settings.LANGUAGE_COOKIE_NAME}={language}"
    else:
        request.META.pop("HTTP_COOKIE", None)
    try:
        yield
    finally:
        if original is None:
            request.META.pop("HTTP_COOKIE", None)
        else:
            request.META["HTTP_COOKIE"] = original


def _uses_csrf_token(request, response):
    """The page was rendered with a CSRF token or its body holds one. get_token() flags the request
    (CSRF_COOKIE_NEEDS_UPDATE) and CsrfViewMiddleware then sets the cookie on the response and clears
    the flag, so all three are checked."""
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or settings.CSRF_COOKIE_NAME in response.cookies:
        return True
    return CSRF_FIELD in getattr(response, "content", b"")


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        cache = page_cache()
        prefix = f"g{generation()}"
        with _key_cookies(request):
            key = get_cache_key(request, prefix, "GET", cache=cache)
        if key is not None:
            response = cache.get(key)
            if response is not None:
                response["X-Cache"] = "hit"
                count_page_cache(hit=True)
                return response
        count_page_cache(hit=False)
        response = self.get_response(request)
        if self._storable(request, response):
            patch_response_headers(response, settings.PAGE_CACHE_SECONDS)
            with _key_cookies(request):
                key = learn_cache_key(request, response, settings.PAGE_CACHE_SECONDS, prefix, cache=cache)

            def store(rendered):
                if not _uses_csrf_token(request, rendered):
                    cache.set(key, rendered, settings.PAGE_CACHE_SECONDS)

            if hasattr(response, "render") and callable(response.render):
                response.add_post_render_callback(store)
            else:
                store(response)
            response["X-Cache"] = "miss"
        return response

    @staticmethod
    def _storable(request, response):
        if response.status_code not in (200, 404) or response.streaming or response.cookies:
            return False
        if getattr(response, "is_rendered", True) and _uses_csrf_token(request, response):
            return False
        cache_control = response.get("Cache-Control", "")
        return "private" not in cache_control and "no-cache" not in cache_control and "no-store" not in cache_control


# Requests that render no portal page (Wagtail still finds the Site itself if one of them asks).
SITE_LOOKUP_SKIPPED = ("/api/", "/static/", "/media/", "/healthz", "/readyz", "/metrics")
SITE_LOOKUP_SKIPPED_FILES = (".json", ".pmtiles", ".csv", ".pdf", ".docx", ".ttl", ".rdf", ".jsonld")


class KnownSiteMiddleware:
    """Wagtail finds the Site of a request (``Site.find_for_request``) with a query of its own on every
    request that renders a page, and building that query costs more than a cache read. Which Site
    answers a host and port changes only when a Site or page is saved, which bumps the generation, so
    the found Site (with its root page and that page's specific page, which routing starts from) is
    kept in the page cache under the generation, host and port;
    every request gets its own copy (unpickled). Requests that render no page skip it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if generation_kept() and not path.startswith(SITE_LOOKUP_SKIPPED) and not path.endswith(
                SITE_LOOKUP_SKIPPED_FILES):
            request._wagtail_site = known_site(request)
        return self.get_response(request)


def known_site(request):
    from django.http.request import split_domain_port
    from wagtail.models import Site

    hostname = split_domain_port(request._get_raw_host())[0]

    def find():
        site = Site._find_for_request(request)
        if site is not None:
            site.root_page.specific  # noqa: B018 - read now, so the kept copy carries the specific home page
        return site

    return kept_for_generation(f"site:{hostname}:{request.get_port()}", find)
