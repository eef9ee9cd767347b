"""The clinic calendar, mounted at /klinikk/kalender/."""

from django.urls import path

from bontrack.treatments import calendar_views

app_name = "treatment_calendar"
urlpatterns = [
    path("", calendar_views.week, name="week"),
    path("ny/", calendar_views.book, name="book"),
    path("<int:appointment_id>/avlys/", calendar_views.cancel, name="cancel"),
    path("<int:appointment_id>/time.ics", calendar_views.staff_ics, name="ics"),
]
