"""The office's "Betrieb" page (/verwaltung/betrieb/): task queue, failed tasks with a retry button, last
backup, readiness checks; only for the programme office and administrators; constant query count."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max
from wagtail.models import ModelLogEntry

from modellstadt.operations import selectors
from modellstadt.operations.models import BackupRecord
from tests.query_counts import assert_constant_queries

pytestmark = pytest.mark.django_db
URL = "/verwaltung/betrieb/"
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
TASK = "modellstadt.notifications.tasks.send_notification_email"
PAGE_QUERIES = 19  # 7 of the page (group check, two readiness checks, queue, failed, retried, backup), 12 of the admin

TRACEBACK = """Traceback (most recent call last):
  File "/srv/modellstadt/notifications/services.py", line 88, in send_notification_email
    connection.send_messages([message])
ConnectionRefusedError: [Errno 111] Connection refused
"""


@pytest.fixture
def office_user(portal, django_user_model):
    from modellstadt.accounts.roles import ensure_office_group

    user = django_user_model.objects.create_user("buero", email="buero@example.org", password="x" * 12)
    user.groups.add(ensure_office_group(portal))
    return user


@pytest.fixture(autouse=True)
def _database_tasks(office_user, settings, tmp_path):
    """Tasks go to the database queue from here on (the set-up above ran them at once)."""
    settings.TASKS = DB_TASKS
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    assert not DBTaskResult.objects.exists()


def task_row(status="READY", *, enqueued_minutes_ago=0, run_after=None, finished_minutes_ago=None, args=(7,),
             traceback=""):
    now = timezone.now()
    row = DBTaskResult.objects.create(
        status=status, task_path=TASK, args_kwargs={"args": list(args), "kwargs": {}}, backend_name="default",
        run_after=run_after or get_date_max(), traceback=traceback,
        exception_class_path="builtins.ConnectionRefusedError" if status == "FAILED" else "",
        finished_at=None if finished_minutes_ago is None else now - datetime.timedelta(minutes=finished_minutes_ago),
    )
    # enqueued_at is auto_now_add: set it afterwards
    DBTaskResult.objects.filter(pk=row.pk).update(enqueued_at=now - datetime.timedelta(minutes=enqueued_minutes_ago))
    row.refresh_from_db()
    return row


def failed_row(minutes_ago=5, args=(7,), run_after=None):
    return task_row("FAILED", enqueued_minutes_ago=minutes_ago + 1, finished_minutes_ago=minutes_ago, args=args,
                    traceback=TRACEBACK, run_after=run_after)


@pytest.fixture
def office_client(office_user):
    client = Client(HTTP_HOST="localhost")
    client.force_login(office_user)
    return client


def test_only_the_office_and_administrators_see_the_page(office_user, django_user_model):
    resident = django_user_model.objects.create_user("anna", email="anna@example.org", password="x" * 12)
    editor = django_user_model.objects.create_user("redaktion", email="r@example.org", password="x" * 12,
                                                   is_staff=True)
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    row = failed_row()
    for person in (resident, editor):
        other = Client(HTTP_HOST="localhost")
        other.force_login(person)
        assert other.get(URL).status_code in (302, 403)
        assert other.post(f"{URL}aufgaben/{row.pk}/erneut/").status_code in (302, 403)
        assert "Betrieb" not in other.get("/verwaltung/").content.decode()
    assert DBTaskResult.objects.count() == 1
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "x" * 12)
    superuser = Client(HTTP_HOST="localhost")
    superuser.force_login(admin)
    assert superuser.get(URL).status_code == 200
    office = Client(HTTP_HOST="localhost")
    office.force_login(office_user)
    menu = office.get("/verwaltung/").content.decode()
    assert URL in menu


def test_page_shows_queue_failed_tasks_backup_and_checks(office_client):
    task_row(enqueued_minutes_ago=42)
    task_row(enqueued_minutes_ago=3)
    task_row(run_after=timezone.now() + datetime.timedelta(hours=2))  # scheduled: not waiting yet
    task_row("RUNNING")
    task_row("SUCCESSFUL", finished_minutes_ago=1)
    failed_row()
    html = office_client.get(URL).content.decode()
    assert "<h1" in html and "Betrieb" in html
    assert "<th scope=\"row\">Wartend</th><td>2</td>" in html
    assert "<th scope=\"row\">Geplant (später fällig)</th><td>1</td>" in html
    assert "<th scope=\"row\">Fehlgeschlagen</th><td>1</td>" in html
    assert "Die älteste wartende Aufgabe wartet seit 42\xa0Minuten" in html
    assert "ConnectionRefusedError: [Errno 111] Connection refused" in html
    assert "/srv/modellstadt" not in html  # the summary, not the whole traceback
    assert "send_notification_email" in html and "Erneut ausführen" in html
    assert "Für diese Installation ist noch keine Sicherung verzeichnet." in html
    assert "Alle Prüfungen sind in Ordnung." in html and "Datenbank: in Ordnung" in html


def test_queue_state_counts_and_oldest_wait(office_client):
    state = selectors.queue_state()
    assert (state.waiting, state.failed, state.oldest_waiting_since) == (0, 0, None)
    task_row(enqueued_minutes_ago=50, run_after=timezone.now() - datetime.timedelta(minutes=20))  # due 20 min ago
    task_row(enqueued_minutes_ago=10)
    state = selectors.queue_state()
    assert state.waiting == 2
    assert 19 * 60 <= state.oldest_waiting_seconds <= 21 * 60


def test_retry_enqueues_the_same_task_again_once_and_is_audit_logged(office_client, office_user):
    row = failed_row(args=(4711,), run_after=timezone.now() - datetime.timedelta(hours=1))
    response = office_client.post(f"{URL}aufgaben/{row.pk}/erneut/")
    assert response.status_code == 302 and response["Location"] == URL
    new = DBTaskResult.objects.exclude(pk=row.pk).get()
    assert new.status == "READY" and new.task_path == TASK
    # the same arguments, and the id of the office's request that asked for the retry (for the worker's log)
    assert new.args_kwargs == {"args": [4711], "kwargs": {}, "request_id": response["X-Request-ID"]}
    assert new.run_after == get_date_max()  # runs now
    row.refresh_from_db()
    assert row.status == "FAILED"  # the failure stays visible
    entry = ModelLogEntry.objects.get(action="modellstadt.task_retry")
    assert entry.object_id == str(row.pk) and entry.user_id == office_user.pk
    assert entry.data["new_id"] == str(new.pk)

    page = office_client.get(URL).content.decode()
    assert "Die Aufgabe wurde erneut eingereiht" in page
    assert "Bereits erneut eingereiht" in page
    again = office_client.post(f"{URL}aufgaben/{row.pk}/erneut/", follow=True)
    assert "Diese Aufgabe wurde bereits erneut ausgeführt." in again.content.decode()
    assert DBTaskResult.objects.count() == 2


def test_retry_needs_post_and_csrf(office_user):
    row = failed_row()
    client = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)
    client.force_login(office_user)
    assert client.get(f"{URL}aufgaben/{row.pk}/erneut/").status_code == 405
    assert client.post(f"{URL}aufgaben/{row.pk}/erneut/").status_code == 403
    assert DBTaskResult.objects.count() == 1


def test_retry_of_an_unknown_task_says_so(office_client):
    row = failed_row()
    DBTaskResult.objects.filter(pk=row.pk).update(task_path="modellstadt.gibt.es.nicht")
    page = office_client.post(f"{URL}aufgaben/{row.pk}/erneut/", follow=True).content.decode()
    assert "gibt es in dieser Version nicht mehr" in page
    succeeded = task_row("SUCCESSFUL", finished_minutes_ago=1)
    page = office_client.post(f"{URL}aufgaben/{succeeded.pk}/erneut/", follow=True).content.decode()
    assert "Diese fehlgeschlagene Aufgabe gibt es nicht (mehr)." in page
    assert DBTaskResult.objects.count() == 2


def test_backup_command_records_the_last_backup_for_the_page(office_client, tmp_path, monkeypatch):
    """The command's record (the real backup runs in test_backup_restore.py, which checks the row as well)."""
    from modellstadt.operations.management.commands import backup as command

    manifest = {
        "created": "2026-11-26T01:30:00+00:00", "finished": "2026-11-26T01:31:15+00:00",
        "database": {"vendor": "postgresql"}, "row_counts": {"a": 1200, "b": 34, "c": 0},
        "files": [{"size": 1000}, {"size": 24}],
    }
    monkeypatch.setattr(command, "backup", lambda directory: (tmp_path / "backup", manifest))
    call_command("backup", str(tmp_path / "backup"), stdout=io.StringIO())
    record = BackupRecord.objects.get()
    assert (record.folder, record.tables, record.rows, record.files, record.bytes) == (
        str(tmp_path / "backup"), 3, 1234, 2, 1024)
    assert record.finished_at == datetime.datetime(2026, 11, 26, 1, 31, 15, tzinfo=datetime.UTC)
    html = office_client.get(URL).content.decode()
    assert "noch keine Sicherung" not in html
    assert "Fertig am 26.11.2026 02:31" in html  # shown in Europe/Berlin
    assert "3 Tabellen mit 1234 Zeilen, 2 Dateien." in html


def test_failed_readiness_check_is_shown(office_client, settings):
    settings.CACHES = {**settings.CACHES, "default": {
        "BACKEND": "modellstadt.core.cache_backends.FailOpenRedisCache", "LOCATION": "redis://127.0.0.1:6399/0"}}
    html = office_client.get(URL).content.decode()
    assert "Mindestens eine Prüfung ist fehlgeschlagen" in html
    assert "Zwischenspeicher (Cache): <strong>fehlgeschlagen</strong>" in html


def test_page_costs_constant_queries(office_client):
    def grow():
        for minutes in range(12):
            failed_row(minutes_ago=minutes, args=(minutes,))
            task_row(enqueued_minutes_ago=minutes)
            task_row("SUCCESSFUL", finished_minutes_ago=minutes)
        BackupRecord.objects.create(started_at=timezone.now(), finished_at=timezone.now(), folder="/srv/backup/1",
                                    database_vendor="sqlite")
    failed_row()
    assert_constant_queries(office_client, URL, grow, PAGE_QUERIES)
