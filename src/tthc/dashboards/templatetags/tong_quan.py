"""Small filters of the dashboards (numbers themselves: `tthc.web` so_lieu)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import template

register = template.Library()

# Colour bands of a 0–2 indicator cell; the legend under the table names them.
_BANDS = ((Decimal("2"), "muc-3"), (Decimal("1.5"), "muc-2"), (Decimal("1"), "muc-1"))


@register.filter
def muc_diem(value: Any) -> str:
    """The CSS class of an indicator's points (muc-0 … muc-3; na for N/A)."""
    if value is None or value == "":
        return "na"
    points = Decimal(str(value))
    return next((name for at_least, name in _BANDS if points >= at_least), "muc-0")


@register.filter
def diem2(value: Any) -> str:
    """A mean with two decimals, Vietnamese style (14,25); N/A as —."""
    if value is None or value == "":
        return "—"
    text = f"{Decimal(str(value)).quantize(Decimal('0.01'), ROUND_HALF_UP):f}"
    return text.replace(".", ",")


@register.filter
def phan_con_lai(value: Any) -> str:
    """100 − a percentage, with a dot (for a CSS `right:` offset, never shown)."""
    if value is None or value == "":
        return "0"
    return f"{100 - float(value):.1f}"
