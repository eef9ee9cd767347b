from django.apps import AppConfig


class TreatmentsConfig(AppConfig):
    name = "bontrack.treatments"
    label = "treatments"

    def ready(self) -> None:
        from bontrack.treatments import demo  # noqa: F401 — registers the demo loader
