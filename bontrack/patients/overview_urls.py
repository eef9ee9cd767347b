from django.urls import URLPattern

app_name = "overview"
urlpatterns: list[URLPattern] = []
