"""PostgreSQL plans the page queries once per connection: psycopg's server-side binding and prepared
statements are on by default and can be switched off for a pooler that cannot keep them."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from modellstadt.ideas.models import Idea

READ_OPTIONS = (
    "import json, modellstadt.settings as s; "
    "print(json.dumps(s.DATABASES['default'].get('OPTIONS', {}), default=str))"
)


def options_with(**env):
    result = subprocess.run(
        [sys.executable, "-c", READ_OPTIONS], capture_output=True, text=True, check=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "src"), **env},
    )
    return json.loads(result.stdout)


def test_postgres_prepares_statements_unless_switched_off():
    on = options_with(DATABASE_URL="postgres://u@db.example/modellstadt", MODELLSTADT_DB_PREPARED_STATEMENTS="")
    assert (on["server_side_binding"], on["prepare_threshold"]) == (True, 5)
    off = options_with(DATABASE_URL="postgres://u@db.example/modellstadt", MODELLSTADT_DB_PREPARED_STATEMENTS="false")
    assert "server_side_binding" not in off and "prepare_threshold" not in off
    sqlite = options_with(DATABASE_URL="sqlite:////tmp/x.sqlite3")
    assert "server_side_binding" not in sqlite


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")
@pytest.mark.django_db
def test_a_query_run_often_is_prepared_on_the_server_and_answers_the_same():
    def prepared():
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return [row[0] for row in cursor.fetchall()]

    def page():
        return list(Idea.objects.filter(pk__in=[1, 2]).values_list("id", flat=True))

    assert not any("participation_idea" in s for s in prepared())
    answers = {tuple(page()) for _ in range(6)}
    assert len(answers) == 1
    assert any('FROM "participation_idea"' in s and "$1" in s for s in prepared())
