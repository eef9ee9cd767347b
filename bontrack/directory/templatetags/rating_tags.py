"""Template helpers for experiences: the profile's section and stars drawn as text."""

from __future__ import annotations

from typing import Any

from django import template

from bontrack.directory import ratings
from bontrack.directory.models import Listing

register = template.Library()


@register.simple_tag
def rating_section(listing: Listing, shown: Any = None) -> ratings.Section:
    """The experiences section for `listing`, from the profile page's published ratings."""
    return ratings.section(listing, shown)


@register.filter
def star_glyphs(stars: int) -> str:
    """★★★★☆ for 4: the picture of a rating (the page also says it in words)."""
    count = max(0, min(5, int(stars or 0)))
    return "★" * count + "☆" * (5 - count)


@register.inclusion_tag("directory/rating_invite.html")
def rate_clinic_invitations(patient: Any) -> dict[str, Any]:
    """Links for a patient to rate the listed clinics where they have a signed treatment
    (the caller has the patient from the access layer; nothing else is read about them)."""
    from bontrack.treatments.models import Session

    clinic_ids = Session.objects.filter(
        patient=patient, state=Session.State.SIGNED
    ).values_list("clinic_id", flat=True)
    listings = Listing.objects.filter(clinic_id__in=clinic_ids, published=True).order_by("name")
    return {"listings": list(listings)}
