"""`modellstadt publish_scheduled` publishes a due page once, even when two machines run it together."""

import datetime
import io
import time

import pytest
from django.core.management import call_command, get_commands
from django.db import connection, connections
from django.utils import timezone
from wagtail.models import PageLogEntry

from modellstadt.operations.management.commands.publish_scheduled import LOCK_KEY
from tests import factories


def scheduled_post():
    """A news post planned for a second from now; returned once that time has passed, still unpublished."""
    post = factories.news_post(title="Geplante Nachricht")
    post.unpublish()
    post.go_live_at = timezone.now() + datetime.timedelta(seconds=1)
    post.save_revision().publish()
    post.refresh_from_db()
    assert not post.live and post.latest_revision.approved_go_live_at is not None
    time.sleep(1.2)
    return post


def run():
    out = io.StringIO()
    call_command("publish_scheduled", stdout=out)
    return out.getvalue()


def published(post):
    post.refresh_from_db()
    return post.live, PageLogEntry.objects.filter(page=post, action="wagtail.publish.scheduled").count()


def test_the_project_command_replaces_wagtails():
    assert get_commands()["publish_scheduled"] == "modellstadt.operations"


@pytest.mark.django_db
def test_a_due_page_is_published_once_and_a_second_run_finds_nothing(portal):
    post = scheduled_post()
    run()
    assert published(post) == (True, 1)
    run()
    assert published(post) == (True, 1)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="advisory locks are PostgreSQL's")
def test_a_run_while_another_machine_holds_the_lock_publishes_nothing(portal):
    post = scheduled_post()
    other = connections.create_connection("default")  # stands for the scheduler on another machine
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
        assert "läuft bereits" in run()
        assert published(post) == (False, 0)
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
        run()
        assert published(post) == (True, 1)
    finally:
        other.close()
