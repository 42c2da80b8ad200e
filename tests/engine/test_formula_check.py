"""The formula check of the reconciliation with the portal: the golden cases of
src/tthc/methods/qd766/golden/formula/ (the points the rule set gives for published
figures, and whether the published points follow from them), and that every metric
with a formula has a case."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from tthc.engine.periods import Period
from tthc.engine.reconcile import PublishedFigure, formula_check
from tthc.engine.rules import load_rules

GOLDEN = (Path(__file__).resolve().parents[2] / "src" / "tthc" / "methods" / "qd766" / "golden" / "formula"
          / "formula_check.yaml")
GROUPS = yaml.safe_load(GOLDEN.read_text(encoding="utf-8"))
NO_FORMULA = "no_formula"


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _figure(case: dict[str, Any]) -> PublishedFigure:
    p = case["published"]
    return PublishedFigure(p["numerator"], p["denominator"], _decimal(p["ratio"]), _decimal(p["points"]),
                           _decimal(p.get("max")), case.get("raw", {}))


def _rules(period: str) -> Any:
    return load_rules("qd766", "national", Period.parse(period).end)


@pytest.mark.parametrize("group", GROUPS, ids=[g["name"] for g in GROUPS])
def test_formula_check(group: dict[str, Any]) -> None:
    rules = _rules(group["period"])
    for index, case in enumerate(group["cases"]):
        figure = _figure(case)
        found = formula_check(rules, group["metric"], figure)
        where = f"{group['metric']} ca {index + 1}"
        if case["formula_points"] == NO_FORMULA:
            assert found is None, where
            continue
        assert found is not None, where
        assert found.points == _decimal(case["formula_points"]), f"{where}: {found.basis}"
        assert found.follows(figure.points) is case["follows"], f"{where}: {found.basis}"
        assert found.basis  # the check says how it applied the formula


def test_every_metric_with_a_formula_has_a_case() -> None:
    rules = _rules("2026-10")
    probe = PublishedFigure(1, 2, Decimal(50), Decimal(1))
    with_formula = {code for code in rules.methodology.indicators
                    if formula_check(rules, code, probe) is not None}
    assert with_formula  # the methodology offers the check
    assert with_formula <= {g["metric"] for g in GROUPS}


def test_a_methodology_without_the_check_has_no_formula() -> None:
    rules = load_rules("nd61-tt01", "dien-bien-1187", date(2020, 3, 31))
    assert formula_check(rules, "1", PublishedFigure(1, 2, Decimal(50), Decimal(1))) is None
