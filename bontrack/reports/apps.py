from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "bontrack.reports"
    label = "reports"
