"""The six published answers written in the portal's own shapes (methodology-qd766 §5)
from per-unit, per-metric figures — the inverse of reading them. What the demonstration
data set imports through the real importer (`tthc.demo.portal_figures`): which metric
goes in which answer, and under which keys, is the portal's, so it lives here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from tthc.engine.arithmetic import round_half_up
from tthc.engine.rules import RuleSet

from .portal import ANSWERS, PAYMENT_PARTS, RATIO_ONLY, SHAPE_A, Answer

LEVELS = {"province_agency": "PROVINCE", "commune": "COMMUNE"}
TYPES = {"province_agency": "PROVINCIAL_DEPARTMENT", "commune": "COMMUNE"}


@dataclass(frozen=True, slots=True)
class MetricFigures:
    numerator: int | None
    denominator: int | None
    points: Decimal | None
    maximum: Decimal
    parts: tuple[tuple[str, int, int], ...] = ()  # online payment's A, B, C
    quality: tuple[str, str] | None = None  # dataQualityStatus, dataQualityMessage


@dataclass(frozen=True, slots=True)
class UnitFigures:
    code: str  # departmentCode; "" to leave it out (then matched by name)
    name: str
    kind: str  # our unit kind: province_agency, commune
    metrics: Mapping[str, MetricFigures] = field(default_factory=dict)


def percent(numerator: int | None, denominator: int | None) -> float | None:
    if numerator is None or denominator is None:
        return None
    return float(round_half_up(Fraction(100 * numerator, denominator), 2)) if denominator else 0.0


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _sum(values: Sequence[Decimal | None]) -> float | None:
    known = [v for v in values if v is not None]
    return float(sum(known, Decimal(0))) if known else None


def _identity(unit: UnitFigures, index: int, level_key: str) -> dict[str, Any]:
    found: dict[str, Any] = {"departmentId": f"minh-hoa-{index:04d}", "departmentName": unit.name}
    if unit.code:
        found["departmentCode"] = unit.code
    found[level_key] = LEVELS.get(unit.kind, unit.kind.upper())
    return found


def _metric_a(rules: RuleSet, code: str, figures: MetricFigures) -> dict[str, Any]:
    ratio_only = code in RATIO_ONLY
    ratio = percent(figures.numerator, figures.denominator)
    found: dict[str, Any] = {
        "code": code, "name": rules.methodology.indicators[code].name_vi,
        "numerator": None if ratio_only else figures.numerator,
        "denominator": None if ratio_only else figures.denominator,
        "ratio": ratio, "score": _number(figures.points), "maxScore": _number(figures.maximum)}
    if figures.quality is not None:
        found["dataQualityStatus"], found["dataQualityMessage"] = figures.quality
    return found


def _shape_a(rules: RuleSet, answer: Answer, units: Sequence[UnitFigures], province: str) -> dict[str, Any]:
    group = rules.methodology.groups[answer.group]
    evaluation = []
    for index, unit in enumerate(units, start=1):
        codes = [c for c, spec in rules.methodology.indicators.items() if spec.group == answer.group
                 and c in unit.metrics]
        metrics = [_metric_a(rules, code, unit.metrics[code]) for code in codes]
        total = _sum([unit.metrics[c].points for c in codes])
        evaluation.append({"stt": index, **_identity(unit, index, "departmentLevel"),
                           "departmentType": TYPES.get(unit.kind, unit.kind.upper()),
                           "totalScore": total, "totalMaxScore": float(group.max_points),
                           "ratio": None if total is None else round(100 * total / float(group.max_points), 2),
                           "scoreDelta": None, "metrics": metrics})
    return {"code": "OK", "data": {"overview": {"departmentName": province, "departmentLevel": "PROVINCE",
                                                "metrics": []}, "evaluation": evaluation}}


def _counts_b(answer: Answer, figures: MetricFigures) -> dict[str, Any]:
    """A shape-B unit's counts: the answer's own keys for its numerator and denominator,
    online payment's sub-ratios, or — online services, whose counts combine in a way
    not known — the procedures offered online, partly or fully."""
    n, d = figures.numerator, figures.denominator
    if answer.numerator and answer.denominator:
        return {answer.denominator: d, answer.numerator: n,
                "totalOverdue": None if n is None or d is None else d - n}
    if figures.parts:
        parts = {name: (num, den) for name, num, den in figures.parts}
        found: dict[str, Any] = {}
        for name, numerator_key, denominator_key in PAYMENT_PARTS:
            num, den = parts[name]
            found[numerator_key], found[denominator_key] = num, den
        return found
    full = None if n is None else n // 2
    return {"authorityCount": d, "fullCount": full, "partialCount": None if n is None or full is None else n - full}


def _shape_b(rules: RuleSet, answer: Answer, units: Sequence[UnitFigures], province: str) -> dict[str, Any]:
    assert answer.metric is not None
    children = []
    for index, unit in enumerate(units, start=1):
        figures = unit.metrics.get(answer.metric)
        if figures is None:
            continue
        ratio = (percent(*figures.parts[0][1:]) if figures.parts
                 else percent(figures.numerator, figures.denominator))
        child = {**_identity(unit, index, "level"), **_counts_b(answer, figures), "ratio": ratio,
                 "score": _number(figures.points), "maxScore": _number(figures.maximum), "scoreDelta": None}
        if figures.quality is not None:
            child["dataQualityStatus"], child["dataQualityMessage"] = figures.quality
        children.append(child)
    return {"code": "OK", "data": {"parent": {"departmentName": province}, "children": children}}


def published_answers(rules: RuleSet, units: Sequence[UnitFigures], *, province: str,
                      note: str | None = None) -> dict[str, dict[str, Any]]:
    """The six answers (answer name → JSON document) publishing `units`; `note`, when
    given, is kept at the top of each (a key the portal does not send: kept raw)."""
    found = {}
    for name, answer in ANSWERS.items():
        build = _shape_a if answer.shape == SHAPE_A else _shape_b
        document = build(rules, answer, units, province)
        found[name] = {"note": note, **document} if note else document
    return found
