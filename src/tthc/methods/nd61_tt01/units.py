"""What the unit-level indicators (5, 8, 9) share: the unit's procedure list, shares
written as Vietnamese percentages."""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

from tthc.engine.facts import Unit, UnitProcedure
from tthc.engine.periods import Period


def pct(share: Fraction) -> str:
    return f"{float(share) * 100:.1f}%".replace(".", ",")


def assigned_procedures(unit: Unit, entries: Iterable[UnitProcedure], period: Period) -> list[UnitProcedure]:
    """Procedures on the unit's list on the period's last day."""
    return [e for e in entries if e.unit_code == unit.code and e.valid_on(period.end)]
