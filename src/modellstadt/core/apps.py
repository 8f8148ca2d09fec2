from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "modellstadt.core"
    label = "core"
    verbose_name = "Kern"
