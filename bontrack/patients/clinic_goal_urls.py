from django.urls import path

from bontrack.patients import goal_views as views

app_name = "clinic_goal"
urlpatterns = [
    path("", views.clinic_index, name="index"),
    path("<int:goal_id>/avslutt/", views.clinic_deactivate, name="deactivate"),
]
