from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "modellstadt.news"
    label = "news"
    verbose_name = "Aktuelles"
