from django.urls import path
from django.utils.translation import gettext_lazy as _

from bontrack.views import placeholder

app_name = "education"
urlpatterns = [
    path(
        "",
        placeholder,
        {
            "title": _("About the treatment"),
            "lead": _(
                "Plain-language pages on chronic migraine, how the treatment is given, "
                "what to expect, side effects and costs will be published here."
            ),
        },
        name="index",
    ),
]
