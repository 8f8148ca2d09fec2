"""The reference for the portal's uncached pages: the least a Django page can cost on this machine.

One view, one query and a small template, with nothing else: no middleware, no sessions, no
Wagtail, no context processors. ``bench/run.py`` serves it with the same gunicorn settings and the
same database as the portal and drives it with the same ``wrk`` run, so every portal page can be
reported as a share of it (req/s and CPU per request) measured in the same run on the same machine.

    gunicorn --chdir bench bare_app:application   (DATABASE_URL names the bench database)

The query reads the title of the site's root page (one indexed row), as a real page reads its own
row; the template prints it with a heading, a paragraph and a list of three links.
"""

import os

import dj_database_url
import django
from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY=os.environ.get("SECRET_KEY", "bench-reference-only"),
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    DATABASES={"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)},
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "OPTIONS": {}}],
    USE_TZ=True,
)
django.setup()

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.db import connection  # noqa: E402 - after settings.configure()
from django.http import HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.urls import path  # noqa: E402

TEMPLATE = engines["django"].from_string(
    "<!doctype html><html lang=\"de\"><head><meta charset=\"utf-8\"><title>{{ title }}</title></head>"
    "<body><h1>{{ title }}</h1><p>Referenzseite für die Lastmessung.</p>"
    "<ul>{% for link in links %}<li><a href=\"{{ link.0 }}\">{{ link.1 }}</a></li>{% endfor %}</ul>"
    "</body></html>"
)
LINKS = [("/themenfelder/", "Themenfelder"), ("/projekte/", "Projekte"), ("/ideen/", "Ideen")]


def reference(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT title FROM wagtailcore_page WHERE depth = 2 ORDER BY path LIMIT 1")
        row = cursor.fetchone()
    return HttpResponse(TEMPLATE.render({"title": row[0] if row else "", "links": LINKS}))


urlpatterns = [path("", reference)]
application = WSGIHandler()
