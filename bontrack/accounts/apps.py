from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "bontrack.accounts"
    label = "accounts"

    def ready(self) -> None:
        from bontrack.accounts import demo  # noqa: F401 — registers the demo loader
