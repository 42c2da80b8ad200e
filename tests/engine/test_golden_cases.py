"""Run the golden cases of tests/golden/<methodology>/*.yaml.

Each case states a period, the records that matter and the expected points. Expected
values are written as the law reads them (1.5, 15.0, "tot"); a case checks only what it
names.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from golden_world import assert_same_results, run_case

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "nd61-tt01"


def _cases() -> list[Any]:
    params = []
    for path in sorted(GOLDEN.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            params.append(pytest.param(case, id=f"{path.stem}: {case['name']}"))
    return params


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _check_subject(kind: str, code: str, actual: Any, expected: dict) -> None:
    where = f"{kind} {code}"
    for number, value in expected.get("indicators", {}).items():
        assert actual.indicators[str(number)] == _decimal(value), (
            f"{where} chỉ số {number}: {actual.indicators[str(number)]} ≠ {value}")
    if "total" in expected:
        assert actual.total == _decimal(expected["total"]), f"{where} tổng: {actual.total}"
    if "class" in expected:
        assert actual.class_code == expected["class"], f"{where} xếp loại: {actual.class_code}"
    if "rank" in expected:
        assert actual.rank == expected["rank"], f"{where} hạng: {actual.rank}"
    if "dossiers" in expected:
        assert actual.dossiers == expected["dossiers"], f"{where} số hồ sơ: {actual.dossiers}"
    if "satisfaction" in expected:
        s, want = actual.satisfaction, expected["satisfaction"]
        assert (s.trials, s.rate, s.low, s.high) == (
            want["responses"], _decimal(want.get("rate")), _decimal(want.get("low")),
            _decimal(want.get("high"))), f"{where} hài lòng: {s}"
    if "small_sample" in expected:
        assert actual.small_sample is expected["small_sample"]


@pytest.mark.parametrize("case", _cases())
def test_golden_case(case: dict) -> None:
    result = run_case(case)
    expect = case["expect"]
    by_dossier = {r.code: r for r in result.details}
    for code, points in expect.get("dossiers", {}).items():
        assert code in by_dossier, f"hồ sơ {code} không được chấm trong kỳ"
        for number, value in points.items():
            got = result.scored.of(code)[str(number)]
            assert got == value, f"hồ sơ {code} chỉ số {number}: {got} ≠ {value}\n" + "\n".join(
                by_dossier[code].indicators[str(number)].evidence)
    if "scored" in expect:
        assert sorted(result.scored.codes) == sorted(expect["scored"])
    agencies = {a.code: a for a in result.agencies}
    for code, expected in expect.get("agencies", {}).items():
        assert code in agencies, f"đơn vị {code} không có trong kết quả"
        _check_subject("đơn vị", code, agencies[code], expected)
    if "agency_order" in expect:
        assert [a.code for a in result.agencies] == expect["agency_order"]
    officials = {o.code: o for o in result.officials}
    for code, expected in expect.get("officials", {}).items():
        assert code in officials, f"cán bộ {code} không có trong kết quả"
        _check_subject("cán bộ", code, officials[code], expected)
    if "overdue_unfinished" in expect:
        assert result.overdue_unfinished == expect["overdue_unfinished"]
    if "conflicts" in expect:
        assert len(result.conflicts) == expect["conflicts"]


@pytest.mark.parametrize("case", _cases())
def test_golden_case_gives_the_same_result_on_the_bulk_path(case: dict) -> None:
    assert_same_results(run_case(case), run_case(case, bulk=True))
