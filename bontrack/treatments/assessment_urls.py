from django.urls import URLPattern

app_name = "treatment_assessment"
urlpatterns: list[URLPattern] = []
