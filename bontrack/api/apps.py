from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "bontrack.api"
    label = "api"
