from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "bontrack.directory"
    label = "directory"

    def ready(self) -> None:
        from bontrack.directory import demo  # noqa: F401 — registers the demo loader
