"""Điểm còn giữ được: the golden cases of src/tthc/methods/qd766/golden/stake/ (what each
open dossier or petition would cost if it turned late, soonest first), and what a
methodology without the computation answers."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from golden_world import case_world

from tthc.engine.stake import AtStake, Item, Loss, at_stake, offers_at_stake
from tthc.methods.qd766 import mdhl, tdgq
from tthc.methods.qd766.method import situation_of
from tthc.methods.qd766.metrics import ASSUMED_LATE, point
from tthc.methods.qd766.parameters import params

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


def test_a_record_assumed_late_counts_late_and_names_the_assumption() -> None:
    """What is at stake asks the metrics of a record moved to late: it costs them as a late
    one does, and the rule behind each lost point says it is an assumption."""
    case = CASES[0]
    inputs, dossiers = case_world(case, method="qd766")
    done = next(d for d in dossiers if d.code.startswith("XONG"))
    s, _, _ = situation_of(done, inputs.ctx, inputs.period)
    assert not s.handling.late and s.handling.lost == ()
    moved = tdgq.assumed_late(s.handling)
    assert moved.late and [x.rule for x in moved.lost] == [ASSUMED_LATE]
    for metric in (tdgq.ON_TIME, mdhl.SATISFACTION):
        found = point(metric, 1, replace(s, handling=moved))
        assert found.points == 0 and found.lost, metric.code
    assert [x.rule for x in point(tdgq.ON_TIME, 1, replace(s, handling=moved)).lost] == [ASSUMED_LATE]

    case = next(c for c in CASES if c.get("petitions"))
    inputs, _ = case_world(case, method="qd766")
    maxima = {mdhl.ON_TIME: Decimal(6), mdhl.SATISFIED: Decimal(6)}
    args = ("STP", inputs.petitions, inputs.period, inputs.ctx.calendar, params(inputs.rules), maxima)
    as_is = mdhl.petition_figures(*args)
    on_time = next(x.code for x in inputs.petitions if x.answered_at is not None)
    assumed = mdhl.petition_figures(*args, frozenset({on_time}))
    assert assumed[mdhl.ON_TIME].numerator == as_is[mdhl.ON_TIME].numerator - 1
    assert assumed[mdhl.SATISFIED].numerator == as_is[mdhl.SATISFIED].numerator - 1
    assert any(on_time in line and "giả định trả lời sau hạn" in line for line in assumed[mdhl.SATISFIED].evidence)
