from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "modellstadt.core"
    label = "core"
    verbose_name = _("Kern")

    def ready(self):
        from django.core.checks import register
        from django.db.models.signals import pre_save
        from django_tasks_db.models import DBTaskResult

        from modellstadt.core import cache  # noqa: F401 - connects the page cache invalidation
        from modellstadt.core.guards import check_rate_limits
        from modellstadt.core.request_id import tag_task

        register(check_rate_limits)
        # a task enqueued during a request carries the request's id to the worker's log
        pre_save.connect(tag_task, sender=DBTaskResult, dispatch_uid="modellstadt-task-request-id")
