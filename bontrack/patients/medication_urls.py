from django.urls import URLPattern

app_name = "medication"
urlpatterns: list[URLPattern] = []
