from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "modellstadt.projects"
    label = "projects"
    verbose_name = "Projekte"
