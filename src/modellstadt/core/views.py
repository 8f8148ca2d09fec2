from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render

from modellstadt.core.redirects import safe_next_url


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


def switch_language(request, language):
    """Remember the visitor's language in a cookie and go back. A plain link, so no CSRF token is
    needed and anonymous pages stay free of cookies (and therefore cacheable)."""
    response = HttpResponseRedirect(safe_next_url(request, "/", target=request.GET.get("next", "")))
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE, httponly=True,
        )
    return response
