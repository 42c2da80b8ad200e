"""Month-by-month trends of an index of ratios (the national index, qd766): the province's
levels on the overview, one unit's groups on its page, across the 2025 reform.

Read from what the runs stored (`SubjectScore`, `Appraisal`), never rescored, in a fixed
number of queries whatever the number of months. Unknown points stay unknown (None),
never 0. Before a unit existed (its `valid_from`), its months come from its
predecessors' runs, combined by our default (`COMBINATION_VI`); a month scored only under
another methodology (nd61-tt01 before 2025-07-01) is listed apart, on its own scale,
never mixed into the index's line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext_lazy

from tthc.engine.appraisal import appraised_indicators, indicator_total
from tthc.engine.layout import Layout
from tthc.engine.periods import Period as Span
from tthc.evaluation import index as index_of_ratios
from tthc.evaluation.models import Appraisal
from tthc.evaluation.services import Key
from tthc.organisation.models import Unit
from tthc.organisation.selectors import predecessors_of
from tthc.scoring import rule_sets
from tthc.scoring.models import PeriodState, ScoringRun, SubjectScore, SubjectType
from tthc.scoring.selectors import at_decimals, layout_of, period_label
from tthc.site import names as in_language

# How many calendar months a trend covers, the asked one last: two years, so that a
# month of 2026 still shows the months before the reform of 2025-07-01.
TREND_MONTHS = 24
_CENT = Decimal("0.01")

# Our default for a month before a unit existed, shown on its page. Each metric is the
# mean of its predecessors' points weighted by the dossiers each scored that month (a
# commune of 900 dossiers weighs nine times one of 100), over the predecessors where the
# metric is known; a metric unknown in all of them stays unknown. When none of them
# scored a dossier, a plain mean. Groups and the total add the combined metrics up as
# the index does.
COMBINATION_VI = gettext_lazy("bình quân gia quyền theo số hồ sơ được chấm của từng đơn vị, từng chỉ số "
                              "(chỉ các đơn vị có số liệu của chỉ số đó)")


def _months(code: str) -> list[str]:
    """The TREND_MONTHS calendar months up to the last month of the period `code`, oldest
    first."""
    end = Span.parse(code).end
    out = []
    year, month = end.year, end.month
    for _ in range(TREND_MONTHS):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


@dataclass
class _Score:
    """One unit's stored score in one run, with the appraised points in place."""

    run: ScoringRun
    unit_id: int
    kind: str
    dossiers: int
    values: dict[str, Decimal | None]
    figures: dict[str, Any]
    total: Decimal | None
    unknown: Decimal

    @property
    def layout(self) -> Layout:
        return layout_of(self.run)

    def row(self) -> dict[str, Any]:
        """The shape `evaluation.index.groups` reads."""
        specs = self.layout.agency.indicators
        return {"indicators": [self.values.get(spec.code) for spec in specs], "figures": self.figures}


def _current_runs(codes: Iterable[str]) -> dict[tuple[str, str, str], ScoringRun]:
    """(period, method, profile) → the current run, for the periods `codes` (one query)."""
    runs: dict[tuple[str, str, str], ScoringRun] = {}
    for run in (ScoringRun.objects.filter(period__code__in=list(codes), is_current=True)
                .select_related("period").order_by("-computed_at", "-id")):
        runs.setdefault((run.period.code, run.method, run.profile), run)
    return runs


def _scores(runs: list[ScoringRun], unit_ids: list[int] | None = None) -> list[_Score]:
    """The agencies' stored scores of `runs` (or of `unit_ids` only), each with its
    appraisal applied: two queries. A unit with nothing scored has no total."""
    if not runs:
        return []
    by_id = {run.pk: run for run in runs}
    scores = SubjectScore.objects.filter(run_id__in=list(by_id), subject_type=SubjectType.AGENCY)
    appraisals = Appraisal.objects.filter(period_id__in={run.period_id for run in runs})
    if unit_ids is not None:
        scores, appraisals = scores.filter(unit_id__in=unit_ids), appraisals.filter(unit_id__in=unit_ids)
    changes: dict[tuple[int, str, str, int], dict[str, Decimal]] = {}
    for period_id, method, profile, unit_id, code, points in appraisals.values_list(
            "period_id", "method", "profile", "unit_id", "indicator", "points"):
        changes.setdefault((period_id, method, profile, unit_id), {})[str(code)] = points
    found = []
    for run_id, unit_id, kind, dossiers, total, values, figures, unknown in scores.values_list(
            "run_id", "unit_id", "unit__kind", "dossiers", "total", "values", "figures",
            "unknown_points"):
        run = by_id[run_id]
        layout = layout_of(run)
        own = {spec.code: None if values.get(spec.code) is None
               else at_decimals(Decimal(str(values[spec.code])), spec.decimals)
               for spec in layout.agency.indicators}
        change = changes.get((run.period_id, run.method, run.profile, unit_id), {})
        final = appraised_indicators(own, {c: p for c, p in change.items() if c in own})
        if total is not None and change:
            total = indicator_total(final)
        found.append(_Score(run, unit_id, kind, dossiers, final, figures or {},
                            at_decimals(total, layout.total_decimals), unknown or Decimal(0)))
    return found


def _provisional(run: ScoringRun) -> bool:
    return run.period.state != PeriodState.LOCKED or not run.period.is_published_for(
        run.method, run.profile)


def _mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(_CENT, ROUND_HALF_UP)


def _other_months(key: Key, codes: list[str], runs: dict[tuple[str, str, str], ScoringRun],
                  ) -> list[tuple[str, ScoringRun]]:
    """The months without a run under the key's rule set but with one under another: the
    period's own rule set first (nd61-tt01 before 2025-07-01), else any."""
    mine = {code for code, method, profile in runs if (method, profile) == (key.method, key.profile)}
    out = []
    for code in codes:
        if code in mine:
            continue
        own = runs.get((code, *rule_sets.for_period(code)))
        other = own or next((run for (c, _m, _p), run in sorted(runs.items()) if c == code), None)
        if other is not None:
            out.append((code, other))
    return out


# --- The province overview --------------------------------------------------------------


def province_months(key: Key, results: dict[str, Any], level: str) -> dict[str, Any]:
    """Each level's mean total (of the known points, after appraisal) and mean points
    still unknown, month by month over TREND_MONTHS months up to `key.period`, with the
    number of units averaged; and the months scored only under another methodology."""
    codes = _months(key.period)
    runs = _current_runs(codes)
    mine = [runs[(code, key.method, key.profile)] for code in codes
            if (code, key.method, key.profile) in runs]
    kinds = [(lv["kind"], lv["label"]) for lv in results["levels"] if level in ("all", lv["kind"])]
    by_month: dict[tuple[str, str], list[_Score]] = {}
    for score in _scores(mine):
        if score.total is not None:
            by_month.setdefault((score.run.period.code, score.kind), []).append(score)
    months = []
    for run in mine:
        code = run.period.code
        cells = []
        for kind, _label in kinds:
            found = by_month.get((code, kind), [])
            cells.append({"mean": _mean([s.total for s in found if s.total is not None]),
                          "unknown": _mean([s.unknown for s in found]),
                          "units": len(found)})
        months.append({"code": code, "label": period_label(code), "provisional": _provisional(run),
                       "cells": cells})
    layout: Layout = results["layout"]
    return {
        "levels": [{"kind": kind, "label": label} for kind, label in kinds],
        "months": months,
        "other": _other_rows(_other_months(key, codes, runs)),
        "chart": {
            "categories": [m["label"] for m in months],
            "series": [{"name": label, "values": [_number(m["cells"][i]["mean"]) for m in months]}
                       for i, (_kind, label) in enumerate(kinds)],
            "max": _number(layout.agency.max_total),
        },
    }


def _other_rows(found: list[tuple[str, ScoringRun]]) -> list[dict[str, Any]]:
    return [{"code": code, "label": period_label(code), "method": run.method,
             "profile": run.profile, "max_total": layout_of(run).agency.max_total,
             "decimals": layout_of(run).total_decimals} for code, run in found]


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


# --- One unit ---------------------------------------------------------------------------


def _weighted(points: list[tuple[Decimal, int]]) -> Decimal:
    """COMBINATION_VI: the dossier-weighted mean of (points, dossiers), a plain mean
    when no unit scored a dossier; half-up to two decimals."""
    weight = sum(w for _p, w in points)
    if weight:
        value = sum((p * w for p, w in points), Decimal(0)) / weight
    else:
        value = sum((p for p, _w in points), Decimal(0)) / len(points)
    return value.quantize(_CENT, ROUND_HALF_UP)


def combined_row(layout: Layout, scores: list[_Score]) -> dict[str, Any]:
    """Predecessors' scores of one month as one row (`evaluation.index.groups` reads it):
    each metric by COMBINATION_VI; a metric known in none of them has no source."""
    values: list[Decimal | None] = []
    figures: dict[str, Any] = {}
    for spec in layout.agency.indicators:
        known = [s for s in scores if not index_of_ratios.is_unknown(s.layout, s.figures, spec.code)]
        points = [(s.values[spec.code], s.dossiers) for s in known
                  if s.values.get(spec.code) is not None]
        values.append(_weighted(points) if points else None)  # type: ignore[arg-type]
        figures[spec.code] = {"source": "combined" if known else index_of_ratios.NO_SOURCE}
    return {"indicators": values, "figures": figures}


def unit_months(key: Key, unit: Unit) -> dict[str, Any]:
    """The unit's total and groups month by month up to `key.period` under the key's rule
    set; before the unit existed, its predecessors' combined (COMBINATION_VI, named);
    and apart, the months scored only under another methodology, each on its own scale."""
    codes = _months(key.period)
    runs = _current_runs(codes)
    mine = {code: runs[(code, key.method, key.profile)] for code in codes
            if (code, key.method, key.profile) in runs}
    others = _other_months(key, codes, runs)
    before = predecessors_of(unit)
    names = {u.pk: u.name for u in before}
    scores: dict[tuple[int, int], _Score] = {}
    for score in _scores([*mine.values(), *(run for _c, run in others)], [unit.pk, *names]):
        scores[(score.run.pk, score.unit_id)] = score
    start = unit.valid_from

    def found_in(run: ScoringRun) -> tuple[_Score | None, list[_Score]]:
        own = scores.get((run.pk, unit.pk))
        if own is not None or start is None or Span.parse(run.period.code).end >= start:
            return own, []
        return None, [s for (run_id, unit_id), s in sorted(scores.items())
                      if run_id == run.pk and unit_id != unit.pk and s.total is not None]

    current = layout_of(next(reversed(mine.values()))) if mine else None
    months, used = [], set()
    for code, run in mine.items():
        own, earlier = found_in(run)
        if own is None and not earlier:
            continue
        layout = layout_of(run)
        row = own.row() if own is not None else combined_row(layout, earlier)
        groups = index_of_ratios.groups(layout, row)
        known = [g["points"] for g in groups if g["points"] is not None]
        used.update(s.unit_id for s in earlier)
        months.append({
            "code": code, "label": period_label(code), "provisional": _provisional(run),
            "groups": groups, "from": sorted(names[s.unit_id] for s in earlier),
            "total": sum(known, Decimal(0)).quantize(_CENT) if known else None,
            "unknown": sum((g["unknown"] for g in groups), Decimal(0)),
        })
    other = []
    for row in _other_rows(others):
        run = runs[(row["code"], row["method"], row["profile"])]
        own, earlier = found_in(run)
        if own is None and not earlier:
            continue
        used.update(s.unit_id for s in earlier)
        total = own.total if own is not None else _weighted(
            [(s.total, s.dossiers) for s in earlier if s.total is not None])
        other.append({**row, "total": total, "from": sorted(names[s.unit_id] for s in earlier)})
    return {
        "groups": [{"code": g.code, "name": in_language.name(g), "max": g.max_points}
                   for g in (current.groups if current else ())],
        "max_total": current.agency.max_total if current else None,
        "months": months,
        "other": other,
        "from": sorted(names[pk] for pk in used),
        "valid_from": start,
        "combination": COMBINATION_VI,
        "chart": _unit_chart(months, current),
    }


def _unit_chart(months: list[dict[str, Any]], layout: Layout | None) -> dict[str, Any]:
    """Each group's points stacked per month (their sum is the known total)."""
    groups = layout.groups if layout else ()
    return {
        "categories": [m["label"] for m in months],
        "series": [{"name": f"{g.code}: {in_language.name(g)}",
                    "values": [_number(next((x["points"] for x in m["groups"] if x["code"] == g.code),
                                            None)) for m in months]} for g in groups],
        "max": _number(layout.agency.max_total) if layout else None,
        "stack": True,
        "decimals": 2,
    }
