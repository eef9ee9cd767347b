from django.contrib import admin
from django.urls import include, path

from bontrack import views
from bontrack.api.api import api

urlpatterns = [
    path("", views.start, name="start"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("klinikker/", include("bontrack.directory.urls")),
    path("om-behandlingen/", include("bontrack.directory.education_urls")),
    path("portal/", include("bontrack.patients.urls")),
    path("klinikk/", include("bontrack.treatments.urls")),
    path("henvisning/", include("bontrack.referrals.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
