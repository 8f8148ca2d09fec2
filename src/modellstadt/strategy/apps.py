from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "modellstadt.strategy"
    label = "strategy"
    verbose_name = "Strategie"
