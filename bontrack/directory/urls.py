from django.urls import path
from django.utils.translation import gettext_lazy as _

from bontrack.views import placeholder

app_name = "directory"
urlpatterns = [
    path(
        "",
        placeholder,
        {
            "title": _("Find a clinic"),
            "lead": _(
                "Clinics that offer botulinum-toxin treatment, with prices, waiting times "
                "and ratings, will be listed here."
            ),
        },
        name="index",
    ),
]
