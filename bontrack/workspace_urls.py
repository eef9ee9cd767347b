"""The clinic workspace under /klinikk/: pages from several apps, one menu."""

from django.urls import include, path

from bontrack.accounts import views as account_views
from bontrack.patients import clinic_views

app_name = "workspace"
urlpatterns = [
    path("", clinic_views.home, name="home"),
    path("pasienter/sok/", clinic_views.search, name="search"),
    path("pasienter/<int:patient_id>/", clinic_views.patient_detail, name="patient"),
    path(
        "pasienter/<int:patient_id>/sammendrag/",
        include("bontrack.patients.clinic_overview_urls"),
    ),
    path("pasienter/<int:patient_id>/dagbok/", clinic_views.diary, name="patient_diary"),
    path(
        "pasienter/<int:patient_id>/dagbok/<str:date>/",
        clinic_views.diary_day,
        name="patient_diary_day",
    ),
    path("pasienter/<int:patient_id>/mal/", include("bontrack.patients.clinic_goal_urls")),
    path("henvisninger/", include("bontrack.referrals.clinic_urls")),
    path("arbeidsliste/", include("bontrack.treatments.worklist_urls")),
    path("kalender/", include("bontrack.treatments.calendar_urls")),
    path("analyse/", include("bontrack.treatments.analytics_urls")),
    path("protokoller/", include("bontrack.treatments.protocol_urls")),
    path(
        "pasienter/<int:patient_id>/behandling/",
        include("bontrack.treatments.session_urls"),
    ),
    path(
        "pasienter/<int:patient_id>/vurdering/",
        include("bontrack.treatments.assessment_urls"),
    ),
    path("profil/", include("bontrack.directory.workspace_profile_urls")),
    path("bestillinger/", include("bontrack.directory.workspace_booking_urls")),
    path("erfaringer/", include("bontrack.directory.workspace_rating_urls")),
    path("nodtilgang/", account_views.break_glass, name="break_glass"),
    path("logg/", account_views.audit_search, name="audit"),
]
