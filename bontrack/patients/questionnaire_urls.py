from django.urls import path

from bontrack.patients import questionnaire_views as views

app_name = "questionnaire"
urlpatterns = [
    path("", views.index, name="index"),
    path("midas/", views.midas, name="midas"),
    path("hit-6/", views.hit6, name="hit6"),
    path("pgic/", views.pgic, name="pgic"),
]
