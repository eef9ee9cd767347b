"""`{% booking_inbox_link %}`: the workspace's link to the booking inbox, with how many wait."""

from __future__ import annotations

from typing import Any

from django import template

from bontrack.directory import bookings

register = template.Library()


@register.inclusion_tag("directory/booking_inbox_link.html", takes_context=True)
def booking_inbox_link(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not bookings.inbox_clinic_ids(user):
        return {"show": False}
    return {"show": True, "waiting": bookings.new_count(user)}
