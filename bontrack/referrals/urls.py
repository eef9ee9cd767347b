from django.urls import path
from django.utils.translation import gettext_lazy as _

from bontrack.views import placeholder

app_name = "referrals"
urlpatterns = [
    path(
        "",
        placeholder,
        {
            "title": _("Referrals"),
            "lead": _(
                "A structured referral form for GPs and specialists that shows what is "
                "missing before the referral is sent."
            ),
        },
        name="index",
    ),
]
