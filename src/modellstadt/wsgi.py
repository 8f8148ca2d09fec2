import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "modellstadt.settings")
application = get_wsgi_application()

# Everything loaded by now (Django, Wagtail, the apps, their models, views and URLs) lives as long as the
# process. Moved out of the garbage collector's generations, a full collection scans only what requests
# made: with all of it, one collection took about 140 ms and stalled the worker's queued requests
# (docs/benchmarks.md, "Fortschritt on a quiet machine").
get_resolver().url_patterns  # noqa: B018 - imports every URL module and view now, not on the first request
gc.freeze()
