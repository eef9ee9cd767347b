from django.urls import URLPattern

app_name = "questionnaire"
urlpatterns: list[URLPattern] = []
