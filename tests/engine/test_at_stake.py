"""Điểm còn giữ được: the golden cases of src/tthc/methods/qd766/golden/stake/ (what each
open dossier or petition would cost if it turned late, soonest first), and what a
methodology without the computation answers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from golden_world import case_world

from tthc.engine.stake import AtStake, Item, Loss, at_stake, offers_at_stake

GOLDEN = (Path(__file__).resolve().parents[2] / "src" / "tthc" / "methods" / "qd766" / "golden" / "stake"
          / "at_stake.yaml")
CASES = yaml.safe_load(GOLDEN.read_text(encoding="utf-8"))


def _money(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def _check_items(found: tuple[Item, ...], expected: list[dict[str, Any]]) -> None:
    assert [i.code for i in found] == [e["code"] for e in expected]
    for item, want in zip(found, expected, strict=True):
        assert item.due == date.fromisoformat(str(want["due"])), item.code
        assert item.working_days_left == want["working_days_left"], item.code
        assert dict(item.loss.metrics) == {k: _money(v) for k, v in want["loss"].items()}, item.code
        assert dict(item.loss.groups) == {k: _money(v) for k, v in want["groups"].items()}, item.code
        assert item.loss.total == _money(want["total"]), item.code
        assert item.cumulative.total == _money(want["cumulative"]), item.code
        # Each the exact sum of its parts.
        assert item.loss.total == sum(item.loss.groups.values(), Decimal("0.00"))
        assert item.cumulative.total == sum(item.cumulative.groups.values(), Decimal("0.00"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_golden_at_stake(case: dict[str, Any]) -> None:
    inputs, dossiers = case_world(case, method="qd766")
    found = at_stake(inputs, dossiers, case.get("unit", "STP"))
    assert found is not None
    expect = case["expect"]
    metrics = {m.code: [m.numerator, m.denominator, m.points] for m in found.metrics}
    for code, (numerator, denominator, points) in expect.get("metrics", {}).items():
        assert metrics[code] == [numerator, denominator, _money(points)], code
    if "dossiers" in expect:
        _check_items(found.dossiers, expect["dossiers"])
    if "petitions" in expect:
        _check_items(found.petitions, expect["petitions"])
    for days, total in expect.get("within", {}).items():
        assert AtStake.within(found.dossiers, int(days)).total == _money(total), days
    assert found.waiting == expect.get("waiting", 0)


def test_the_list_is_soonest_first_and_the_cumulative_loss_never_falls() -> None:
    case = next(c for c in CASES if "ngưỡng 90%" in c["name"] and "Trên" in c["name"])
    inputs, dossiers = case_world(case, method="qd766")
    found = at_stake(inputs, list(reversed(dossiers)), "STP")
    assert found is not None
    assert [i.due for i in found.dossiers] == sorted(i.due for i in found.dossiers)
    totals = [i.cumulative.total for i in found.dossiers]
    assert totals == sorted(totals)
    # Another unit's dossiers are not this unit's stake.
    other = at_stake(inputs, dossiers, "SYT")
    assert other is not None and other.dossiers == () and AtStake.within(other.dossiers, 5) == Loss()


def test_a_methodology_without_the_computation_answers_none() -> None:
    case = {"name": "nd61", "period": "2020-Q1", "as_of": "2020-02-14 10:00"}
    inputs, dossiers = case_world(case, method="nd61-tt01")
    assert at_stake(inputs, dossiers, "STP") is None and not offers_at_stake(inputs.rules)
    inputs, _ = case_world(CASES[0], method="qd766")
    assert offers_at_stake(inputs.rules)
