from django.urls import path
from django.utils.translation import gettext_lazy as _

from bontrack.views import placeholder

app_name = "treatments"
urlpatterns = [
    path(
        "",
        placeholder,
        {
            "title": _("Clinic workspace"),
            "lead": _(
                "Referral inbox, waiting list, treatment sessions and follow-up "
                "for clinic staff. Staff log-in opens here."
            ),
        },
        name="index",
    ),
]
