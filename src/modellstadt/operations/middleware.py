"""503 with a maintenance page while the database is unreachable, instead of a 500.

``DatabaseUnavailableMiddleware`` sits near the top of MIDDLEWARE. A database error raised by a view
or while rendering its response reaches ``process_exception``; one raised by another middleware
(e.g. the session saved on the way out) is turned into a 500 by Django on that layer, so a
``got_request_exception`` receiver marks the request and ``__call__`` replaces that 500. The page is
rendered without a request context: no context processor, no template tag that queries.
"""

import logging
import sys

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
MARK = "_modellstadt_database_unavailable"


def is_database_outage(exception):
    """The error, or one it was raised from, says the database cannot be reached."""
    seen = 0
    while exception is not None and seen < 10:
        if isinstance(exception, DATABASE_ERRORS):
            return True
        exception = exception.__cause__ or exception.__context__
        seen += 1
    return False


def first_line(exception):
    text = str(exception).strip()
    return text.splitlines()[0] if text else ""


def _language(request):
    supported = {code for code, _name in settings.LANGUAGES}
    language = getattr(request, "LANGUAGE_CODE", None) or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return language if language in supported else settings.LANGUAGE_CODE


def maintenance_response(request):
    """The 503 answer: a static page in the visitor's language, Retry-After, never cached."""
    language = _language(request)
    with translation.override(language):
        body = render_to_string("operations/maintenance.html", {"language": language})
    response = HttpResponse(body, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(settings.MODELLSTADT_MAINTENANCE_RETRY_AFTER)
    response["Content-Language"] = language
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, MARK, False) and response.status_code >= 500:
            return maintenance_response(request)
        return response

    def process_exception(self, request, exception):
        if not is_database_outage(exception):
            return None
        setattr(request, MARK, True)
        logger.warning("Database unavailable while serving %s %s: %s: %s", request.method, request.path,
                       type(exception).__name__, first_line(exception))
        return maintenance_response(request)


@receiver(got_request_exception, dispatch_uid="modellstadt-database-unavailable")
def mark_database_outage(sender, request=None, **kwargs):
    """Mark a request whose failure (anywhere below this middleware) was a database outage."""
    if request is not None and is_database_outage(sys.exc_info()[1]):
        setattr(request, MARK, True)
