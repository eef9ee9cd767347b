from django.urls import path

from bontrack.patients import goal_views as views

app_name = "goal"
urlpatterns = [
    path("", views.index, name="index"),
]
