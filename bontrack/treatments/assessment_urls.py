"""The assessment page of one patient, under /klinikk/pasienter/<patient_id>/vurdering/."""

from django.urls import path

from bontrack.treatments import assessment_views

app_name = "treatment_assessment"
urlpatterns = [
    path("", assessment_views.index, name="index"),
    path("soknad/", assessment_views.draft_application, name="draft_application"),
    path(
        "soknad/<int:application_id>/svar/",
        assessment_views.record_answer,
        name="record_answer",
    ),
    path("utfall/", assessment_views.record_decision, name="record_decision"),
]
