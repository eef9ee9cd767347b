from django.urls import path

from bontrack.patients import medication_views

app_name = "medication"
urlpatterns = [
    path("", medication_views.index, name="index"),
    path("<int:medication_id>/", medication_views.edit, name="edit"),
]
