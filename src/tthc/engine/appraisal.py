"""The appraisal on top of the self-score: appraised points, total, class and rank.

The appraiser replaces some indicators' points (from 0 to the indicator's maximum, in
steps of its decimals: 0–2 by 0.1 for nd61-tt01); every other indicator keeps its
self-score. The class follows the appraised total with the same
bands as the self-score, and agencies are ranked again on it within their level.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

# The self-score's own total and ranking: the appraised ones are computed the same way.
from .aggregate import competition_ranks, indicator_total
from .numbers import fmt_decimal
from .rules import Band, Indicator, classify

__all__ = ["AppraisalError", "appraised_class", "appraised_indicators", "appraised_points",
           "competition_ranks", "indicator_total"]

class AppraisalError(ValueError):
    """Appraised points outside the indicator's range or off its step (message in
    Vietnamese)."""


def _vi(value: Decimal) -> str:
    return fmt_decimal(value)


def appraised_points(text: str | Decimal, spec: Indicator) -> Decimal:
    """Parse appraised points as typed ("1,5" or "1.5") for an indicator, refusing what
    its scale cannot hold: below 0, above its maximum, finer than its decimals."""
    step = Decimal(1).scaleb(-spec.decimals)
    scale = f"0–{_vi(spec.max_points)}, bước {_vi(step)}"
    try:
        value = Decimal(str(text).strip().replace(",", "."))
    except InvalidOperation as error:
        raise AppraisalError(f"“{text}” không phải là số điểm ({scale}).") from error
    if not value.is_finite() or value < 0 or value > spec.max_points:
        raise AppraisalError(f"Điểm thẩm định phải từ 0 đến {_vi(spec.max_points)}; đã nhập {text}.")
    if value % step != 0:
        raise AppraisalError(f"Điểm thẩm định đi theo bước {_vi(step)}; đã nhập {text}.")
    return value.quantize(step)


def appraised_indicators(self_points: Mapping[str, Decimal | None],
                         changes: Mapping[str, Decimal]) -> dict[str, Decimal | None]:
    """Each indicator's final points: the appraiser's where given, else the self-score."""
    return {number: changes.get(number, value) for number, value in self_points.items()}


def appraised_class(bands: tuple[Band, ...], total: Decimal | None) -> Band | None:
    return classify(bands, total) if total is not None else None
