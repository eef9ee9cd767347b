"""The directory's search page at /klinikker/."""

from django.urls import URLPattern, URLResolver, path

from bontrack.directory import search_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", search_views.index, name="index"),
]
