"""Every request has an id: taken from the balancer when sane, else made; sent back in X-Request-ID, on
every log record of the request, carried by the tasks it enqueues; logs are JSON when asked for."""

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from modellstadt.core.log_format import JsonFormatter
from modellstadt.core.request_id import RequestIdFilter, bound, current_request_id, sane_request_id

ROOT = Path(__file__).resolve().parents[2]
HEX32 = r"^[0-9a-f]{32}$"


class Records(logging.Handler):
    """The records a handler with the request-id filter sees (like the console handler of settings.LOGGING)."""

    def __init__(self):
        super().__init__()
        self.addFilter(RequestIdFilter())
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def records():
    handler = Records()
    root = logging.getLogger()
    root.addHandler(handler)
    yield handler.records
    root.removeHandler(handler)


def test_a_request_without_an_id_gets_a_new_one_in_the_response():
    first, second = Client().get("/healthz"), Client().get("/healthz")
    assert first.status_code == 200
    assert re.match(HEX32, first["X-Request-ID"]) and re.match(HEX32, second["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_the_balancers_id_is_kept_when_sane():
    response = Client().get("/healthz", HTTP_X_REQUEST_ID="7f3a-balancer.id:42")
    assert response["X-Request-ID"] == "7f3a-balancer.id:42"


@pytest.mark.parametrize("offered", ["x" * 129, "two words", "line\nbreak", "<script>", "", "ä"])
def test_an_insane_id_is_replaced(offered):
    response = Client().get("/healthz", HTTP_X_REQUEST_ID=offered)
    assert re.match(HEX32, response["X-Request-ID"])
    assert sane_request_id(offered) is None


def test_the_header_is_not_trusted_when_switched_off(settings):
    settings.MODELLSTADT_REQUEST_ID_HEADER = ""
    response = Client().get("/healthz", HTTP_X_REQUEST_ID="from-a-client")
    assert response["X-Request-ID"] != "from-a-client"


@pytest.mark.django_db
def test_every_log_record_of_the_request_carries_its_id(settings, records):
    settings.MODELLSTADT_EXPECT_WORKER = True  # no heartbeat: /readyz logs a failed check
    response = Client().get("/readyz", HTTP_X_REQUEST_ID="req-readyz-1")
    assert response.status_code == 503
    logged = [r for r in records if r.name == "modellstadt.operations.health"]
    assert logged and {r.request_id for r in logged} == {"req-readyz-1"}
    assert current_request_id() is None  # nothing leaks into the next request
    logging.getLogger("modellstadt.test").warning("outside")
    assert records[-1].request_id == "-" and records[-1].task_id == "-"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_task_enqueued_during_a_request_carries_the_id_into_the_workers_log(settings, records):
    from django_tasks_db.models import DBTaskResult

    from tests.operations import worker_tasks

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with bound("req-with-task"):
        result = worker_tasks.logs.enqueue("hello")
    untagged = worker_tasks.logs.enqueue("no request")
    stored = DBTaskResult.objects.get(pk=result.id)
    assert stored.args_kwargs == {"args": ["hello"], "kwargs": {}, "request_id": "req-with-task"}
    assert stored.task_result.args == ["hello"]  # the arguments stay as they were
    assert "request_id" not in DBTaskResult.objects.get(pk=untagged.id).args_kwargs

    worker = worker_tasks.make_worker(worker_id="rid-worker")
    worker.run()
    said = {r.getMessage(): r for r in records if r.name == "tests.operations.worker_tasks"}
    assert said["task says hello"].request_id == "req-with-task"
    assert said["task says hello"].task_id == str(result.id)
    assert said["task says no request"].request_id == "-"
    assert said["task says no request"].task_id == str(untagged.id)


def test_the_json_formatter_writes_one_object_with_the_ids():
    record = logging.LogRecord("modellstadt.x", logging.WARNING, __file__, 1, "Hallo %s", ("Welt",), None)
    record.request = object()  # Django's request object is left out
    with bound("req-json", "task-9"):
        RequestIdFilter().filter(record)
    data = json.loads(JsonFormatter().format(record))
    assert data["message"] == "Hallo Welt" and data["level"] == "WARNING" and data["logger"] == "modellstadt.x"
    assert data["request_id"] == "req-json" and data["task_id"] == "task-9"
    assert data["timestamp"].endswith("+00:00") and "request" not in data


def test_djangos_log_line_for_an_error_answer_carries_the_id(records):
    Client().get("/metrics", REMOTE_ADDR="10.0.0.7", HTTP_X_REQUEST_ID="req-forbidden")
    logged = [r for r in records if r.name == "django.request"]
    assert len(logged) == 1 and logged[0].getMessage() == "Forbidden: /metrics"
    assert logged[0].request_id == "req-forbidden"


def test_json_logs_are_switched_on_by_the_environment(tmp_path):
    code = "import django, logging; django.setup(); logging.getLogger('modellstadt.probe').warning('probe %s', 1)"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "modellstadt.settings",
        "MODELLSTADT_VAR_DIR": str(tmp_path),
        "PYTHONPATH": str(ROOT / "src"),
        "SECRET_KEY": "x" * 50,
    }
    json_run = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "MODELLSTADT_LOG_FORMAT": "json"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    line = json.loads(json_run.stderr.strip().splitlines()[-1])
    assert line["message"] == "probe 1" and line["request_id"] == "-" and line["level"] == "WARNING"
    text_run = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60, check=True
    )
    assert "WARNING modellstadt.probe [request_id=- task_id=-] probe 1" in text_run.stderr
