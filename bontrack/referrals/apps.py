from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "bontrack.referrals"
    label = "referrals"
