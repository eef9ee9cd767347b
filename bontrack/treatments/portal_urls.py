from django.urls import URLPattern

app_name = "treatment_portal"
urlpatterns: list[URLPattern] = []
