from django.urls import URLPattern

app_name = "goal"
urlpatterns: list[URLPattern] = []
