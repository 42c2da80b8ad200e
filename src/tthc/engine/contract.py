"""The public JSON of ``tthc score --json``: interchange.md §5 (format_version 1) and,
for a methodology reporting figures (the national index), §6 (format_version 2).

Field names and value shapes are a contract other systems depend on: change them only
with a new format_version.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .aggregate import NO_SOURCE, Figure, PeriodResult, SubjectScore
from .arithmetic import round_half_up
from .rules import Indicator

FORMAT_VERSION = 1


def _number(value: Decimal | None) -> float | None:
    # One decimal (points) or three (shares) survive a float exactly enough for JSON:
    # float(Decimal("14.1")) prints as 14.1.
    return None if value is None else float(value)


def _satisfaction(score: SubjectScore) -> dict[str, Any]:
    s = score.satisfaction
    return {"responses": s.trials, "rate": _number(s.rate), "low": _number(s.low),
            "high": _number(s.high)}


def period_json(result: PeriodResult) -> dict[str, Any]:
    rules = result.rules
    agencies = [
        {
            "unit": a.code,
            "dossiers": a.dossiers,
            "indicators": {n: _number(v) for n, v in a.indicators.items()},
            "total": _number(a.total),
            "class": a.class_code,
            "rank": a.rank,
            "satisfaction": _satisfaction(a),
        }
        for a in result.agencies
    ]
    officials = [
        {
            "official": o.code,
            "unit": o.unit_code,
            "dossiers": o.dossiers,
            "indicators": {n: _number(v) for n, v in o.indicators.items()},
            "total": _number(o.total),
            "class": o.class_code,
            "satisfaction": _satisfaction(o),
        }
        for o in sorted(result.officials, key=lambda o: o.code)
    ]
    return {
        "format_version": FORMAT_VERSION,
        "period": result.period.code,
        "method": rules.methodology.id,
        "profile": rules.profile.id,
        "rule_version": rules.version,
        "agencies": agencies,
        "officials": officials,
        "overdue_unfinished": [{"unit": u, "count": n}
                               for u, n in sorted(result.overdue_unfinished.items()) if n],
    }


# --- format_version 2: a methodology reporting figures (interchange.md §6) -------------

FIGURES_FORMAT_VERSION = 2
PERCENT_DECIMALS = 2


def percent(figure: Figure) -> Decimal | None:
    """The ratio in percent, half-up to two decimals (None: no figures, or nothing to
    divide by)."""
    exact = figure.ratio()
    return None if exact is None else round_half_up(exact * 100, PERCENT_DECIMALS)


def figure_json(figure: Figure) -> dict[str, Any]:
    """An indicator's figures as a run stores them (``SubjectScore.figures``)."""
    data: dict[str, Any] = {"n": figure.numerator, "d": figure.denominator, "source": figure.source}
    if figure.parts:
        data["parts"] = [list(part) for part in figure.parts]
    return data


def _metric(score: SubjectScore, spec: Indicator) -> dict[str, Any]:
    figure = score.figures.get(spec.code, _NONE)
    known = figure.known
    data: dict[str, Any] = {
        "numerator": figure.numerator if known else None,
        "denominator": figure.denominator if known else None,
        "ratio": _number(percent(figure)) if known else None,
        "points": _number(score.indicators.get(spec.code)) if known else None,
        "max": _number(spec.max_points),
        "source": figure.source,
    }
    if figure.parts and known:
        data["parts"] = {name: {"numerator": n, "denominator": d,
                                "ratio": _number(percent(Figure(n, d, figure.source)))}
                         for name, n, d in figure.parts}
    return data


def group_points(score: SubjectScore, result: PeriodResult) -> dict[str, dict[str, Any]]:
    """Each group's points (the sum of its known metrics' rounded points; None when none
    of them has figures, never 0), the points it leaves unknown, and its indicators."""
    methodology = result.rules.methodology
    specs = [methodology.indicators[code] for code in methodology.subjects[score.subject_type].indicators]
    found: dict[str, dict[str, Any]] = {}
    for group in methodology.groups.values():
        members = [spec for spec in specs if spec.group == group.code]
        known = [spec for spec in members if score.figures.get(spec.code, _NONE).known]
        values = [score.indicators.get(spec.code) for spec in known]
        found[group.code] = {
            "points": sum((v for v in values if v is not None), Decimal(0)) if known else None,
            "unknown": sum((spec.max_points for spec in members if spec not in known), Decimal(0)),
            "group": group, "indicators": members}
    return found


_NONE = Figure(None, None, NO_SOURCE)


def _groups(score: SubjectScore, result: PeriodResult) -> dict[str, Any]:
    return {code: {"points": _number(g["points"]), "max": _number(g["group"].max_points),
                   "unknown_points": _number(g["unknown"]),
                   "metrics": {spec.code: _metric(score, spec) for spec in g["indicators"]}}
            for code, g in group_points(score, result).items()}


def figures_json(result: PeriodResult) -> dict[str, Any]:
    """`tthc score --json` of a methodology reporting figures (format_version 2): every
    unit's groups, metrics with their figures and source, total, unknown points, class
    (None while points are unknown, unless the profile ranks on the known part), rank."""
    rules = result.rules
    units = [
        {
            "unit": a.code,
            "level": a.kind.value,
            "dossiers": a.dossiers,
            "groups": _groups(a, result),
            "total": _number(a.total),
            "unknown_points": _number(a.unknown_points),
            "class": a.band.code if a.band is not None else None,
            "rank": a.rank,
        }
        for a in result.agencies
    ]
    return {
        "format_version": FIGURES_FORMAT_VERSION,
        "period": result.period.code,
        "method": rules.methodology.id,
        "profile": rules.profile.id,
        "rule_version": rules.version,
        "units": units,
    }


def score_json(result: PeriodResult) -> dict[str, Any]:
    """The JSON of `tthc score --json`: format_version 2 for a methodology reporting
    figures, else format_version 1 (unchanged)."""
    return figures_json(result) if result.rules.methodology.figures else period_json(result)
