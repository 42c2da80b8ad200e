"""Exact means and shares: the law asks for a mean rounded to one decimal.

Points are integers, so a mean is an exact fraction; rounding half-up is done on
integers, ⌊(20·sum + n) / (2·n)⌋ tenths, never with a float ``round`` (which rounds
half to even and carries binary error: 1.45 → 1.4).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

ONE_DECIMAL = Decimal("0.1")
THREE_DECIMALS = Decimal("0.001")


def mean_tenths(total: int, count: int) -> int:
    """The mean total/count in tenths, rounded half-up. count must be positive."""
    if count <= 0:
        raise ValueError("count must be positive")
    return (20 * total + count) // (2 * count)


def mean_points(total: int, count: int) -> Decimal | None:
    """The mean rounded half-up to one decimal, or None (N/A) when there is no value."""
    if count == 0:
        return None
    return Decimal(mean_tenths(total, count)).scaleb(-1)


def round_half_up(value: Fraction, decimals: int) -> Decimal:
    """An exact fraction rounded half-up to `decimals` places, on integers."""
    scale = 10 ** decimals
    units = (2 * scale * value.numerator + value.denominator) // (2 * value.denominator)
    return Decimal(units).scaleb(-decimals)


def mean_at(total: int, count: int, decimals: int) -> Decimal | None:
    """The mean rounded half-up to `decimals` places, or None when there is no value
    (``mean_points`` is the one-decimal case)."""
    if count == 0:
        return None
    return round_half_up(Fraction(total, count), decimals)


def round3(value: Fraction | float) -> Decimal:
    """Round to three decimals, half-up (shares and satisfaction rates)."""
    if isinstance(value, Fraction):
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        return exact.quantize(THREE_DECIMALS, rounding=ROUND_HALF_UP)
    return Decimal(repr(value)).quantize(THREE_DECIMALS, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class Proportion:
    """A share with its 95% Wilson score interval (no continuity correction)."""

    successes: int
    trials: int
    rate: Decimal | None
    low: Decimal | None
    high: Decimal | None


def wilson(successes: int, trials: int, z: float) -> Proportion:
    if trials == 0:
        return Proportion(0, 0, None, None, None)
    p = successes / trials
    z2 = z * z
    denominator = 1 + z2 / trials
    centre = (p + z2 / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / denominator
    return Proportion(
        successes,
        trials,
        round3(Fraction(successes, trials)),
        round3(max(0.0, centre - half)),
        round3(min(1.0, centre + half)),
    )
