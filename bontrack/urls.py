from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from bontrack import views
from bontrack.api.api import api

# The admin site logs in through bontrack's own log-in, so admins get the second factor too.
admin.site.login = RedirectView.as_view(url="/logg-inn/?next=/admin/")  # type: ignore[method-assign,assignment]
# A form too large to read gets a page saying so (bontrack/errors.py).
handler400 = "bontrack.errors.bad_request"

urlpatterns = [
    path("", views.start, name="start"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("bontrack.accounts.urls")),
    path("klinikker/", include("bontrack.directory.urls")),
    path("om-behandlingen/", include("bontrack.directory.education_urls")),
    path("moderering/", include("bontrack.directory.moderation_urls")),
    path("", include("bontrack.directory.seo_urls")),
    path("portal/mine-data/", include("bontrack.patients.gdpr_urls")),
    path("portal/", include("bontrack.patients.urls")),
    path("klinikk/", include("bontrack.workspace_urls")),
    path("henvisning/", include("bontrack.referrals.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
