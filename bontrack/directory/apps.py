from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "bontrack.directory"
    label = "directory"
