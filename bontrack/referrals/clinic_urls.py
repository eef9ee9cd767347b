"""The clinic's referral desk, under /klinikk/henvisninger/."""

from django.urls import path

from bontrack.referrals import clinic_views as views

app_name = "referral_inbox"
urlpatterns = [
    path("", views.inbox, name="index"),
    path("<int:referral_id>/", views.detail, name="referral"),
    path("<int:referral_id>/vurdering/", views.decide, name="decide"),
    path("<int:referral_id>/brev.pdf", views.letter, name="letter"),
    path("venteliste/", views.waiting, name="waiting"),
    path("venteliste.csv", views.waiting_csv, name="waiting_csv"),
]
