"""The clinic's experiences and its replies, /klinikk/erfaringer/ (clinic administrators)."""

from django.urls import URLPattern, URLResolver, path

from bontrack.directory import rating_clinic_views

app_name = "clinic_ratings"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", rating_clinic_views.index, name="index"),
    path("<int:pk>/svar/", rating_clinic_views.reply, name="reply"),
]
