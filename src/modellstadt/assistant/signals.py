"""The assistant hears about new ideas and stores its field suggestion for the back office.

Connected in ``AssistantConfig.ready``. The suggestion is computed by a background task after the
idea's transaction commits, never inside the citizen's request.
"""

from django.db import transaction


def idea_saved(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    from modellstadt.assistant.tasks import record_suggestion

    pk = instance.pk
    transaction.on_commit(lambda: record_suggestion.enqueue(pk))
