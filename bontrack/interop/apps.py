from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "bontrack.interop"
    label = "interop"
