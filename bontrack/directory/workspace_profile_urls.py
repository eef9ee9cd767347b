"""The clinic admin's profile pages under /klinikk/profil/."""

from django.urls import URLPattern, URLResolver, path

from bontrack.directory import profile_views

app_name = "workspace_profile_urls"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", profile_views.edit, name="edit"),
    path("historikk/", profile_views.history, name="history"),
]
