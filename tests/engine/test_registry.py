"""The installed methodologies: found in folders, dated, extended from TTHC_RULES_DIR."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from tthc.engine.layout import Layout
from tthc.engine.registry import BUILTIN_DIR, RULES_DIR_ENV, installed
from tthc.engine.rules import RuleError, load_rules


def test_the_methodology_in_force_on_a_period_end_is_the_default() -> None:
    table = installed()
    assert table.default_rule_set(date(2020, 12, 31)) == ("nd61-tt01", "dien-bien-1187")
    # qd766 is in force from 2022-08-01 beside nd61-tt01, and the default only from
    # 2025-07-01 (its `default_from`): the overlap keeps nd61-tt01.
    assert table.default_rule_set(date(2023, 3, 31)) == ("nd61-tt01", "dien-bien-1187")
    assert table.default_rule_set(date(2025, 6, 30)) == ("nd61-tt01", "dien-bien-1187")
    assert table.default_rule_set(date(2025, 7, 31)) == ("qd766", "national")
    assert load_rules("qd766", "national", date(2023, 3, 31)).in_force is True
    # Before nd61-tt01 came into force, nothing built in is.
    with pytest.raises(RuleError, match="không có phương pháp nào có hiệu lực"):
        table.default_rule_set(date(2018, 12, 31))


def test_rules_out_of_force_load_as_a_what_if() -> None:
    rules = load_rules("nd61-tt01", "dien-bien-1187", date(2026, 3, 31))
    assert rules.in_force is False
    assert load_rules("nd61-tt01", "dien-bien-1187", date(2020, 3, 31)).in_force is True


def test_a_profile_folder_in_tthc_rules_dir_adds_a_profile(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    profiles = tmp_path / "nd61-tt01" / "profiles"
    profiles.mkdir(parents=True)
    source = (BUILTIN_DIR / "nd61_tt01" / "profiles" / "dien-bien-1187.yaml").read_text(encoding="utf-8")
    (profiles / "tinh-moi.yaml").write_text(source.replace("id: dien-bien-1187", "id: tinh-moi"),
                                            encoding="utf-8")
    monkeypatch.setenv(RULES_DIR_ENV, str(tmp_path))
    assert [p.id for p in installed().profiles("nd61-tt01")] == ["dien-bien-1187", "tinh-moi"]
    assert load_rules("nd61-tt01", "tinh-moi", date(2020, 3, 31)).version == "nd61-tt01/tinh-moi@2019.2"


def test_a_subject_maximum_that_is_not_the_sum_of_its_indicators_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "nd61_tt01"
    shutil.copytree(BUILTIN_DIR / "nd61_tt01", copy)
    path = copy / "methodology.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("max_total: 18", "max_total: 20"),
                    encoding="utf-8")
    with pytest.raises(RuleError, match="tổng điểm tối đa của agency là 20"):
        load_rules("nd61-tt01", "dien-bien-1187", date(2020, 3, 31), tmp_path)


def test_a_layout_survives_its_stored_form() -> None:
    layout = Layout.of(load_rules("nd61-tt01", "dien-bien-1187", date(2020, 3, 31)))
    assert Layout.from_json(layout.as_json()) == layout
    assert [i.code for i in layout.agency.indicators] == [str(n) for n in range(1, 10)]
    assert layout.dossier_columns == ("1", "2", "3", "4", "6", "7")
    assert layout.agency.class_label("tot") == "Tốt"
