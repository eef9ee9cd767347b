from django.urls import URLPattern

app_name = "reminder"
urlpatterns: list[URLPattern] = []
