"""The education pages under /om-behandlingen/ (Norwegian words, as patients see them)."""

from django.urls import path

from bontrack.directory import education_views as views

app_name = "education"
urlpatterns = [
    path("", views.index, name="index"),
    path("migrene/", views.migraine, name="migraine"),
    path("slik-foregar-behandlingen/", views.treatment, name="treatment"),
    path("hva-kan-du-forvente/", views.expect, name="expect"),
    path("bivirkninger/", views.side_effects, name="side_effects"),
    path("kostnader/", views.costs, name="costs"),
    path("bla-resept/", views.criteria, name="criteria"),
    path("passer-det-for-meg/", views.self_check, name="self_check"),
]
