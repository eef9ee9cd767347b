"""The public directory under /klinikker/: search, clinic profiles, experiences and booking.

Fixed-prefix routes come before the profile's `<slug>/`, and those words are reserved slugs
(see bontrack.directory.slugs)."""

from django.urls import include, path

app_name = "directory"
urlpatterns = [
    path("", include("bontrack.directory.search_urls")),
    path("", include("bontrack.directory.booking_urls")),
    path("", include("bontrack.directory.rating_urls")),
    path("", include("bontrack.directory.profile_urls")),
]
