from django.urls import URLPattern

app_name = "clinic_overview"
urlpatterns: list[URLPattern] = []
