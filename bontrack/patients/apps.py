from django.apps import AppConfig


class PatientsConfig(AppConfig):
    name = "bontrack.patients"
    label = "patients"

    def ready(self) -> None:
        from bontrack.patients import demo  # noqa: F401 — registers the demo loader
