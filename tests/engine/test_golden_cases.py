"""Run the golden cases of every installed methodology: `<folder>/golden/*.yaml`.

A methodology folder holds its rule data, its module and its golden cases, so that the
cases run for every folder the registry finds (built-in and those of TTHC_RULES_DIR),
not for one path. A folder that only adds profiles to a methodology (TTHC_RULES_DIR)
may bring cases of its own (`profile:` set on them); they run under that methodology.

Each case states a period, the records that matter and the expected points. Expected
values are written as the law reads them (1.5, 15.0, "tot"); a case checks only what it
names. A case is scored under its `profile:`, else the methodology's default profile.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from golden_world import assert_same_results, case_world, run_case

from tthc.engine.method import explain_items, score_period
from tthc.engine.registry import BUILTIN_DIR, RULES_DIR_ENV, Installed, installed


def golden_files(table: Installed) -> dict[str, list[Path]]:
    """Each installed methodology's golden case files: those of its own folder, then
    those of the folders that add profiles to it."""
    found: dict[str, list[Path]] = {}
    for method_id, methodology in sorted(table.methodologies.items()):
        folders = [methodology.folder]
        for path in sorted(table.profile_paths.get(method_id, {}).values()):
            if path.parent.parent not in folders:
                folders.append(path.parent.parent)
        found[method_id] = [path for folder in folders for path in sorted((folder / "golden").glob("*.yaml"))]
    return found


def _cases() -> list[Any]:
    params = []
    for method_id, paths in golden_files(installed()).items():
        for path in paths:
            for case in yaml.safe_load(path.read_text(encoding="utf-8")):
                params.append(pytest.param(method_id, case, id=f"{method_id}/{path.stem}: {case['name']}"))
    return params


def test_every_methodology_has_golden_cases() -> None:
    missing = [method_id for method_id, paths in golden_files(installed()).items() if not paths]
    assert not missing, ("phương pháp chưa có ca mẫu (tệp golden/*.yaml trong thư mục của phương pháp): "
                         + ", ".join(missing))


def test_golden_cases_are_found_in_every_folder_of_tthc_rules_dir(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    builtin = BUILTIN_DIR / "nd61_tt01"
    for name, golden in (("voi-ca", True), ("khong-ca", False)):
        folder = tmp_path / name
        folder.mkdir()
        text = (builtin / "methodology.yaml").read_text(encoding="utf-8")
        (folder / "methodology.yaml").write_text(text.replace("id: nd61-tt01", f"id: {name}"), encoding="utf-8")
        if golden:
            shutil.copytree(builtin / "golden", folder / "golden")
    monkeypatch.setenv(RULES_DIR_ENV, str(tmp_path))
    found = golden_files(installed())
    assert [p.name for p in found["voi-ca"]] == [p.name for p in found["nd61-tt01"]]
    assert all(p.is_relative_to(tmp_path / "voi-ca") for p in found["voi-ca"])
    assert found["khong-ca"] == []
    with pytest.raises(AssertionError, match=r"chưa có ca mẫu.*khong-ca"):
        test_every_methodology_has_golden_cases()


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
    # A methodology reporting figures: [numerator, denominator] of a metric, or "none"
    # for one without figures; the points not known.
    for number, value in expected.get("figures", {}).items():
        figure = actual.figures[str(number)]
        got = figure.source if value == "none" else [figure.numerator, figure.denominator]
        assert got == value, f"{where} số liệu {number}: {got} ≠ {value}\n" + "\n".join(
            actual.evidence.get(str(number), ()))
    if "unknown_points" in expected:
        assert actual.unknown_points == _decimal(expected["unknown_points"]), (
            f"{where} điểm chưa biết: {actual.unknown_points}")


@pytest.mark.parametrize(("method", "case"), _cases())
def test_golden_case(method: str, case: dict) -> None:
    inputs, dossiers = case_world(case, method=method)
    result = score_period(inputs, dossiers)
    expect = case["expect"]
    by_dossier = {r.code: r for r in result.details}
    for code, points in expect.get("dossiers", {}).items():
        assert code in by_dossier, f"hồ sơ {code} không được chấm trong kỳ"
        for number, value in points.items():
            got = result.scored.of(code)[str(number)]
            assert got == value, f"hồ sơ {code} chỉ số {number}: {got} ≠ {value}\n" + "\n".join(
                by_dossier[code].indicators[str(number)].evidence)
    # The rules that cost each dossier a metric (`lost: {DOSSIER: {METRIC: [rule…]}}`).
    for code, metrics in expect.get("lost", {}).items():
        for number, rules in metrics.items():
            got = [x.rule for x in by_dossier[code].indicators[str(number)].lost]
            assert got == rules, f"hồ sơ {code} chỉ số {number}: lý do {got} ≠ {rules}"
    # The petitions, procedures behind a unit's figure that did not count, per ratio
    # (`items: {UNIT: {METRIC: {PART: {ITEM: [rule…]}}}}`, PART "" for the metric's own).
    for unit, metrics in expect.get("items", {}).items():
        stored = [(d.procedure_code, result.scored.of(d.code), 1) for d in dossiers
                  if d.unit_code == unit and d.code in result.scored.codes]
        for number, parts in metrics.items():
            sections = explain_items(inputs, unit, str(number), stored) or ()
            got = {s.part: {i.code: [x.rule for x in i.lost] for i in s.items} for s in sections}
            assert got == parts, f"đơn vị {unit} chỉ số {number}: {got} ≠ {parts}"
            figures = {a.code: a for a in result.agencies}[unit].figures[str(number)]
            for section in sections:  # the list is the figure's denominator − numerator
                pair = (figures.numerator, figures.denominator) if not section.part else next(
                    (n, d) for name, n, d in figures.parts if name == section.part)
                assert (section.numerator, section.denominator) == pair
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


@pytest.mark.parametrize(("method", "case"), _cases())
def test_golden_case_gives_the_same_result_on_the_bulk_path(method: str, case: dict) -> None:
    assert_same_results(run_case(case, method=method), run_case(case, method=method, bulk=True))
