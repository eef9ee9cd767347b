from django.urls import path

from bontrack.patients import reminder_views as views

app_name = "reminder"
urlpatterns = [
    path("", views.index, name="index"),
]
