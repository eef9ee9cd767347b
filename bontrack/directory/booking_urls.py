"""Booking requests under /klinikker/: the request form of a listing, the requester's status
page and withdrawing from it. Part of the "directory" namespace (no app_name here)."""

from django.urls import URLPattern, URLResolver, path

from bontrack.directory import booking_views as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("<slug:slug>/bestill/", views.request_form, name="booking_request"),
    path("bestilling/<str:token>/", views.status, name="booking_status"),
    path("bestilling/<str:token>/trekk-tilbake/", views.withdraw, name="booking_withdraw"),
]
