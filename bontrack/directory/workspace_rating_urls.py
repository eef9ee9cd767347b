"""Filled in by its owner."""

from django.urls import URLPattern, URLResolver

app_name = "workspace_rating_urls"
urlpatterns: list[URLPattern | URLResolver] = []
