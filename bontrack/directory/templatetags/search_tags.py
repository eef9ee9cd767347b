"""Formatting for the directory's results: kroner with grouped thousands, distances."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext

register = template.Library()


@register.filter
def kroner(value: int | None) -> str:
    """Whole kroner with the language's thousands separator: "3 500 kr" (nb), "3,500 kr" (en)."""
    if value is None:
        return "—"
    return f"{number_format(value, decimal_pos=0, force_grouping=True)}\u00a0kr"


@register.filter
def how_far(value: float | None) -> str:
    """A distance as people say it: "less than 1 km away", "about 3.4 km away", "about 27 km
    away" (one decimal under 10 km; the postcode centres are only that exact)."""
    if value is None:
        return ""
    if value < 1:
        return gettext("less than 1 km away")
    decimals = 1 if value < 10 else 0
    text = number_format(round(value, decimals), decimal_pos=decimals, force_grouping=True)
    return gettext("about %(distance)s km away") % {"distance": text}
