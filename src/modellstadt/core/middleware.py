from django.conf import settings
from django.utils import translation


class GermanFirstLocaleMiddleware:
    """German unless the visitor chose English with the language switch (a cookie).

    Unlike Django's LocaleMiddleware it ignores the browser's Accept-Language header, so the
    portal speaks German first and its URLs stay German without a language prefix.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, settings.LANGUAGE_CODE)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        from django.utils.cache import patch_vary_headers

        patch_vary_headers(response, ("Cookie",))
        return response


class StorageUnavailableMiddleware:
    """503 with a German page when the file store (disk or object storage) fails while a view reads or
    writes a file, instead of a 500. Pages that touch no file never reach the store and keep serving;
    uploads that know their field show the message next to it (``core.uploads.storage_guard``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        import logging

        from django.shortcuts import render
        from django.utils.cache import add_never_cache_headers

        from modellstadt.core.uploads import FILE_UNAVAILABLE_MESSAGE, is_storage_outage

        if not is_storage_outage(exception):
            return None
        logging.getLogger(__name__).warning(
            "File storage unavailable while serving %s %s: %s", request.method, request.path, type(exception).__name__
        )
        response = render(request, "core/unavailable.html", {"message": FILE_UNAVAILABLE_MESSAGE}, status=503)
        response["Retry-After"] = "60"
        add_never_cache_headers(response)
        return response
