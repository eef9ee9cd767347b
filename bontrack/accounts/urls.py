from django.urls import path

from bontrack.accounts import views

app_name = "accounts"
urlpatterns = [
    path("logg-inn/", views.LoginView.as_view(), name="login"),
    path("logg-inn/kode/", views.otp_verify, name="otp_verify"),
    path("logg-inn/tofaktor/", views.otp_enrol, name="otp_enrol"),
    path("logg-inn/glemt-passord/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "logg-inn/glemt-passord/sendt/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "logg-inn/nytt-passord/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "logg-inn/nytt-passord/ferdig/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("logg-ut/", views.LogoutView.as_view(), name="logout"),
    path("hjem/", views.home, name="home"),
]
