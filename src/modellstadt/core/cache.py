"""Whole-page cache for anonymous visitors of the public portal.

Anonymous pages are the same for everyone, so a rendered page is kept in the "pages" cache for
PAGE_CACHE_SECONDS. Any change to published content (a page published, unpublished, moved or
deleted; an organisation, body or decision saved) bumps a generation counter kept in the shared
cache, which retires every cached page at once on every app server. Requests with a cookie other
than the language choice (a session, a CSRF token), non-GET requests, the back office and query
strings beyond a page's filters all bypass it.
"""

from django.conf import settings
from django.core.cache import caches
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.cache import get_cache_key, learn_cache_key, patch_response_headers

GENERATION_KEY = "portal:page-generation"
BYPASS_PREFIXES = ("/verwaltung/", "/konto/", "/dokumente/", "/sprache/", "/media/", "/static/")
CONTENT_APPS = {"partners", "strategy", "projects", "news", "core", "wagtailcore", "wagtailimages"}


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


@receiver(post_save)
@receiver(post_delete)
def _content_changed(sender, **kwargs):
    if sender._meta.app_label in CONTENT_APPS and settings.PAGE_CACHE_SECONDS:
        invalidate()


def _cacheable_request(request):
    if request.method not in ("GET", "HEAD") or not settings.PAGE_CACHE_SECONDS:
        return False
    if request.path.startswith(BYPASS_PREFIXES) or "preview" in request.GET:
        return False
    other_cookies = set(request.COOKIES) - {settings.LANGUAGE_COOKIE_NAME}
    return not other_cookies


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        cache = page_cache()
        prefix = f"g{generation()}"
        key = get_cache_key(request, prefix, "GET", cache=cache)
        if key is not None:
            response = cache.get(key)
            if response is not None:
                response["X-Cache"] = "hit"
                return response
        response = self.get_response(request)
        if self._storable(request, response):
            patch_response_headers(response, settings.PAGE_CACHE_SECONDS)
            key = learn_cache_key(request, response, settings.PAGE_CACHE_SECONDS, prefix, cache=cache)
            if hasattr(response, "render") and callable(response.render):
                response.add_post_render_callback(lambda r: cache.set(key, r, settings.PAGE_CACHE_SECONDS))
            else:
                cache.set(key, response, settings.PAGE_CACHE_SECONDS)
            response["X-Cache"] = "miss"
        return response

    @staticmethod
    def _storable(request, response):
        if response.status_code not in (200, 404) or response.streaming or response.cookies:
            return False
        cache_control = response.get("Cache-Control", "")
        return "private" not in cache_control and "no-cache" not in cache_control and "no-store" not in cache_control
