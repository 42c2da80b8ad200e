"""Totals with unknown points (a methodology reporting figures, the national index):
the total holds the known points, the subject is neither classed nor ranked while any
points are unknown, unless the profile says to rank on the known part."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from tthc.engine.aggregate import NO_SOURCE, RECORDS, Figure, SubjectScore, Tally, rank_levels, subject_score
from tthc.engine.facts import UnitKind
from tthc.engine.rules import UNCLASSED, RuleSet, load_rules

RULES = load_rules("qd766", "national", date(2026, 9, 30))
CODES = RULES.methodology.subjects["agency"].indicators


def _score(code: str, known: dict[str, str], rules: RuleSet = RULES,
           kind: UnitKind = UnitKind.COMMUNE) -> SubjectScore:
    """A unit whose metrics in `known` have these points (figures from the records) and
    whose other metrics have no figures."""
    values = {c: Decimal(known[c]) if c in known else None for c in CODES}
    figures = {c: Figure(1, 1, RECORDS) if c in known else Figure(None, None, NO_SOURCE) for c in CODES}
    return subject_score(subject_type="agency", code=code, unit_code=code, kind=kind, tally=Tally(),
                         values=values, rules=rules, evidence={}, figures=figures)


def _all_known(points: str) -> dict[str, str]:
    """Every metric known: ON_TIME carries `points`, the others 0."""
    return {c: (points if c == "ON_TIME" else "0") for c in CODES}


def test_unknown_points_leave_the_class_and_rank_empty() -> None:
    score = _score("XA", {"ON_TIME": "18.30", "DOSSIER_SYNC": "6.00"})
    assert score.total == Decimal("24.30")
    # Every metric's maximum but the two known ones: 100 − 20 − 6.
    assert score.unknown_points == Decimal(74)
    assert score.band is None and score.class_code == UNCLASSED
    assert "chưa có số liệu" in score.class_label_vi
    ranked = rank_levels([score, _score("XB", _all_known("20"))], ["commune"])
    assert {s.code: s.rank for s in ranked} == {"XB": 1, "XA": None}
    assert [s.code for s in ranked] == ["XB", "XA"]  # unranked last


@pytest.mark.parametrize(("total", "band"), [("90", "xuat_sac"), ("89.99", "tot"), ("80", "tot"),
                                             ("79.99", "kha"), ("70", "kha"), ("50", "trung_binh"),
                                             ("49.99", "yeu")])
def test_a_unit_whose_points_are_all_known_is_classed_on_the_bands(total: str, band: str) -> None:
    score = subject_score(
        subject_type="agency", code="XA", unit_code="XA", kind=UnitKind.COMMUNE, tally=Tally(),
        values={c: Decimal(total) if c == "ON_TIME" else Decimal(0) for c in CODES}, rules=RULES,
        evidence={}, figures={c: Figure(1, 1, RECORDS) for c in CODES})
    assert score.unknown_points == 0 and score.class_code == band


def test_a_profile_may_rank_on_the_known_part() -> None:
    rules = dataclasses.replace(RULES, rank_known_part=True)
    scores = [_score("XA", {"ON_TIME": "18.30"}, rules), _score("XB", {"ON_TIME": "18.30"}, rules),
              _score("XC", {"ON_TIME": "12.00"}, rules),
              _score("SA", {"ON_TIME": "1.00"}, rules, UnitKind.PROVINCE_AGENCY)]
    ranked = {s.code: s for s in rank_levels(scores, ["province_agency", "commune"])}
    # Ties share a rank; each level is ranked apart.
    assert {code: s.rank for code, s in ranked.items()} == {"XA": 1, "XB": 1, "XC": 3, "SA": 1}
    # Classed on the known points (here far below every band but the lowest).
    assert ranked["XA"].class_code == "yeu" and ranked["XA"].unknown_points == Decimal(80)


def test_the_national_profile_does_not_rank_on_the_known_part() -> None:
    assert RULES.rank_known_part is False
    assert RULES.snapshot["ranking.known_part"] is False
