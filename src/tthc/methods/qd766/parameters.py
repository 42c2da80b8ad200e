"""The qd766 parameters of a profile, read once per rule set (``RuleSet.params``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from tthc.engine.rules import RuleError, RuleSet, share

# What a zero denominator gives (methodology-qd766 §2): the maximum, 0, or nothing (the
# metric does not apply and adds nothing).
EMPTY = ("full", "zero", "na")


@dataclass(frozen=True, slots=True)
class Scale:
    """Points from a ratio r: min(max, max · r / full_at); `empty` for no denominator."""

    full_at: Fraction
    empty: str


@dataclass(frozen=True, slots=True)
class Payment:
    """a · A + min(b_cap, b · B) + c · C, at most `cap` (online payment)."""

    a: Fraction
    b: Fraction
    b_cap: Fraction
    c: Fraction
    cap: Fraction


@dataclass(frozen=True, slots=True)
class Qd766Parameters:
    scales: dict[str, Scale]  # by metric code
    payment: Payment
    max_supplements: int
    subtract_supplement_time: bool
    negative_ratings: frozenset[str]
    answer_working_days: int
    refusal_working_days: int
    # The reconciliation's formula check: a published point further than this from the
    # points its published ratio gives is flagged.
    formula_tolerance: Decimal


def _scale(raw: Mapping[str, Any], name: str) -> Scale:
    full_at, empty = share(raw["full_at"]), str(raw.get("empty", "na"))
    if not 0 < full_at <= 1 or empty not in EMPTY:
        raise RuleError(f"bộ quy tắc qd766: {name} cần 0 < full_at ≤ 1 và empty là "
                        f"{', '.join(EMPTY)}")
    return Scale(full_at, empty)


def read_parameters(values: Mapping[str, Any]) -> Qd766Parameters:
    def value(name: str) -> Any:
        if name not in values:
            raise RuleError(f"bộ quy tắc qd766 thiếu tham số {name}")
        return values[name]

    try:
        scales = {name.removeprefix("points."): _scale(raw, name) for name, raw in values.items()
                  if name.startswith("points.") and name != "points.ONLINE_PAYMENT"}
        pay = value("points.ONLINE_PAYMENT")
        return Qd766Parameters(
            scales=scales,
            payment=Payment(*(share(pay[k]) for k in ("a", "b", "b_cap", "c", "cap"))),
            max_supplements=int(value("tdgq.max_supplements")),
            subtract_supplement_time=bool(value("tdgq.subtract_supplement_time")),
            negative_ratings=frozenset(value("mdhl.negative_ratings")),
            answer_working_days=int(value("mdhl.petition_answer_working_days")),
            refusal_working_days=int(value("mdhl.petition_refusal_working_days")),
            formula_tolerance=Decimal(str(value("reconcile.formula_tolerance"))),
        )
    except (KeyError, TypeError, ValueError, ArithmeticError) as error:
        if isinstance(error, RuleError):
            raise
        raise RuleError(f"bộ quy tắc qd766: giá trị tham số không hợp lệ ({error})") from error


def params(rules: RuleSet) -> Qd766Parameters:
    found = rules.params
    assert isinstance(found, Qd766Parameters), "rule set of another methodology"
    return found
