from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "modellstadt.projects"
    label = "projects"
    verbose_name = _("Projekte")

    def ready(self):
        from modellstadt.core.page_context import register
        from modellstadt.projects import signals  # noqa: F401
        from modellstadt.projects.selectors import field_context, field_index_context

        # The field pages (strategy) show their projects; strategy sits below projects and cannot ask.
        register("strategy.CooperationFieldPage", field_context, in_fragments=True)
        register("strategy.FieldIndexPage", field_index_context)
