"""Money and dose figures on the education pages, in the page's language."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def kroner(value: object) -> str:
    """Whole kroner with the language's grouping: nb "4 057", en "4,057"; "—" when missing."""
    if value is None or value == "":
        return "—"
    try:
        amount = Decimal(str(value)).quantize(Decimal(1), ROUND_HALF_UP)
    except ArithmeticError:
        return str(value)
    return number_format(amount, decimal_pos=0, force_grouping=True)
