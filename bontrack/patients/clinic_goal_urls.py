from django.urls import URLPattern

app_name = "clinic_goal"
urlpatterns: list[URLPattern] = []
