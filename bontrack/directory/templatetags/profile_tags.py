"""`{% clinic_profile_link %}`: the workspace's link to the clinic profile, for clinic admins."""

from __future__ import annotations

from typing import Any

from django import template

from bontrack.accounts import roles

register = template.Library()


@register.inclusion_tag("directory/profile_link.html", takes_context=True)
def clinic_profile_link(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"show": user is not None and roles.is_clinic_admin(user)}
