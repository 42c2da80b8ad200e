"""Rule data: dated values, band tiling, versions recorded with scores."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from tthc.engine.periods import Period, PeriodError
from tthc.engine.registry import RULES_DIR
from tthc.engine.rules import RuleError, classify, load_rules


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    shutil.copytree(RULES_DIR, tmp_path / "rules")
    return tmp_path / "rules"


def _edit_profile(rules_dir: Path, edit) -> None:  # type: ignore[no-untyped-def]
    path = rules_dir / "nd61_tt01" / "profiles" / "dien-bien-1187.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_version_and_snapshot_identify_the_rules() -> None:
    rules = load_rules("nd61-tt01", "dien-bien-1187", date(2020, 3, 31))
    assert rules.version == "nd61-tt01/dien-bien-1187@2019.2"
    assert rules.snapshot["desk.decided_share"] == {"province_agency": "0.20", "district": "0.50",
                                                    "commune": "1.00"}
    # The petition deadlines are recorded with every run too, though no indicator reads them.
    assert rules.snapshot["petitions.answer_working_days"] == 15
    assert rules.snapshot["petitions.prolonged_after_days"] == 30
    assert len(rules.digest) == 16


def test_a_dated_change_applies_from_its_date_only(rules_copy: Path) -> None:
    def raise_threshold(data: dict) -> None:
        data["version"] = "2021.1"
        data["parameters"]["classes.agency"]["values"].append({
            "from": date(2021, 1, 1),
            "value": [
                {"code": "xuat_sac", "label_vi": "Xuất sắc", "at_least": 16},
                {"code": "tot", "label_vi": "Tốt", "at_least": 12, "below": 16},
                {"code": "kha", "label_vi": "Khá", "at_least": 9, "below": 12},
                {"code": "trung_binh", "label_vi": "Trung bình", "at_least": 6, "below": 9},
                {"code": "yeu", "label_vi": "Yếu", "below": 6},
            ],
        })

    _edit_profile(rules_copy, raise_threshold)
    old = load_rules("nd61-tt01", "dien-bien-1187", date(2020, 12, 31), rules_copy)
    new = load_rules("nd61-tt01", "dien-bien-1187", date(2021, 3, 31), rules_copy)
    assert classify(old.agency_bands, Decimal("15.5")).code == "xuat_sac"
    assert classify(new.agency_bands, Decimal("15.5")).code == "tot"
    assert classify(new.agency_bands, Decimal("16.0")).code == "xuat_sac"
    assert old.digest != new.digest


def test_bands_with_a_gap_are_refused(rules_copy: Path) -> None:
    # The public implementation's bug: "> 15" and "12 to < 15" leave exactly 15 in no band.
    def gap(data: dict) -> None:
        bands = data["parameters"]["classes.agency"]["values"][0]["value"]
        bands[1] = {"code": "tot", "label_vi": "Tốt", "at_least": 12, "below": 15}

    _edit_profile(rules_copy, gap)
    with pytest.raises(RuleError, match="nối liền"):
        load_rules("nd61-tt01", "dien-bien-1187", date(2020, 3, 31), rules_copy)


def test_a_parameter_without_a_value_yet_is_an_error() -> None:
    with pytest.raises(RuleError, match="chưa có giá trị"):
        load_rules("nd61-tt01", "dien-bien-1187", date(2018, 12, 31))


def test_unknown_profile_is_a_clear_error() -> None:
    with pytest.raises(RuleError, match="không tìm thấy"):
        load_rules("nd61-tt01", "khong-co", date(2020, 3, 31))


@pytest.mark.parametrize(("code", "start", "end"), [
    ("2020-Q1", date(2020, 1, 1), date(2020, 3, 31)),
    ("2020-q4", date(2020, 10, 1), date(2020, 12, 31)),
    ("2020-H1", date(2020, 1, 1), date(2020, 6, 30)),
    ("2020-H2", date(2020, 7, 1), date(2020, 12, 31)),
    ("2020", date(2020, 1, 1), date(2020, 12, 31)),
    ("2026-09", date(2026, 9, 1), date(2026, 9, 30)),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
    ("2026-12", date(2026, 12, 1), date(2026, 12, 31)),
])
def test_periods(code: str, start: date, end: date) -> None:
    period = Period.parse(code)
    assert (period.start, period.end) == (start, end)


def test_a_month_is_labelled_and_sorted_among_the_other_periods() -> None:
    assert Period.parse("2026-09").label_vi == "Tháng 9 năm 2026"
    assert Period.parse(" 2026-09 ").code == "2026-09"
    codes = ["2026", "2026-H2", "2026-Q4", "2026-12", "2026-H1", "2026-Q2", "2026-06", "2026-Q1",
             "2026-03", "2026-01", "2025-12"]
    shuffled = sorted(codes)
    assert sorted(shuffled, key=lambda c: Period.parse(c).sort_key) == [
        "2026-01", "2026-03", "2026-Q1", "2026-06", "2026-Q2", "2026-H1", "2026-12", "2026-Q4",
        "2026-H2", "2026", "2025-12"]


@pytest.mark.parametrize("code", ["2020-Q5", "2020-H3", "20-Q1", "Q1-2020", "", "2026-13", "2026-00",
                                  "2026-9", "2026-009"])
def test_bad_periods(code: str) -> None:
    with pytest.raises(PeriodError):
        Period.parse(code)
