"""Template context every page gets: the main menu, fitted to who is looking."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from bontrack.accounts import roles


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url: str
    current: bool


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    items: list[tuple[str | Promise, str]] = [
        (_("Find a clinic"), "/klinikker/"),
        (_("About the treatment"), "/om-behandlingen/"),
    ]
    if user is not None and user.is_authenticated:
        if roles.is_patient(user):
            items.append((_("Patient portal"), "/portal/"))
        if roles.is_clinic_staff(user):
            items.append((_("Clinic workspace"), "/klinikk/"))
        if roles.is_referrer(user):
            items.append((_("Referrals"), "/henvisning/"))
    path = request.path
    # The longest matching prefix is the current section.
    current = max((url for _label, url in items if path.startswith(url)), key=len, default="")
    return {"nav_items": [NavItem(label, url, url == current) for label, url in items]}
