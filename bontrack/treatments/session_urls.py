from django.urls import URLPattern

app_name = "treatment_session"
urlpatterns: list[URLPattern] = []
