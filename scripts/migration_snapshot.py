"""Snapshot of what a database holds, to check that a migration moving models between apps keeps data.

    python scripts/migration_snapshot.py > before.json   # with the code before the move
    python scripts/migration_snapshot.py > after.json    # after `modellstadt migrate` with the new code
    python scripts/migration_snapshot.py --compare before.json after.json

It records the row count of every table, every page (id, path, URL path, content type as
app_label.model, live) and the number of revisions; the compare mode maps the content types that
moved (core -> portal, participation -> ideas/comments/moderation/notifications) and fails on any
other difference. Uses DJANGO_SETTINGS_MODULE / DATABASE_URL like the `modellstadt` command.
"""

import json
import os
import sys

MOVED = {
    "core.legalpage": "portal.legalpage",
    "core.easylanguagepage": "portal.easylanguagepage",
    **{f"participation.{m}": f"ideas.{m}" for m in ("process", "phase", "idea", "support", "ideaevent")},
    "participation.comment": "comments.comment",
    **{f"participation.{m}": f"moderation.{m}" for m in ("report", "accountblock")},
    **{f"participation.{m}": f"notifications.{m}" for m in ("follow", "notification", "notificationsettings")},
}


def snapshot():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "modellstadt.settings")
    import django

    django.setup()
    from django.db import connection

    with connection.cursor() as cursor:
        tables = sorted(t for t in connection.introspection.table_names(cursor) if t != "django_migrations")
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
        cursor.execute(
            "SELECT p.id, p.url_path, p.live, ct.app_label, ct.model FROM wagtailcore_page p "
            "JOIN django_content_type ct ON ct.id = p.content_type_id ORDER BY p.id"
        )
        pages = [[pk, url, bool(live), f"{app}.{model}"] for pk, url, live, app, model in cursor.fetchall()]
        cursor.execute(
            "SELECT ct.app_label, ct.model, COUNT(*) FROM wagtailcore_revision r "
            "JOIN django_content_type ct ON ct.id = r.content_type_id GROUP BY ct.app_label, ct.model"
        )
        revisions = {f"{app}.{model}": n for app, model, n in cursor.fetchall()}
        cursor.execute(
            "SELECT ct.app_label, ct.model, COUNT(*) FROM auth_permission p "
            "JOIN django_content_type ct ON ct.id = p.content_type_id GROUP BY ct.app_label, ct.model"
        )
        permissions = {f"{app}.{model}": n for app, model, n in cursor.fetchall()}
    return {"rows": counts, "pages": pages, "revisions": revisions, "permissions": permissions}


def _moved(label):
    return MOVED.get(label, label)


def compare(before, after):
    problems = []
    for table, n in before["rows"].items():
        if table == "django_content_type":
            continue  # the new apps' content types may be added after the move; the moved ones stay
        if after["rows"].get(table) != n:
            problems.append(f"rows of {table}: {n} before, {after['rows'].get(table)} after")
    mapped = [[pk, url, live, _moved(ct)] for pk, url, live, ct in before["pages"]]
    if mapped != after["pages"]:
        problems.append("pages differ (id, url, live or content type)")
    for key in ("revisions", "permissions"):
        expected = {_moved(k): v for k, v in before[key].items()}
        got = {k: v for k, v in after[key].items() if k in expected}
        if expected != got:
            problems.append(f"{key} differ: {expected} vs {got}")
    print(f"tables: {len(before['rows'])}, rows: {sum(before['rows'].values())} before / "
          f"{sum(after['rows'].values())} after, pages: {len(before['pages'])} / {len(after['pages'])}, "
          f"revisions: {sum(before['revisions'].values())} / {sum(after['revisions'].values())}")
    for problem in problems:
        print("DIFFERENT:", problem)
    return not problems


if __name__ == "__main__":
    if sys.argv[1:2] == ["--compare"]:
        with open(sys.argv[2]) as a, open(sys.argv[3]) as b:
            sys.exit(0 if compare(json.load(a), json.load(b)) else 1)
    json.dump(snapshot(), sys.stdout, indent=0)
