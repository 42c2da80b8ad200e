"""Demonstration portal figures (issue 12): the six answers the national portal would
publish for one month of the 2026 data set, written from that month's index as our
records give it, with small, deliberate differences for the reconciliation to show.

Synthetic and labelled so (the answers carry a note, their files are named
`minh-hoa-…`); seeded, so the same data set gives the same answers and importing them
again changes nothing. Nothing here names a metric: the differences are drawn among
whatever metrics the methodology computed, and the answers' shapes are the
methodology's (`tthc.methods.qd766.portal_answers`). What is drawn:

- a few units whose portal counts some dossiers more or fewer in one metric's numerator
  (points as the formula gives them);
- one unit whose published points do not follow from its published ratio;
- one metric with a temporary denominator, flagged as the portal flags it;
- one unit published without its code, under its name with the province's suffix, so
  that it is matched by name;
- the metrics the records cannot compute, filled with the portal's (synthetic) figures.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from typing import Any

from tthc.engine.aggregate import RECORDS, PeriodResult, SubjectScore
from tthc.engine.arithmetic import round_half_up
from tthc.engine.reconcile import PublishedFigure, formula_check
from tthc.methods.qd766.portal_answers import MetricFigures, UnitFigures, published_answers

MONTH = "2026-10"
PROVINCE = "UBND tỉnh Điện Biên"
SUFFIX = " - Tỉnh Điện Biên"
NOTE = "Dữ liệu minh họa: số liệu Cổng công bố giả lập từ bộ dữ liệu minh họa 2026, không phải số liệu thật"
FILE_PREFIX = "minh-hoa"
SHIFTED_UNITS = 4  # units whose portal counts a few dossiers differently
TEMPORARY = ("TEMPORARY_DENOMINATOR", "Mẫu số tạm tính, Cổng sẽ cập nhật sau khi đồng bộ đủ hồ sơ")


def _points(result: PeriodResult, code: str, numerator: int | None, denominator: int | None,
            maximum: Decimal) -> Decimal | None:
    """The points the portal would publish for a plain ratio: our formula's, or — a
    metric without one — the maximum times the ratio."""
    ratio = None if numerator is None or not denominator else Decimal(100 * numerator) / denominator
    check = formula_check(result.rules, code, PublishedFigure(numerator, denominator, ratio, None, maximum))
    if check is not None:
        return check.points
    if numerator is None or not denominator:
        return None
    return round_half_up(Fraction(maximum) * Fraction(numerator, denominator), 2)


def _from_records(result: PeriodResult, score: SubjectScore, code: str, maximum: Decimal) -> MetricFigures | None:
    figure = score.figures.get(code)
    if figure is None or figure.source != RECORDS:
        return None
    return MetricFigures(figure.numerator, figure.denominator, score.indicators.get(code), maximum, figure.parts)


def _synthetic(result: PeriodResult, code: str, maximum: Decimal, rng: random.Random) -> MetricFigures:
    """What the portal alone computes: most procedures published and updated on time."""
    denominator = rng.randint(8, 60)
    numerator = denominator - rng.choice((0, 0, 0, 1, 2, 4))
    return MetricFigures(numerator, denominator, _points(result, code, numerator, denominator, maximum), maximum)


def _plain(figures: MetricFigures, maximum: Decimal) -> bool:
    """A metric a few dossiers can move: a plain ratio over enough dossiers, with points."""
    return (not figures.parts and figures.points is not None and maximum > 0
            and figures.denominator is not None and figures.denominator >= 10)


def demo_units(result: PeriodResult, names: Mapping[str, str], *, seed: int) -> list[UnitFigures]:
    """Every unit of the month as the portal publishes it, with the differences drawn."""
    rng = random.Random(seed)
    specs = result.rules.methodology.indicators
    subject = result.rules.methodology.subjects["agency"]
    units: list[tuple[SubjectScore, dict[str, MetricFigures]]] = []
    recorded: list[set[str]] = []  # per unit, the metrics from our records (those a shift shows)
    for score in sorted(result.agencies, key=lambda s: s.code):
        metrics = {}
        for code in subject.indicators:
            maximum = specs[code].max_points
            found = _from_records(result, score, code, maximum)
            metrics[code] = found or _synthetic(result, code, maximum, rng)
        units.append((score, metrics))
        recorded.append({code for code in metrics if score.figures.get(code) is not None
                         and score.figures[code].source == RECORDS})
    busy = [i for i, (score, metrics) in enumerate(units)
            if any(_plain(m, m.maximum) for c, m in metrics.items() if c in recorded[i])]
    # The one inconsistent point and the one flag first, so that even a small data set
    # shows them; then the shifted numerators.
    chosen = rng.sample(busy, min(len(busy), SHIFTED_UNITS + 2))
    for i, change in zip(chosen, (_inconsistent, _temporary), strict=False):
        change(result, units[i][1], recorded[i], rng)
    for i in chosen[2:]:
        _shift(result, units[i][1], recorded[i], rng)
    agencies = [i for i, (score, _) in enumerate(units) if score.kind.value == "province_agency"]
    by_name = rng.choice(agencies) if agencies else None
    return [UnitFigures("" if i == by_name else score.code,
                        names.get(score.code, score.code) + (SUFFIX if score.kind.value == "province_agency" else ""),
                        score.kind.value, metrics)
            for i, (score, metrics) in enumerate(units)]


def _pick(metrics: dict[str, MetricFigures], among: set[str], rng: random.Random) -> str:
    """A metric of our records a few dossiers can move, the heavier ones likelier: a
    difference worth explaining."""
    codes = sorted(code for code, m in metrics.items() if code in among and _plain(m, m.maximum))
    return rng.choices(codes, weights=[float(metrics[code].maximum) for code in codes])[0]


def _shift(result: PeriodResult, metrics: dict[str, MetricFigures], among: set[str],
           rng: random.Random) -> None:
    code = _pick(metrics, among, rng)
    m = metrics[code]
    assert m.numerator is not None and m.denominator is not None
    # One to three dossiers, fewer or more — fewer where more would pass the denominator.
    step = rng.randint(1, 3)
    down = m.numerator + step > m.denominator or (m.numerator >= step and rng.random() < 0.5)
    numerator = m.numerator - step if down else m.numerator + step
    metrics[code] = replace(m, numerator=numerator,
                            points=_points(result, code, numerator, m.denominator, m.maximum))


def _inconsistent(result: PeriodResult, metrics: dict[str, MetricFigures], among: set[str],
                  rng: random.Random) -> None:
    code = _pick(metrics, among, rng)
    m = metrics[code]
    assert m.points is not None
    off = Decimal("0.50")
    metrics[code] = replace(m, points=m.points - off if m.points >= off else m.points + off)


def _temporary(result: PeriodResult, metrics: dict[str, MetricFigures], among: set[str],
               rng: random.Random) -> None:
    code = _pick(metrics, among, rng)
    m = metrics[code]
    assert m.denominator is not None
    denominator = m.denominator + rng.randint(2, 6)
    metrics[code] = replace(m, denominator=denominator, quality=TEMPORARY,
                            points=_points(result, code, m.numerator, denominator, m.maximum))


def demo_answers(result: PeriodResult, names: Mapping[str, str], *, seed: int) -> dict[str, dict[str, Any]]:
    """The six answers (file name → JSON document) for the month of `result`."""
    answers = published_answers(result.rules, demo_units(result, names, seed=seed), province=PROVINCE, note=NOTE)
    return {f"{FILE_PREFIX}-{result.period.code}-{name}.json": document for name, document in answers.items()}
