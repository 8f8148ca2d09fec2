"""Private storage for council report files (frozen DOCX and PDF) below PRIVATE_MEDIA_ROOT/progress.

A report is frozen before the council has seen it, so its files have no public address; they are
served by permission-checked views (``admin_views.report_file`` for the office, ``views.report_file``
for the public once the report is published). The storage itself is ``core.uploads``.
"""

from django.utils.deconstruct import deconstructible

from modellstadt.core.uploads import PrivateStorage


@deconstructible(path="modellstadt.progress.storage.PrivateReportStorage")
class PrivateReportStorage(PrivateStorage):
    folder = "progress"
    no_url_message = "Council report files have no public address; use the report download views."


report_storage = PrivateReportStorage()
