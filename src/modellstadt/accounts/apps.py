from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "modellstadt.accounts"
    label = "accounts"
    verbose_name = "Konten"
