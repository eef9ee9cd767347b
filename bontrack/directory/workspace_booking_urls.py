"""The clinic's booking inbox under /klinikk/bestillinger/."""

from django.urls import URLPattern, URLResolver, path

from bontrack.directory import booking_inbox_views as views

app_name = "bookings"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.inbox, name="inbox"),
    path("<int:booking_id>/", views.detail, name="request"),
    path("<int:booking_id>/godta/", views.accept, name="accept"),
    path("<int:booking_id>/avvis/", views.decline, name="decline"),
]
