from django.urls import URLPattern

app_name = "treatment_analytics"
urlpatterns: list[URLPattern] = []
