"""Clinic analytics, under /klinikk/analyse/."""

from django.urls import path

from bontrack.treatments import analytics_views as views

app_name = "treatment_analytics"
urlpatterns = [
    path("", views.index, name="index"),
]
