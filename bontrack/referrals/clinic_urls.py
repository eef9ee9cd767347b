from django.urls import URLPattern

app_name = "referral_inbox"
urlpatterns: list[URLPattern] = []
