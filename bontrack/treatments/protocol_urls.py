"""The clinic's saved injection protocols, under /klinikk/protokoller/."""

from django.urls import path

from bontrack.treatments import protocol_views as views

app_name = "treatment_protocols"
urlpatterns = [
    path("", views.index, name="index"),
    path("ny/", views.new, name="new"),
    path("<int:protocol_id>/", views.detail, name="detail"),
    path("<int:protocol_id>/endre/", views.edit, name="edit"),
    path("<int:protocol_id>/slett/", views.delete, name="delete"),
]
