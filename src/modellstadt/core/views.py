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


def serve_media(request, path):
    """Public media (images and their renditions) for /media/: straight from MEDIA_ROOT when files are on
    disk, streamed from the storage when they live in object storage, so pages keep one address (self)
    either way. Behind a reverse proxy, let the proxy serve /media/ instead (MODELLSTADT_SERVE_MEDIA=0)."""
    import mimetypes

    from django.core.exceptions import SuspiciousFileOperation, SuspiciousOperation
    from django.core.files.storage import default_storage
    from django.http import FileResponse, Http404
    from django.views.static import serve

    try:
        default_storage.path(path)
    except NotImplementedError:
        pass
    except SuspiciousFileOperation:
        raise Http404 from None
    else:
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    if request.method not in ("GET", "HEAD"):
        raise Http404
    try:
        handle = default_storage.open(path, "rb")
    except (FileNotFoundError, SuspiciousOperation):
        raise Http404 from None
    content_type, _encoding = mimetypes.guess_type(path)
    response = FileResponse(handle, content_type=content_type or "application/octet-stream")
    response["Cache-Control"] = "public, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response
