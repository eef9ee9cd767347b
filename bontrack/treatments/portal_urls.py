"""The patient's treatments in the portal, under /portal/behandling/."""

from django.urls import path

from bontrack.treatments import portal_views as views

app_name = "treatment_portal"
urlpatterns = [
    path("", views.index, name="index"),
    path("oppfolging/<int:follow_up_id>/", views.follow_up, name="follow_up"),
    path("bivirkning/", views.side_effect_new, name="side_effect_new"),
    path("bivirkning/<int:report_id>/", views.side_effect_detail, name="side_effect"),
]
