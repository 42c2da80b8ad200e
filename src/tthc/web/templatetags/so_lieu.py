"""Numbers as Vietnamese readers write them: comma decimals, dot thousands, "—" for N/A."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from tthc.engine.numbers import fmt_decimal, fmt_int

register = template.Library()

NOT_APPLICABLE = "—"
_ONE_DECIMAL = Decimal("0.1")


def _group(digits: str) -> str:
    return fmt_int(int(digits))


def _at(value: Decimal, decimals: int) -> str:
    return fmt_decimal(value, decimals)


def _one_decimal(value: Decimal) -> str:
    return _at(value, 1)


@register.filter
def diem(value: Any, decimals: Any = None) -> str:
    """A score as Vietnamese write it (14,1; 87,25); N/A as —.

    With `decimals` (the indicator's or the layout's), at that many; without, a decimal
    number keeps the decimals it carries (the selectors give each value its layout's),
    and a whole number gets one, as nd61's 0–2 points always had.
    """
    if value is None or value == "":
        return NOT_APPLICABLE
    number = Decimal(str(value))
    if decimals not in (None, ""):
        return _at(number, int(decimals))
    exponent = number.as_tuple().exponent
    return _at(number, -exponent if isinstance(exponent, int) and exponent < 0 else 1)


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


@register.filter
def trang_so(page: Any) -> list[int | str]:
    """The page numbers a pager links to: the first, the last and two either side of the
    current one, "…" for the gaps (a list of 300 pages stays one line of links)."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
