from django.urls import path

from bontrack.referrals import views

app_name = "referrals"
urlpatterns = [
    path("", views.home, name="index"),
]
