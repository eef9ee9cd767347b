"""sitemap.xml and robots.txt at the site's root."""

from django.urls import path

from bontrack.directory import seo_views

urlpatterns = [
    path("sitemap.xml", seo_views.sitemap, name="sitemap"),
    path("robots.txt", seo_views.robots, name="robots"),
]
