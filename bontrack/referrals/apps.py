from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "bontrack.referrals"
    label = "referrals"

    def ready(self) -> None:
        from bontrack.referrals import demo  # noqa: F401 — registers the demo loader
