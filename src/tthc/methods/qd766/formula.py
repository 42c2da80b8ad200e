"""The formula check (issue 12): the points the rule set gives for a metric's published
figures, to see whether the portal's own points follow from its own ratio.

Each metric's formula is the one it is scored by (profile `points.*`, methodology-qd766
§2), applied to the published figures instead of ours: the exact numerator / denominator
when the portal gives both, else its published ratio (the certified-copy metric gives
only a ratio); a zero denominator gives what the scale says for one. The maximum is the
one the portal publishes for the unit when it gives one, else the methodology's (§2,
DEFAULT). Online payment combines its three sub-ratios, read from the answer's counts
(`portal.ANSWERS`). The online-services group has no formula yet (§6): no check.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from tthc.engine.arithmetic import round_half_up
from tthc.engine.reconcile import FormulaCheck, PublishedFigure
from tthc.engine.rules import RuleSet

from . import ratios, tttt
from .parameters import params
from .portal import PAYMENT_PARTS


def _maximum(rules: RuleSet, code: str, figure: PublishedFigure) -> Decimal:
    if figure.maximum is not None and figure.maximum > 0:
        return figure.maximum
    return rules.methodology.indicators[code].max_points


def _count(figure: PublishedFigure, key: str) -> int | None:
    value = figure.raw.get(key)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _payment(rules: RuleSet, figure: PublishedFigure) -> FormulaCheck:
    p = params(rules)
    tolerance = p.formula_tolerance
    found: dict[str, Fraction] = {}
    shown = []
    for name, numerator_key, denominator_key in PAYMENT_PARTS:
        numerator, denominator = _count(figure, numerator_key), _count(figure, denominator_key)
        if numerator is None or denominator is None:
            return FormulaCheck(None, f"Cổng không cho {numerator_key}/{denominator_key}: không kiểm tra được"
                                      " công thức.", tolerance)
        found[name] = ratios.ratio(numerator, denominator)
        shown.append(f"{name} = {ratios.pct(numerator, denominator)}")
    pay = p.payment
    raw = pay.a * found["A"] + min(pay.b_cap, pay.b * found["B"]) + pay.c * found["C"]
    points = round_half_up(min(raw, pay.cap, Fraction(_maximum(rules, tttt.CODE, figure))), ratios.DECIMALS)
    return FormulaCheck(points, f"{'; '.join(shown)} → {ratios.number(pay.a)} · A + min({ratios.number(pay.b_cap)};"
                                f" {ratios.number(pay.b)} · B) + {ratios.number(pay.c)} · C ="
                                f" {ratios.number(points)} điểm.", tolerance)


def formula_points(rules: RuleSet, code: str, figure: PublishedFigure) -> FormulaCheck | None:
    """The check of one published metric (None: the rule set has no formula for it)."""
    p = params(rules)
    if code == tttt.CODE:
        return _payment(rules, figure)
    scale = p.scales.get(code)
    if scale is None:
        return None
    maximum = _maximum(rules, code, figure)
    formula = ratios.explain_scale(maximum, scale)
    if figure.numerator is not None and figure.denominator is not None:
        found = ratios.points(figure.numerator, figure.denominator, maximum, scale)
        if figure.denominator == 0:
            shown = "không áp dụng" if found is None else f"{ratios.number(found)} điểm"
            return FormulaCheck(found, f"Mẫu số 0 → {shown}.", p.formula_tolerance)
        basis = ratios.pct(figure.numerator, figure.denominator)
    elif figure.ratio is not None:
        # Only a ratio (two decimals): its points follow from it as published.
        share = Fraction(figure.ratio) / 100
        found = round_half_up(min(Fraction(maximum) * share / scale.full_at, Fraction(maximum)), ratios.DECIMALS)
        basis = f"tỷ lệ công bố {ratios.number(figure.ratio)}%"
    else:
        return FormulaCheck(None, "Cổng không cho tử số, mẫu số hay tỷ lệ: không kiểm tra được công thức.",
                            p.formula_tolerance)
    assert found is not None
    return FormulaCheck(found, f"{basis} → {formula} = {ratios.number(found)} điểm.", p.formula_tolerance)
