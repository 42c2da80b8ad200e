"""The petition deadlines come from the rule data, dated, as of the day of receipt."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core import checks
from petition_world import World, at

from tthc.audit.models import AuditEntry
from tthc.engine import registry
from tthc.engine.registry import BUILTIN_DIR, RULES_DIR_ENV
from tthc.engine.rules import RuleError
from tthc.petitions.deadlines import (
    ANSWER_WORKING_DAYS,
    DEFAULT_ANSWER_WORKING_DAYS,
    DEFAULT_PROLONGED_AFTER_DAYS,
    PROLONGED_AFTER_DAYS,
    PetitionDeadlines,
    petition_deadlines,
)
from tthc.petitions.models import Petition
from tthc.petitions.services import Actor, petition_answer_due, petition_submit, petitions_mark_prolonged

BUILTIN_PROFILE = BUILTIN_DIR / "nd61_tt01" / "profiles" / "dien-bien-1187.yaml"
Edit = Callable[[dict[str, Any]], None]


@pytest.fixture
def rules_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A TTHC_RULES_DIR whose copy of dien-bien-1187 replaces the built-in one."""
    (tmp_path / "nd61-tt01" / "profiles").mkdir(parents=True)
    shutil.copy(BUILTIN_PROFILE, tmp_path / "nd61-tt01" / "profiles" / "dien-bien-1187.yaml")
    monkeypatch.setenv(RULES_DIR_ENV, str(tmp_path))
    return tmp_path


def _edit(path: Path, edit: Edit) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    # The registry notices a change by size and modification time: make sure of the latter.
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


def _profile(rules_dir: Path) -> Path:
    return rules_dir / "nd61-tt01" / "profiles" / "dien-bien-1187.yaml"


def _add(name: str, start: date, value: object) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        data["parameters"][name]["values"].append({"from": start, "value": value})
    return edit


def test_the_built_in_profile_sets_15_working_days_and_30_days() -> None:
    expected = PetitionDeadlines(answer_working_days=15, prolonged_after_days=30)
    assert petition_deadlines(date(2020, 3, 2)) == expected
    # After nd61-tt01 ended (2025-06-30) its last values still hold.
    assert petition_deadlines(date(2026, 2, 12)) == expected


@pytest.mark.django_db
def test_a_dated_change_gives_the_new_due_date_from_its_date_on(rules_dir: Path) -> None:
    _edit(_profile(rules_dir), _add(ANSWER_WORKING_DAYS, date(2021, 1, 1), 10))
    # Received Thursday 31/12/2020: 15 working days (1/1 is a holiday) → Friday 22/01.
    assert petition_answer_due(received_at=at("2020-12-31 10:00")) == at("2021-01-22 17:00")
    # Received Monday 04/01/2021: 10 working days → Monday 18/01.
    assert petition_answer_due(received_at=at("2021-01-04 10:00")) == at("2021-01-18 17:00")
    # Given explicitly, the number wins over the rule data.
    assert petition_answer_due(received_at=at("2021-01-04 10:00"), working_days=15) == at("2021-01-25 17:00")


@pytest.mark.django_db
def test_after_nd61_ended_a_submitted_petition_takes_the_last_value_set(world: World, rules_dir: Path) -> None:
    _edit(_profile(rules_dir), _add(ANSWER_WORKING_DAYS, date(2026, 3, 1), 10))
    web = Actor("web:test")
    before = petition_submit(unit_code="STP", content="Hẹn trả nhiều lần.", actor=web,
                             received_at=at("2026-02-12 10:00"))
    after = petition_submit(unit_code="STP", content="Hẹn trả nhiều lần.", actor=web,
                            received_at=at("2026-03-02 09:00"))
    assert before.answer_due_at == at("2026-03-12 17:00")  # 15 working days, Tết excluded
    assert after.answer_due_at == at("2026-03-16 17:00")  # 10 working days


@pytest.mark.django_db
def test_each_petition_is_marked_dragged_on_under_its_own_limit(world: World, rules_dir: Path) -> None:
    _edit(_profile(rules_dir), _add(PROLONGED_AFTER_DAYS, date(2026, 3, 1), 7))
    web = Actor("web:test")
    older = petition_submit(unit_code="STP", content="Phản ánh thứ nhất.", actor=web,
                            received_at=at("2026-02-12 10:00"))  # due 12/03, 30 days
    newer = petition_submit(unit_code="STP", content="Phản ánh thứ hai.", actor=web,
                            received_at=at("2026-03-02 09:00"))  # due 23/03, 7 days
    assert newer.answer_due_at == at("2026-03-23 17:00")
    assert petitions_mark_prolonged(now=newer.answer_due_at + timedelta(days=7)) == []
    assert petitions_mark_prolonged(now=newer.answer_due_at + timedelta(days=7, minutes=1)) == [newer.code]
    assert Petition.objects.get(pk=older.pk).prolonged is False  # 18 days past due, not 30
    assert petitions_mark_prolonged(now=older.answer_due_at + timedelta(days=30, minutes=1)) == [older.code]
    reasons = dict(AuditEntry.objects.filter(action="petition_mark_prolonged").values_list("object_key", "reason"))
    assert reasons == {newer.code: "Chưa trả lời sau hạn quá 7 ngày / unanswered 7 days past due",
                       older.code: "Chưa trả lời sau hạn quá 30 ngày / unanswered 30 days past due"}


def test_without_the_parameters_the_legal_default_applies(rules_dir: Path) -> None:
    def drop(data: dict[str, Any]) -> None:
        del data["parameters"][ANSWER_WORKING_DAYS], data["parameters"][PROLONGED_AFTER_DAYS]

    _edit(_profile(rules_dir), drop)
    assert petition_deadlines(date(2020, 3, 2)) == PetitionDeadlines(DEFAULT_ANSWER_WORKING_DAYS,
                                                                     DEFAULT_PROLONGED_AFTER_DAYS)


def test_rules_do_not_reach_back_before_they_exist(rules_dir: Path) -> None:
    def ten_from_the_start(data: dict[str, Any]) -> None:
        data["parameters"][ANSWER_WORKING_DAYS]["values"] = [{"from": date(2019, 1, 6), "value": 10}]

    _edit(_profile(rules_dir), ten_from_the_start)
    assert petition_deadlines(date(2019, 1, 6)).answer_working_days == 10
    # nd61-tt01 came into force on 06/01/2019: before that, the default.
    assert petition_deadlines(date(2019, 1, 5)).answer_working_days == DEFAULT_ANSWER_WORKING_DAYS


def test_a_successor_without_the_parameter_leaves_the_last_value_in_place(rules_dir: Path) -> None:
    # A further methodology in force from 01/01/2026 (the nd61 computation, other dates),
    # after qd766 (which sets no petition deadline) became the default on 01/07/2025.
    successor = rules_dir / "ke_tiep"
    (successor / "profiles").mkdir(parents=True)
    method = (BUILTIN_DIR / "nd61_tt01" / "methodology.yaml").read_text(encoding="utf-8")
    (successor / "methodology.yaml").write_text(
        method.replace("id: nd61-tt01", "id: ke-tiep")
        .replace("in_force: {from: 2019-01-06, to: 2025-06-30}", "in_force: {from: 2026-01-01}")
        .replace("default_profile: dien-bien-1187", "default_profile: tinh-moi"), encoding="utf-8")

    def successor_profile(data: dict[str, Any]) -> None:
        data["id"], data["methodology"] = "tinh-moi", "ke-tiep"
        del data["parameters"][ANSWER_WORKING_DAYS]
        data["parameters"][PROLONGED_AFTER_DAYS]["values"] = [{"from": date(2026, 1, 1), "value": 45}]

    (successor / "profiles" / "tinh-moi.yaml").write_bytes(BUILTIN_PROFILE.read_bytes())
    _edit(successor / "profiles" / "tinh-moi.yaml", successor_profile)
    _edit(_profile(rules_dir), _add(ANSWER_WORKING_DAYS, date(2024, 1, 1), 12))
    assert registry.installed().default_rule_set(date(2026, 1, 5)) == ("ke-tiep", "tinh-moi")
    # The successor sets the dragged-on limit; the answer deadline is still nd61's last.
    assert petition_deadlines(date(2026, 1, 5)) == PetitionDeadlines(12, 45)
    assert petition_deadlines(date(2025, 6, 30)) == PetitionDeadlines(12, 30)
    assert petition_deadlines(date(2025, 12, 31)) == PetitionDeadlines(12, 30)  # under qd766


@pytest.mark.parametrize("value", ["mười lăm", 0, -1, True, 1.5])
def test_a_wrong_value_is_refused(rules_dir: Path, value: object) -> None:
    _edit(_profile(rules_dir), _add(ANSWER_WORKING_DAYS, date(2021, 1, 1), value))
    assert petition_deadlines(date(2020, 12, 31)).answer_working_days == 15
    with pytest.raises(RuleError, match=r"petitions\.answer_working_days phải là số nguyên từ 1"):
        petition_deadlines(date(2021, 1, 4))


def test_a_bulk_of_days_reads_the_profile_once_and_follows_its_edits(
        rules_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[Path] = []
    real = registry.parse_profile

    def counting(path: Path, method_id: str) -> Any:
        parsed.append(path)
        return real(path, method_id)

    monkeypatch.setattr(registry, "parse_profile", counting)
    resolved = len(registry._RESOLVED)
    days = [date(2020, 1, 1) + timedelta(days=n) for n in range(1000)]
    assert {petition_deadlines(day).answer_working_days for day in days} == {15}
    assert parsed == [_profile(rules_dir)]
    assert len(registry._RESOLVED) == resolved  # no whole rule set resolved per day
    _edit(_profile(rules_dir), _add(ANSWER_WORKING_DAYS, date(2021, 1, 1), 20))
    assert petition_deadlines(date(2021, 6, 1)).answer_working_days == 20
    assert petition_deadlines(date(2020, 6, 1)).answer_working_days == 15
    assert len(parsed) == 2


def test_the_old_environment_variables_are_reported_as_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TTHC_PETITION_PROLONGED_AFTER_DAYS", raising=False)
    monkeypatch.setenv("TTHC_PETITION_ANSWER_WORKING_DAYS", "10")
    [warning] = [m for m in checks.run_checks() if m.id == "tthc.petitions.W001"]
    assert "TTHC_PETITION_ANSWER_WORKING_DAYS không còn được dùng" in warning.msg
    assert "petitions.answer_working_days" in warning.hint
