"""Which rule set a scoring command gets for what it names (`scoring.rule_sets.asked`).

Found in review: `tthc score --method qd766` without `--profile` scored the period's own
rule set instead of the methodology asked for.
"""

from __future__ import annotations

import pytest

from tthc.engine.registry import installed
from tthc.engine.rules import RuleError
from tthc.scoring import rule_sets


def test_a_methodology_named_alone_gets_its_own_default_profile() -> None:
    for method in ("qd766", "nd61-tt01"):
        assert rule_sets.asked("2026-09", method, None) == (method, installed().default_profile(method))


def test_nothing_named_is_the_periods_own_rule_set() -> None:
    assert rule_sets.asked("2020-Q1", None, None) == rule_sets.for_period("2020-Q1")
    assert rule_sets.asked("2026-09", None, None) == rule_sets.for_period("2026-09")
    assert rule_sets.for_period("2020-Q1")[0] != rule_sets.for_period("2026-09")[0]


def test_a_profile_named_alone_belongs_to_the_periods_methodology() -> None:
    method, _ = rule_sets.for_period("2020-Q1")
    assert rule_sets.asked("2020-Q1", None, "tinh-khac") == (method, "tinh-khac")


def test_an_unknown_methodology_is_a_clear_refusal() -> None:
    with pytest.raises(RuleError, match="không tìm thấy phương pháp khong-co"):
        rule_sets.asked("2026-09", "khong-co", None)
