"""Number formatting for clinical figures: the language's decimal mark and a true minus."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def figure(value: object, decimals: int = 1) -> str:
    """A number with `decimals` decimals in the page's language, "−" (U+2212) for negatives,
    "—" for a missing value."""
    if value is None or value == "":
        return "—"
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)
    text = number_format(abs(number), decimal_pos=decimals)
    return f"−{text}" if number < 0 else text
