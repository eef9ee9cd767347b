from django.urls import URLPattern

app_name = "treatment_portal_calendar"
urlpatterns: list[URLPattern] = []
