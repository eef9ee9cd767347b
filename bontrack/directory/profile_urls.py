"""The public clinic profile, /klinikker/<slug>/ (the directory's other routes come first)."""

from django.urls import URLPattern, URLResolver, path

from bontrack.directory import profile_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("<slug:slug>/", profile_views.profile, name="profile"),
]
