"""Background task of the assistant (django-tasks): train new model versions.

Enqueued after enough new decisions of the programme office (``services.decide_field``) or from
the overview page in the back office; executed by ``modellstadt worker``, never in a request.
"""

from django_tasks import task

from modellstadt.assistant import training


@task()
def train_models():
    """Train the field, duplicate and (when possible) spam models; returns the new versions."""
    return {row.kind: row.version for row in training.train_all()}


@task()
def record_suggestion(idea_id):
    """Store the field suggestion for a new idea (shown to the office, decided there)."""
    from modellstadt.assistant import services
    from modellstadt.assistant.sources import Idea

    idea = Idea.objects.select_related("process").filter(pk=idea_id).first()
    if idea is None:
        return None
    return services.record_suggestion(idea=idea).suggested_field_id
