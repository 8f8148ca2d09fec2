"""One JSON object a line for log collectors (MODELLSTADT_LOG_FORMAT=json), built on python-json-logger.

Fields: ``timestamp`` (UTC, ISO 8601), ``level``, ``logger``, ``message``, ``request_id``, ``task_id``
(from core/request_id.RequestIdFilter), ``process``, ``exc_info`` when there is a traceback, and the
``extra`` fields a call passes – except Django's ``request`` object, which is left out (its text is the
method and path, already in the message, and it is not data).
"""

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

FIELDS = ["levelname", "name", "message", "request_id", "task_id", "process"]


class JsonFormatter(BaseJsonFormatter):
    def __init__(self, **kwargs):
        super().__init__(
            FIELDS,
            rename_fields={"levelname": "level", "name": "logger"},
            reserved_attrs=[*RESERVED_ATTRS, "request"],
            timestamp=True,
            **kwargs,
        )
