"""Numbers as Vietnamese readers write them: comma decimals, dot thousands, "—" for N/A."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import template

register = template.Library()

NOT_APPLICABLE = "—"
_ONE_DECIMAL = Decimal("0.1")


def _group(digits: str) -> str:
    return f"{int(digits):,}".replace(",", ".")


def _one_decimal(value: Decimal) -> str:
    text = f"{value.quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP):f}"
    sign = "-" if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("-").partition(".")
    return f"{sign}{_group(whole)},{fraction}"


@register.filter
def diem(value: Any) -> str:
    """A score with one decimal (14,1); N/A as —."""
    if value is None or value == "":
        return NOT_APPLICABLE
    return _one_decimal(Decimal(str(value)))


@register.filter
def ty_le(value: Any) -> str:
    """A share in [0, 1] as a percentage with one decimal (92,5%); N/A as —."""
    if value is None or value == "":
        return NOT_APPLICABLE
    return f"{_one_decimal(Decimal(str(value)) * 100)}%"


@register.filter
def so(value: Any) -> str:
    """A whole number with dot thousands (1.234); N/A as —."""
    if value is None or value == "":
        return NOT_APPLICABLE
    return _group(str(int(value)))
