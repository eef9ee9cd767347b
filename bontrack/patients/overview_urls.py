from django.urls import path

from bontrack.patients import overview_views

app_name = "overview"
urlpatterns = [
    path("", overview_views.overview, name="index"),
    path("graf/<str:name>.svg", overview_views.overview_chart, name="chart"),
    path("sammendrag.pdf", overview_views.summary_pdf, name="pdf"),
]
