from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "bontrack.accounts"
    label = "accounts"
