"""Experiences under /klinikker/: share one, report one, and the thank-you pages.

"erfaring" is a reserved slug (bontrack.directory.slugs), so "erfaring/…" never collides with a
clinic's profile at "<slug>/"."""

from django.urls import URLPattern, URLResolver, path

from bontrack.directory import rating_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("erfaring/<int:pk>/meld/", rating_views.report, name="rating_report"),
    path("erfaring/meldt/", rating_views.reported, name="rating_reported"),
    path("<slug:slug>/erfaring/ny/", rating_views.new, name="rating_new"),
    path("<slug:slug>/erfaring/takk/", rating_views.thanks, name="rating_thanks"),
]
