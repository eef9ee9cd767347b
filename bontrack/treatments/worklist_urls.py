from django.urls import URLPattern

app_name = "treatment_worklist"
urlpatterns: list[URLPattern] = []
