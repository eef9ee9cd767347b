"""The referrer's pages, mounted at /henvisning/."""

from django.urls import path

from bontrack.referrals import referrer_views as views

app_name = "referrals"
urlpatterns = [
    path("", views.index, name="index"),
    path("ny/", views.new, name="new"),
    path("<int:referral_id>/", views.detail, name="detail"),
    path("<int:referral_id>/fullstendighet/", views.completeness, name="completeness"),
    path("<int:referral_id>/send/", views.send, name="send"),
    path("<int:referral_id>/svar/", views.answer, name="answer"),
    path("<int:referral_id>/vedlegg/", views.upload, name="upload"),
    path("<int:referral_id>/vedlegg/<int:attachment_id>/", views.attachment, name="attachment"),
]
