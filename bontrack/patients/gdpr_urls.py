from django.urls import path

from bontrack.patients import gdpr_views

app_name = "gdpr"
urlpatterns = [
    path("", gdpr_views.my_data, name="index"),
    path("last-ned/", gdpr_views.download, name="download"),
    path("sletting/", gdpr_views.ask_for_erasure, name="erasure"),
]
