"""Helpers for migrations that move a model from one app to another without moving its data.

The table keeps its name (``Meta.db_table``); the move is state-only (``SeparateDatabaseAndState``).
What does change in the database is the model's content type: its row is relabelled, so every row
that points at it – Wagtail pages and revisions, permissions, log entries, reports, follows – keeps
pointing at the same, now renamed, content type.
"""

from django.db import migrations


def move_content_types(old_app: str, new_app: str, models: list[str]) -> migrations.RunPython:
    """A RunPython operation relabelling the content types of ``models`` from ``old_app`` to ``new_app``."""

    def forwards(apps, schema_editor):
        _relabel(apps, schema_editor, old_app, new_app, models)

    def backwards(apps, schema_editor):
        _relabel(apps, schema_editor, new_app, old_app, models)

    return migrations.RunPython(forwards, backwards, elidable=False)


def _relabel(apps, schema_editor, source: str, target: str, models: list[str]) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in models:
        model = model.lower()
        old = ContentType.objects.using(db).filter(app_label=source, model=model).first()
        if old is None:
            continue  # a fresh database: the content type is created later under the new label
        # A content type created for the new label in the meantime points at nothing yet: drop it.
        ContentType.objects.using(db).filter(app_label=target, model=model).delete()
        old.app_label = target
        old.save(update_fields=["app_label"])
    ContentType.objects.clear_cache()
