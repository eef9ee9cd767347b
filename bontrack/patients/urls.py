from django.urls import path
from django.utils.translation import gettext_lazy as _

from bontrack.views import placeholder

app_name = "patients"
urlpatterns = [
    path(
        "",
        placeholder,
        {
            "title": _("Patient portal"),
            "lead": _(
                "Your headache diary, your treatments and your own charts. "
                "Log-in for patients opens here."
            ),
        },
        name="index",
    ),
]
