from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "modellstadt.demo"
    label = "demo"
    verbose_name = "Demo-Stadt"
