"""The clinic's worklist, under /klinikk/arbeidsliste/."""

from django.urls import path

from bontrack.treatments import worklist_views as views

app_name = "treatment_worklist"
urlpatterns = [
    path("", views.index, name="index"),
    path("bivirkning/<int:report_id>/handtert/", views.mark_handled, name="handled"),
]
