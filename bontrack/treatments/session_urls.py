"""Courses and sessions of one patient, under /klinikk/pasienter/<id>/behandling/."""

from django.urls import path

from bontrack.treatments import session_views as views

app_name = "treatment_session"
urlpatterns = [
    path("", views.index, name="index"),
    path("ny/", views.course_new, name="course_new"),
    path("<int:course_id>/okt/ny/", views.session_new, name="session_new"),
    path("okt/<int:session_id>/", views.session_page, name="session"),
    path("okt/<int:session_id>/tillegg/", views.session_addendum, name="addendum"),
]
