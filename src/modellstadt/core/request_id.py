"""One id per request, in every log record of that request and of the background tasks it enqueued.

- ``RequestIdMiddleware`` (first in MIDDLEWARE) takes the id the load balancer sent in the
  ``X-Request-ID`` header (nginx ``$request_id``, HAProxy ``unique-id-format``) when it looks sane
  (1–128 characters of letters, digits and ``._:+=/-``), else makes a new one (32 hex digits). It keeps
  the id in a context variable for the request and sends it back in the ``X-Request-ID`` response header.
- ``RequestIdFilter`` (on the log handlers in settings.LOGGING) copies it onto every log record as
  ``request_id`` (and the running task's id as ``task_id``), ``-`` outside a request or task.
- A task enqueued during a request carries the id: ``tag_task`` (a ``pre_save`` receiver on
  django-tasks-db's ``DBTaskResult``, connected in CoreConfig.ready) stores it beside the task's
  arguments (``args_kwargs["request_id"]``), so every way of enqueueing is covered without touching the
  callers; the worker (operations/worker.py) puts it back into the context while it runs the task.

A context variable (not a thread local) so the id stays right under threads and asyncio alike.
"""

import logging
import re
import uuid
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.utils.log import log_response

REQUEST_ID_HEADER = "X-Request-ID"
TASK_KEY = "request_id"
SANE = re.compile(r"[A-Za-z0-9._:+=/-]{1,128}")

request_id_var: ContextVar[str | None] = ContextVar("modellstadt_request_id", default=None)
task_id_var: ContextVar[str | None] = ContextVar("modellstadt_task_id", default=None)


def current_request_id():
    return request_id_var.get()


def new_request_id():
    return uuid.uuid4().hex


def sane_request_id(value):
    """The id from the balancer if it is safe to log and pass on, else None."""
    if value and SANE.fullmatch(value):
        return value
    return None


def incoming_request_id(request):
    """The balancer's id (when the installation trusts the header) or a new one."""
    header = getattr(settings, "MODELLSTADT_REQUEST_ID_HEADER", REQUEST_ID_HEADER)
    if header:
        meta_key = "HTTP_" + header.upper().replace("-", "_")
        trusted = sane_request_id(request.META.get(meta_key))
        if trusted:
            return trusted
    return new_request_id()


@contextmanager
def bound(request_id=None, task_id=None):
    """Log records inside the block carry ``request_id`` (and ``task_id``)."""
    request_token = request_id_var.set(request_id)
    task_token = task_id_var.set(task_id)
    try:
        yield
    finally:
        task_id_var.reset(task_token)
        request_id_var.reset(request_token)


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = incoming_request_id(request)
        request.request_id = request_id
        with bound(request_id):
            response = self.get_response(request)
            if response.status_code >= 400:
                # Django logs 4xx/5xx answers ("Not Found: /x") after the last middleware returned, where
                # the id is gone; log them here instead (log_response marks them, so once only).
                log_response("%s: %s", response.reason_phrase, request.path, response=response, request=request)
        response[REQUEST_ID_HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` and ``task_id`` to every record (``-`` when there is none); filters nothing out."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get() or "-"
        if not hasattr(record, "task_id"):
            record.task_id = task_id_var.get() or "-"
        return True


def tag_task(sender, instance, raw=False, **kwargs):
    """pre_save of DBTaskResult: a task created while a request id is bound carries it (no extra query)."""
    request_id = request_id_var.get()
    if raw or request_id is None or not instance._state.adding:
        return
    if isinstance(instance.args_kwargs, dict) and TASK_KEY not in instance.args_kwargs:
        instance.args_kwargs = {**instance.args_kwargs, TASK_KEY: request_id}


def task_request_id(db_task_result):
    """The request id a stored task was enqueued under, or None."""
    args_kwargs = db_task_result.args_kwargs
    value = args_kwargs.get(TASK_KEY) if isinstance(args_kwargs, dict) else None
    return sane_request_id(value) if isinstance(value, str) else None
