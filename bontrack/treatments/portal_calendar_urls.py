"""The patient's own appointments, mounted at /portal/timer/."""

from django.urls import path

from bontrack.treatments import calendar_views

app_name = "treatment_portal_calendar"
urlpatterns = [
    path("", calendar_views.portal_list, name="list"),
    path("<int:appointment_id>/time.ics", calendar_views.portal_ics, name="ics"),
]
