from django.urls import include, path

from bontrack.patients import views

app_name = "patients"
urlpatterns = [
    path("", views.home, name="index"),
    path("innsyn/", views.access_log, name="access_log"),
    path("dagbok/", include("bontrack.patients.diary_urls")),
    path("medisiner/", include("bontrack.patients.medication_urls")),
    path("oversikt/", include("bontrack.patients.overview_urls")),
    path("skjema/", include("bontrack.patients.questionnaire_urls")),
    path("paminnelser/", include("bontrack.patients.reminder_urls")),
    path("mal/", include("bontrack.patients.goal_urls")),
    path("behandling/", include("bontrack.treatments.portal_urls")),
    path("timer/", include("bontrack.treatments.portal_calendar_urls")),
]
