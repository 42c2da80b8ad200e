"""Small filters of the dashboards (numbers themselves: `tthc.web` so_lieu)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import template

from tthc.dashboards.selectors import share_step

register = template.Library()


@register.filter
def muc_diem(value: Any, maximum: Any) -> str:
    """The CSS class of an indicator's points out of its maximum (muc-0 … muc-3, by the
    shares of `selectors.SHARE_STEPS`; na for N/A): `{{ v|muc_diem:spec.max_points }}`."""
    return share_step(value, maximum)


@register.filter
def diem2(value: Any) -> str:
    """A mean with two decimals, Vietnamese style (14,25); N/A as —."""
    if value is None or value == "":
        return "—"
    text = f"{Decimal(str(value)).quantize(Decimal('0.01'), ROUND_HALF_UP):f}"
    return text.replace(".", ",")

