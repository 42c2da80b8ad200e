"""What every qd766 metric shares: points from an exact ratio, rounded half-up to two
decimals, and the ratio written as Vietnamese read it (methodology-qd766 §1)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from tthc.engine.arithmetic import round_half_up

from .metrics import Figures
from .parameters import Scale

DECIMALS = 2


def points(numerator: int, denominator: int, maximum: Decimal, scale: Scale) -> Decimal | None:
    """min(max, max · r / full_at) from the exact ratio, half-up to two decimals; a zero
    denominator gives the maximum, 0 or nothing (N/A) as the scale says."""
    if denominator == 0:
        if scale.empty == "full":
            return round_half_up(Fraction(maximum), DECIMALS)
        return round_half_up(Fraction(0), DECIMALS) if scale.empty == "zero" else None
    raw = Fraction(maximum) * Fraction(numerator, denominator) / scale.full_at
    return round_half_up(min(raw, Fraction(maximum)), DECIMALS)


def ratio(numerator: int, denominator: int) -> Fraction:
    """A ratio whose zero denominator counts 0 (online payment's sub-ratios)."""
    return Fraction(numerator, denominator) if denominator else Fraction(0)


def pct(numerator: int, denominator: int) -> str:
    """`n/d = 91,51%`, or `0/0` with nothing to divide."""
    if not denominator:
        return f"{numerator}/{denominator}"
    value = round_half_up(Fraction(100 * numerator, denominator), DECIMALS)
    return f"{numerator}/{denominator} = {value}%".replace(".", ",")


def number(value: Decimal | Fraction) -> str:
    """Points as Vietnamese write them: 5,18."""
    exact = value if isinstance(value, Decimal) else round_half_up(value, DECIMALS)
    return f"{exact:.2f}".replace(".", ",")


def explain_scale(maximum: Decimal, scale: Scale) -> str:
    """The formula in words: `6 · r`, `min(6; 6 · r / 90%)`."""
    top = number(maximum).removesuffix(",00")
    if scale.full_at == 1:
        return f"{top} · tỷ lệ"
    full = number(scale.full_at * 100).removesuffix(",00")
    return f"min({top}; {top} · tỷ lệ / {full}%)"


def scaled(numerator: int, denominator: int, maximum: Decimal, scale: Scale, *, what: str, empty: str,
           more: Sequence[str] = ()) -> Figures:
    """A metric's figures with the points its scale gives and why, in words: `what` the
    numerator counts, `empty` what a zero denominator means, then `more` lines."""
    found = points(numerator, denominator, maximum, scale)
    shown = "không áp dụng" if found is None else f"{number(found)} điểm"
    why = (f"{pct(numerator, denominator)}{' ' + what if what else ''} → {explain_scale(maximum, scale)} = {shown}."
           if denominator else f"{empty} → {shown}.")
    return Figures(numerator, denominator, found, (why, *more))
