from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "modellstadt.partners"
    label = "partners"
    verbose_name = "Partner"
