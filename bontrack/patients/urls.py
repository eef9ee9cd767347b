from django.urls import path

from bontrack.patients import views

app_name = "patients"
urlpatterns = [
    path("", views.home, name="index"),
    path("innsyn/", views.access_log, name="access_log"),
]
