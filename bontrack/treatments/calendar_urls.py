from django.urls import URLPattern

app_name = "treatment_calendar"
urlpatterns: list[URLPattern] = []
