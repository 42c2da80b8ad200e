"""The appraisal on top of the self-score: appraised points, total, class and rank.

The appraiser replaces some indicators' points (0–2 in steps of 0.1); every other
indicator keeps its self-score. The class follows the appraised total with the same
bands as the self-score, and agencies are ranked again on it within their level.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

# The self-score's own total and ranking: the appraised ones are computed the same way.
from .aggregate import competition_ranks, indicator_total
from .rules import Band, classify

__all__ = ["AppraisalError", "appraised_class", "appraised_indicators", "appraised_points",
           "competition_ranks", "indicator_total"]

STEP = Decimal("0.1")
MAX_POINTS = Decimal("2")


class AppraisalError(ValueError):
    """Appraised points outside 0–2 or not a multiple of 0.1 (message in Vietnamese)."""


def appraised_points(text: str | Decimal) -> Decimal:
    """Parse appraised points as typed ("1,5" or "1.5"), refusing what the form cannot be."""
    try:
        value = Decimal(str(text).strip().replace(",", "."))
    except InvalidOperation as error:
        raise AppraisalError(f"“{text}” không phải là số điểm (0–2, bước 0,1).") from error
    if not value.is_finite() or value < 0 or value > MAX_POINTS:
        raise AppraisalError(f"Điểm thẩm định phải từ 0 đến 2; đã nhập {text}.")
    if value % STEP != 0:
        raise AppraisalError(f"Điểm thẩm định đi theo bước 0,1; đã nhập {text}.")
    return value.quantize(STEP)


def appraised_indicators(self_points: Mapping[str, Decimal | None],
                         changes: Mapping[str, Decimal]) -> dict[str, Decimal | None]:
    """Each indicator's final points: the appraiser's where given, else the self-score."""
    return {number: changes.get(number, value) for number, value in self_points.items()}


def appraised_class(bands: tuple[Band, ...], total: Decimal | None) -> Band | None:
    return classify(bands, total) if total is not None else None
