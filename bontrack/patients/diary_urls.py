from django.urls import path

from bontrack.patients import diary_views

app_name = "diary"
urlpatterns = [
    path("", diary_views.today, name="today"),
    path("importer/", diary_views.import_csv, name="import"),
    path("eksport.csv", diary_views.export_csv, name="export"),
    path("<str:date>/", diary_views.day, name="day"),
    path("<str:date>/ingen-hodepine/", diary_views.headache_free, name="headache_free"),
    path("<str:date>/historikk/", diary_views.day_history, name="history"),
]
