"""Filled in by its owner."""

from django.urls import URLPattern, URLResolver

app_name = "moderation_urls"
urlpatterns: list[URLPattern | URLResolver] = []
