"""The formula check of the reconciliation with the portal (issue 12): the points a rule
set gives for a metric's published figures, asked of the methodology's module.

The engine knows no metric: a methodology whose module has `formula_points` says, for
one published metric, whether its rule set has a formula for it and what that formula
gives; one without it has no formula for anything. The reconciliation compares the
answer with the points the portal published beside its ratio.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .rules import RuleSet


@dataclass(frozen=True, slots=True)
class PublishedFigure:
    """One metric of one unit as the portal published it: `null` kept apart from 0,
    the ratio in percent, the answer's raw keys (some metrics' sub-counts live there)."""

    numerator: int | None
    denominator: int | None
    ratio: Decimal | None  # percent
    points: Decimal | None
    maximum: Decimal | None = None
    raw: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class FormulaCheck:
    """What the rule set's formula gives for the published figures: `points` None when
    the formula gives none (a zero denominator that makes the metric not applicable, or
    figures too incomplete to apply it), with why in `basis`."""

    points: Decimal | None
    basis: str  # how the formula was applied, in Vietnamese
    tolerance: Decimal  # a published point further than this from `points` is flagged

    def follows(self, published: Decimal | None) -> bool:
        """Whether the published points follow from the published ratio."""
        if self.points is None or published is None:
            return self.points is None and published is None
        return abs(published - self.points) <= self.tolerance


def formula_check(rules: RuleSet, code: str, figure: PublishedFigure) -> FormulaCheck | None:
    """The formula check of one published metric; None when the rule set has no formula
    for it (the methodology says so, or offers no check at all)."""
    from .method import method_for

    check = getattr(method_for(rules), "formula_points", None)
    return None if check is None else check(rules, code, figure)
