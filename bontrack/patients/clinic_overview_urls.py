from django.urls import path

from bontrack.patients import overview_views

app_name = "clinic_overview"
urlpatterns = [
    path("", overview_views.clinic_overview, name="index"),
    path("graf/<str:name>.svg", overview_views.clinic_overview_chart, name="chart"),
    path("sammendrag.pdf", overview_views.clinic_summary_pdf, name="pdf"),
]
