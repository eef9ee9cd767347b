"""The moderation queue for experiences, /moderering/ (platform administrators)."""

from django.urls import URLPattern, URLResolver, path

from bontrack.directory import moderation_views

app_name = "moderation"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", moderation_views.queue, name="queue"),
    path("erfaring/<int:pk>/", moderation_views.rating, name="rating"),
    path("svar/<int:pk>/", moderation_views.reply, name="reply"),
    path("melding/<int:pk>/", moderation_views.report, name="report"),
]
