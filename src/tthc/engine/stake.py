"""What is still at stake in an open period ("điểm còn giữ được"): for one unit, the open
dossiers and petitions that will turn late if nothing is done by their due date, each
with the points it would cost, soonest first.

The engine knows no metric: a methodology that can tell what a record turning late
costs gives its module's ``METHOD`` an ``at_stake(inputs, dossiers, unit_code)`` that
returns an ``AtStake``; ``at_stake`` here reaches it, and answers None for a
methodology without one. The points are the methodology's own: its metrics' ratios
recomputed with the record moved to late, each metric rounded as it always is, so a
loss is exactly the difference the unit's page would show.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from .periods import Period

if TYPE_CHECKING:
    from .facts import Dossier
    from .method import PeriodInputs
    from .rules import RuleSet

ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class Loss:
    """Points lost, by metric, by group and in all (each the exact sum of rounded values)."""

    metrics: Mapping[str, Decimal] = field(default_factory=dict)
    groups: Mapping[str, Decimal] = field(default_factory=dict)
    total: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class Item:
    """An open dossier or petition not yet late that will be late if still open after `due`."""

    code: str
    due: date  # the last day it may be finished (answered) on time
    working_days_left: int  # working days after the reference day up to `due`; 0: due today
    loss: Loss  # if it alone turns late
    cumulative: Loss  # if it and every item listed before it turn late


@dataclass(frozen=True, slots=True)
class MetricNow:
    """A metric's figures as they stand (records not yet late counted on time)."""

    code: str
    numerator: int
    denominator: int
    points: Decimal | None


@dataclass(frozen=True)
class AtStake:
    period: Period
    as_of: datetime
    metrics: tuple[MetricNow, ...]
    dossiers: tuple[Item, ...]  # soonest first
    petitions: tuple[Item, ...]  # soonest first
    # Open dossiers whose clock is stopped: waiting for the citizen's supplement, they
    # cannot turn late before the citizen answers.
    waiting: int = 0
    # The methodology's rule in words, for the page that shows it.
    rule: tuple[str, ...] = ()

    @staticmethod
    def within(items: Sequence[Item], working_days: int) -> Loss:
        """The loss if every item due within `working_days` working days turns late."""
        found = [item for item in items if item.working_days_left <= working_days]
        return found[-1].cumulative if found else Loss()


def at_stake(inputs: PeriodInputs, dossiers: Iterable[Dossier], unit_code: str) -> AtStake | None:
    """What the unit may still lose in `inputs.period` as of `inputs.ctx.as_of`, under the
    rule set's methodology; None when the methodology cannot say."""
    from .method import method_for

    found = getattr(method_for(inputs.rules), "at_stake", None)
    return None if found is None else found(inputs, dossiers, unit_code)


def offers_at_stake(rules: RuleSet) -> bool:
    from .method import method_for

    return callable(getattr(method_for(rules), "at_stake", None))
