"""Number formatting for clinical figures: the language's decimal mark and a true minus."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

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
    # number_format cuts surplus decimals off (4.26 → "4,2"); round half up first.
    rounded = Decimal(str(abs(number))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    text = number_format(rounded, decimal_pos=decimals)
    return f"−{text}" if number < 0 and rounded else text
