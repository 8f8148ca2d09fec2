from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "modellstadt.projects"
    label = "projects"
    verbose_name = _("Projekte")

    def ready(self):
        from modellstadt.projects import signals  # noqa: F401
