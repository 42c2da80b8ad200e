"""The evidence of the unit-level indicators gives the points the period's scores give:
every golden case of every installed methodology, every agency in it. The explanation
is a second reading of the same rules, never a second rule."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
import yaml
from golden_world import case_world
from test_golden_cases import golden_files

from tthc.engine.method import explain_unit, score_period
from tthc.engine.registry import installed


def _cases() -> list[Any]:
    return [pytest.param(method_id, case, id=f"{method_id}/{path.stem}: {case['name']}")
            for method_id, paths in golden_files(installed()).items() for path in paths
            for case in yaml.safe_load(path.read_text(encoding="utf-8"))]


@pytest.mark.parametrize(("method", "case"), _cases())
def test_the_evidence_agrees_with_the_scores(method: str, case: dict) -> None:
    inputs, dossiers = case_world(case, method=method)
    result = score_period(inputs, dossiers)
    for agency in result.agencies:
        evidence = explain_unit(inputs, dossiers, agency.code)
        for code, found in evidence.items():
            expected = agency.indicators[code]
            got = None if found.point.points is None else Decimal(found.point.points)
            assert got == (None if expected is None else Decimal(expected)), (agency.code, code)
            assert found.point.evidence == agency.evidence[code], (agency.code, code)
            assert found.rules and all(rule.reference for rule in found.rules), (agency.code, code)
