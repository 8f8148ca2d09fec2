from django.conf import settings
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe

# Editors write the content in German; when the interface speaks another language, every block of
# content says so (WCAG 2.1, 3.1.2 Language of Parts).
CONTENT_LANGUAGE = "de"


def _site_name(request):
    """The current Wagtail site's name (as in the header), else MODELLSTADT_SITE_NAME.

    Site.find_for_request keeps the site on the request, so this costs no query on pages Wagtail
    routed and at most one elsewhere; lazy, so templates that do not show it never ask."""
    from wagtail.models import Site

    try:
        site = Site.find_for_request(request)
    except Exception:  # noqa: BLE001 - an error page must still render without a database
        site = None
    return (site.site_name if site is not None else "") or settings.WAGTAIL_SITE_NAME


def _may_have_messages(request):
    """Messages live in the session or a cookie: a visitor with neither has none, and their page is
    rendered without touching the session (so it stays cacheable and free of ``Vary: Cookie``)."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES


def portal(request):
    language = translation.get_language() or settings.LANGUAGE_CODE
    return {
        "show_messages": _may_have_messages(request),
        "site_name": SimpleLazyObject(lambda: _site_name(request)),
        "current_path": request.get_full_path(),
        "content_lang": mark_safe(f' lang="{CONTENT_LANGUAGE}"') if language != CONTENT_LANGUAGE else "",  # noqa: S308
    }
