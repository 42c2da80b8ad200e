"""Reads for the dashboards: plain data, a bounded number of queries, nothing rescored.

Every score shown comes from `tthc.evaluation.selectors.period_results` (the read the
reports and the public page use too, so that no two pages disagree) or from what the
current run stored (`DossierPoints`, `OverdueCount`). The one computation done in a
request is the evidence of the (at most one page of) dossiers a drill-down lists.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q
from django.utils.translation import gettext, gettext_lazy

from tthc.catalogue.models import UnitProcedure
from tthc.dossiers.models import Dossier
from tthc.engine import facts
from tthc.engine.appraisal import appraised_indicators, indicator_total
from tthc.engine.dossier import Context, DossierResult
from tthc.engine.layout import Layout, SubjectLayout
from tthc.engine.method import explain_dossier as evaluate_dossier
from tthc.engine.periods import Period as Span
from tthc.engine.periods import PeriodError
from tthc.engine.rules import NOT_ENOUGH_DATA, Indicator
from tthc.evaluation.models import Appraisal
from tthc.evaluation.selectors import period_results, run_rules
from tthc.evaluation.services import Key
from tthc.importers.models import ImportIssue, IssueSeverity
from tthc.organisation.models import Official, Unit
from tthc.organisation.selectors import predecessors_of, working_calendar
from tthc.scoring import loaders, packing
from tthc.scoring.models import (
    DossierPoints,
    Period,
    PeriodState,
    ScoringRun,
    SubjectScore,
    SubjectType,
)
from tthc.scoring.selectors import (
    at_decimals,
    current_run,
    layout_of,
    period_label,
    periods_with_scores,
)
from tthc.site import names

PER_PAGE = 50

# Everything about the indicators, classes and levels (names, maxima, decimals, which
# are per dossier) comes from the layout stored with the run the page reads, never from a
# methodology file: a run reads as it was computed, whatever methodology computed it.

ALL_LEVELS = "all"
ALL_LEVELS_LABEL = gettext_lazy("Tất cả các cấp")

# Colour steps of an indicator cell, as shares of that indicator's maximum (the cell is
# coloured by points ÷ maximum, so indicators of different maxima compare): the CSS class,
# the least share, and the legend's words. Highest first.
SHARE_STEPS = (
    ("muc-3", Decimal("1"), gettext_lazy("đạt điểm tối đa")),
    ("muc-2", Decimal("0.75"), gettext_lazy("từ 75% đến dưới điểm tối đa")),
    ("muc-1", Decimal("0.5"), gettext_lazy("từ 50% đến dưới 75% điểm tối đa")),
    ("muc-0", Decimal("0"), gettext_lazy("dưới 50% điểm tối đa")),
)


def share_step(value: Any, maximum: Any) -> str:
    """The colour step (muc-0 … muc-3) of points out of an indicator's maximum; "na" for
    N/A (or an indicator without a maximum)."""
    if value is None or value == "" or maximum in (None, ""):
        return "na"
    top = Decimal(str(maximum))
    if top <= 0:
        return "na"
    share = Decimal(str(value)) / top
    return next((css for css, least, _label in SHARE_STEPS if share >= least), "muc-0")


def share_legend() -> list[dict[str, str]]:
    """The colour steps lowest first, as the legend under the tables lists them."""
    return [{"css": css, "label": label} for css, _least, label in reversed(SHARE_STEPS)]


def level_choices(results: dict[str, Any]) -> list[tuple[str, str]]:
    """The level filter's choices: every level the run's layout ranks, in its order."""
    return [(ALL_LEVELS, str(ALL_LEVELS_LABEL)),
            *((lv["kind"], names.level(lv["kind"], lv["label"])) for lv in results["levels"])]


def official_layout(results: dict[str, Any]) -> SubjectLayout | None:
    """The run's official subject (None: its methodology does not score officials)."""
    layout: Layout = results["layout"]
    return layout.subjects.get("official")


def cells(values: Sequence[Decimal | None], specs: Sequence[Indicator]) -> list[dict[str, Any]]:
    """A row's indicator values beside their indicators, with each cell's colour step."""
    return [{"value": value, "spec": spec, "step": share_step(value, spec.max_points)}
            for value, spec in zip(values, specs, strict=True)]


def uniform_max(specs: Sequence[Indicator]) -> Decimal | None:
    """The one maximum every indicator shares (None when they differ, or there are none)."""
    maxima = {spec.max_points for spec in specs}
    return maxima.pop() if len(maxima) == 1 else None

# --- Periods, profiles --------------------------------------------------------------


def rule_sets() -> list[tuple[str, str]]:
    """The (method, profile) pairs that have a current run, for the profile filter."""
    return list(ScoringRun.objects.filter(is_current=True).values_list("method", "profile")
                .distinct().order_by("method", "profile"))


def scored_periods(*, method: str, profile: str) -> list[dict[str, Any]]:
    """Periods with a current run under the rule set ("": each under its own)."""
    return periods_with_scores(method=method or None, profile=profile or None)


def latest_period(*, method: str, profile: str) -> str | None:
    """The scored period that ends last; of those ending together, the shortest (the
    quarter rather than the half-year or the year)."""
    best: tuple[Any, int, str] | None = None
    for row in scored_periods(method=method, profile=profile):
        try:
            span = Span.parse(row["code"])
        except PeriodError:
            continue
        candidate = (span.end, -(span.end - span.start).days, row["code"])
        if best is None or candidate > best:
            best = candidate
    return best[2] if best else None


def year_quarters(code: str) -> list[str]:
    try:
        year = Span.parse(code).start.year
    except PeriodError:
        return []
    return [f"{year}-Q{n}" for n in range(1, 5)]


# --- The province overview -------------------------------------------------------------


def _mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _levels(results: dict[str, Any], level: str) -> list[dict[str, Any]]:
    return [lv for lv in results["levels"] if level in (ALL_LEVELS, lv["kind"])]


def _class_distribution(levels: list[dict[str, Any]], agency: SubjectLayout) -> dict[str, Any]:
    """Agencies per class and level: every class of the run's layout, best first, under
    the labels it was computed with (a province's own names included), then any class a
    row carries that the layout does not list — so the counts always add up."""
    counts = {lv["kind"]: Counter(row["class_code"] for row in lv["agencies"]) for lv in levels}
    classes = [{"code": band.code, "label": names.class_label(agency, band.code, band.label_vi)}
               for band in agency.classes]
    known = {c["code"] for c in classes}
    for lv in levels:
        for row in lv["agencies"]:
            if row["class_code"] not in known:
                known.add(row["class_code"])
                classes.append({"code": row["class_code"], "label": names.class_label(
                    agency, row["class_code"], row["class_label"])})
    return {
        "classes": classes,
        "rows": [{"kind": lv["kind"], "label": names.level(lv["kind"], lv["label"]),
                  "counts": [counts[lv["kind"]][c["code"]] for c in classes],
                  "total": len(lv["agencies"])} for lv in levels],
    }


def _trend(key: Key, results: dict[str, Any], level: str) -> dict[str, Any]:
    """Each level's mean appraised total in the quarters of the period's year that have
    scores (`_appraised_totals`). A level's mean is of the units scored in each quarter:
    after 2025-07-01 the merged communes count once each, as their successor."""
    codes = year_quarters(key.period)
    runs: dict[str, ScoringRun] = {}
    for run in (ScoringRun.objects.filter(period__code__in=codes, method=key.method,
                                          profile=key.profile, is_current=True)
                .select_related("period").order_by("-computed_at", "-id")):
        runs.setdefault(run.period.code, run)
    totals: dict[tuple[str, str], list[Decimal]] = {}
    for code, _unit_id, kind, total in _appraised_totals(key, runs):
        totals.setdefault((code, kind), []).append(total)
    quarters = [code for code in codes if code in runs]
    series = []
    for lv in _levels(results, level):
        points_ = [{"mean": _mean(totals.get((code, lv["kind"]), [])),
                    "agencies": len(totals.get((code, lv["kind"]), []))} for code in quarters]
        series.append({"kind": lv["kind"], "label": names.level(lv["kind"], lv["label"]), "points": points_})
    return {
        "quarters": [{"code": code,
                      "label": gettext("Quý %(number)s/%(year)s") % {"number": code[-1], "year": code[:4]},
                      "provisional": runs[code].period.state != PeriodState.LOCKED}
                     for code in quarters],
        "series": series,
    }


def _appraised_totals(key: Key, runs: dict[str, ScoringRun], unit_ids: list[int] | None = None,
                      ) -> list[tuple[str, int, str, Decimal]]:
    """(period, unit id, unit kind, appraised total) of every agency scored in `runs` (one
    run per period code), or of `unit_ids` only. Read straight from the stored scores
    and appraisals (three queries): the totals are what `period_results` computes —
    self-scores with the appraised points in place — without loading each period's
    rules. An agency with nothing scored has no total and is left out, as in the ranking."""
    appraisals = Appraisal.objects.filter(period__code__in=list(runs), method=key.method,
                                          profile=key.profile)
    scores = SubjectScore.objects.filter(run_id__in=[run.pk for run in runs.values()],
                                         subject_type=SubjectType.AGENCY)
    if unit_ids is not None:
        appraisals, scores = (appraisals.filter(unit_id__in=unit_ids),
                              scores.filter(unit_id__in=unit_ids))
    changes: dict[tuple[str, int], dict[str, Decimal]] = {}
    for code, unit_id, indicator, points in appraisals.values_list(
            "period__code", "unit_id", "indicator", "points"):
        changes.setdefault((code, unit_id), {})[str(indicator)] = points
    period_of = {run.pk: code for code, run in runs.items()}
    found = []
    for run_id, unit_id, kind, total, values in scores.values_list(
            "run_id", "unit_id", "unit__kind", "total", "values"):
        if total is None:
            continue
        code = period_of[run_id]
        layout = layout_of(runs[code])  # each period under its own run's layout
        found.append((code, unit_id, kind, _appraised_total(
            layout, total, values, changes.get((code, unit_id), {}))))
    return found


# How many periods a unit's trend shows, the asked one last.
UNIT_TREND_PERIODS = 12


def _shape(code: str) -> str:
    """Periods of the same length share a shape: "-" a month, "-Q" a quarter, "" a year."""
    return "".join(ch for ch in code if not ch.isdigit())


def unit_trend(key: Key, unit: Unit) -> dict[str, Any]:
    """The unit's total in the periods like `key.period` (months, quarters…) up to it,
    under the same rule set. A period ending before the unit existed shows its
    predecessors' results (the communes merged into it on 2025-07-01, the departments it
    absorbed): their mean total, named, so that the trend crosses the reform and says so."""
    end = Span.parse(key.period).end
    runs: dict[str, ScoringRun] = {}
    for run in (ScoringRun.objects.filter(method=key.method, profile=key.profile, is_current=True)
                .select_related("period").order_by("-computed_at", "-id")):
        code = run.period.code
        if _shape(code) == _shape(key.period) and Span.parse(code).end <= end:
            runs.setdefault(code, run)
    codes = sorted(runs, key=lambda c: Span.parse(c).start)[-UNIT_TREND_PERIODS:]
    runs = {code: runs[code] for code in codes}
    before = predecessors_of(unit)
    names = {u.pk: u.name for u in before}
    totals: dict[str, dict[int, Decimal]] = {}
    for code, unit_id, _kind, total in _appraised_totals(key, runs, [unit.pk, *names]):
        totals.setdefault(code, {})[unit_id] = total
    points, inherited = [], False
    for code in codes:
        found = totals.get(code, {})
        own = found.get(unit.pk)
        earlier = {pk: t for pk, t in found.items() if pk != unit.pk}
        if own is None and earlier and unit.valid_from is not None \
                and Span.parse(code).end < unit.valid_from:
            inherited = True
            points.append({"code": code, "label": period_label(code),
                           "total": _mean(list(earlier.values())),
                           "from": sorted(names[pk] for pk in earlier)})
        else:
            points.append({"code": code, "label": period_label(code), "total": own, "from": []})
    note = ""
    if inherited:
        assert unit.valid_from is not None
        listed = ", ".join(sorted({n for p in points for n in p["from"]}))
        note = gettext("gồm kết quả của %(units)s trước %(day)s") % {
            "units": listed, "day": f"{unit.valid_from:%d/%m/%Y}"}
    for point in points:
        point["provisional"] = runs[point["code"]].period.state != PeriodState.LOCKED
    return {"points": points, "note": note}


def _appraised_total(layout: Layout, total: Decimal, values: dict[str, Any],
                     changes: dict[str, Decimal]) -> Decimal:
    """An agency's total as `period_results` gives it: the stored total, or with any
    appraised points in place of the self-scores, each at its indicator's decimals."""
    if not changes:
        return at_decimals(total, layout.total_decimals)  # type: ignore[return-value]
    specs = layout.agency.indicators
    own = {spec.code: None if values.get(spec.code) is None
           else at_decimals(Decimal(str(values[spec.code])), spec.decimals) for spec in specs}
    decimals = {spec.code: spec.decimals for spec in specs}
    appraised = {n: at_decimals(points, decimals[n]) for n, points in changes.items()
                 if n in decimals}
    final = appraised_indicators(own, appraised)  # type: ignore[arg-type]
    return at_decimals(indicator_total(final), layout.total_decimals)  # type: ignore[return-value]


def _quality(levels: list[dict[str, Any]]) -> dict[str, Any]:
    """Data-quality warnings: the import findings still current (grouped, one query), and
    what the period's own results flag (no data to score, small satisfaction samples)."""
    issues = list(ImportIssue.objects.filter(current=True).values("severity", "code")
                  .annotate(n=Count("id")).order_by("severity", "-n", "code"))
    labels = dict(IssueSeverity.choices)
    agencies = [row for lv in levels for row in lv["agencies"]]
    return {
        "issues": [{**row, "severity_label": labels.get(row["severity"], row["severity"])}
                   for row in issues],
        "warnings": sum(r["n"] for r in issues if r["severity"] == IssueSeverity.WARNING),
        "errors": sum(r["n"] for r in issues if r["severity"] == IssueSeverity.ERROR),
        "no_data": [row for row in agencies if row["class_code"] == NOT_ENOUGH_DATA],
        "small_samples": sum(1 for row in agencies
                             if row["satisfaction"]["small_sample"] and row["dossiers"]),
    }


def _with_total(quality: dict[str, Any]) -> dict[str, Any]:
    """The one count of data-quality warnings the overview's headline and its section both
    show: the import warnings still current, the run's rating conflicts and the records
    it could not use as they stand (rejected rows are errors, counted apart)."""
    return {**quality, "total": quality["warnings"] + quality["conflict_count"]
            + quality["problem_count"]}


CONFLICTS_SHOWN = 20


def _conflicts(key: Key) -> dict[str, Any]:
    """The run's record-versus-citizen conflicts and the records it could not use as they
    stand: how many of each, and the first few."""
    conflicts, problems = (ScoringRun.objects.filter(period__code=key.period, method=key.method,
                                                     profile=key.profile, is_current=True)
                           .order_by("-computed_at", "-id").values_list("conflicts", "problems")
                           .first()) or ([], [])
    return {"conflict_count": len(conflicts), "conflicts": _first_findings(conflicts),
            "problem_count": len(problems), "problems": _first_findings(problems)}


def _first_findings(found: list[list[str]]) -> list[dict[str, str]]:
    return [{"code": code, "finding": finding} for code, finding in found[:CONFLICTS_SHOWN]]


def _percent(value: Decimal | None) -> float | None:
    return None if value is None else round(float(value) * 100, 1)


def overview(key: Key, *, level: str = ALL_LEVELS) -> dict[str, Any] | None:
    """Everything the province overview shows, or None when the period has no run."""
    results = period_results(key)
    if results is None:
        return None
    levels = _levels(results, level)
    specs = results["agency_indicators"]
    for lv in levels:
        for row in lv["agencies"]:
            row["cells"] = cells(row["indicators"], specs)
            s = row["satisfaction"]
            # Positions of the interval on a 0–100 scale, for the bar beside the figure (SVG
            # attributes, not style attributes: the Content-Security-Policy allows none).
            low, high = _percent(s["low"]), _percent(s["high"])
            row["interval"] = {"low": low, "rate": _percent(s["rate"]), "high": high,
                               "width": None if low is None or high is None else round(high - low, 1)}
    overdue = sorted(({"code": row["code"], "name": row["name"], "level": names.level(lv["kind"], lv["label"]),
                       "count": row["overdue_unfinished"]}
                      for lv in levels for row in lv["agencies"] if row["overdue_unfinished"]),
                     key=lambda r: (-r["count"], r["code"]))
    return {
        "results": results,
        "levels": levels,
        "classes": _class_distribution(levels, results["layout"].agency),
        "trend": _trend(key, results, level),
        "overdue": overdue,
        "overdue_total": sum(r["count"] for r in overdue)
        + sum(r["count"] for r in results["overdue_elsewhere"]),
        "quality": _with_total(_quality(levels) | _conflicts(key)),
        "agency_count": sum(len(lv["agencies"]) for lv in levels),
        "uniform_max": uniform_max(specs),
        "legend": share_legend(),
    }


def chart_data(data: dict[str, Any]) -> dict[str, Any]:
    """The overview's charts as JSON-ready numbers (the tables beside them show the same)."""
    def number(value: Decimal | None) -> float | None:
        return None if value is None else float(value)

    classes = data["classes"]
    trend = data["trend"]
    results = data["results"]
    layout: Layout = results["layout"]
    specs: tuple[Indicator, ...] = results["agency_indicators"]
    heat_rows = [row for lv in data["levels"] for row in lv["agencies"]]

    def share(value: Decimal | None, spec: Indicator) -> float | None:
        if value is None or spec.max_points <= 0:
            return None
        return round(float(value / spec.max_points), 4)

    return {
        "classes": {
            "categories": [c["label"] for c in classes["classes"]],
            "series": [{"name": r["label"], "values": r["counts"]} for r in classes["rows"]],
        },
        "trend": {
            "categories": [q["label"] for q in trend["quarters"]],
            "series": [{"name": s["label"], "values": [number(p["mean"]) for p in s["points"]]}
                       for s in trend["series"]],
            "max": number(layout.agency.max_total),
        },
        "heatmap": {
            "rows": [f'{row["name"]} ({row["code"]})' for row in heat_rows],
            "columns": [spec.short for spec in specs],
            "names": [names.name(spec) for spec in specs],
            "maxima": [number(spec.max_points) for spec in specs],
            "decimals": [spec.decimals for spec in specs],
            # [column, row, share of the indicator's maximum (the colour), points]
            "values": [[x, y, share(v, spec), number(v)] for y, row in enumerate(heat_rows)
                       for x, (v, spec) in enumerate(zip(row["indicators"], specs, strict=True))],
            # The colour steps of the tables' cells, lowest first, as shares of the maximum.
            "steps": [{"css": css, "gte": float(least), "label": label}
                      for css, least, label in reversed(SHARE_STEPS)],
        },
    }


# --- One agency ----------------------------------------------------------------------


def unit_by_code(code: str) -> Unit | None:
    return Unit.objects.filter(code=code).first()


def official_by_code(code: str) -> Official | None:
    return Official.objects.filter(code=code).select_related("unit").first()


def period_row(code: str) -> Period | None:
    return Period.objects.filter(code=code).first()


def _current_run(key: Key) -> ScoringRun | None:
    return current_run(period=key.period, method=key.method, profile=key.profile)


def _unit_points(run: ScoringRun, unit_ids: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """The stored per-dossier points of some units' dossiers: ids and the points matrix
    (one column per entry of the run's layout `dossier_columns`; packing.NOT_APPLICABLE
    for N/A)."""
    columns = len(layout_of(run).dossier_columns)
    ids, matrices = [], []
    for blob_ids, blob_points in DossierPoints.objects.filter(
            run_id=run.pk, unit_id__in=unit_ids).values_list("dossier_ids", "points"):
        id_array, matrix = packing.unpack(blob_ids, blob_points, columns)
        ids.append(id_array)
        matrices.append(matrix)
    if not ids:
        return np.zeros(0, dtype=np.int64), np.zeros((0, columns), dtype=np.uint8)
    return np.concatenate(ids), np.concatenate(matrices)


def _below_full_marks(column: np.ndarray, spec: Indicator) -> np.ndarray:
    """Which stored points of one column are below the indicator's maximum (N/A is not)."""
    return (column != packing.NOT_APPLICABLE) & (column.astype(np.float64) < float(spec.max_points))


def agency_page(key: Key, unit: Unit) -> dict[str, Any] | None:
    """An agency's row of the period's results, indicator by indicator, with its officials
    and how many of its dossiers lost points on each per-dossier indicator."""
    results = period_results(key)
    if results is None:
        return None
    found = next(((lv, row) for lv in results["levels"] for row in lv["agencies"]
                  if row["code"] == unit.code), None)
    if found is None:
        return None
    level, agency = found
    run = _current_run(key)
    assert run is not None
    layout: Layout = results["layout"]
    specs: tuple[Indicator, ...] = results["agency_indicators"]
    columns = layout.dossier_columns
    by_code = {spec.code: spec for spec in layout.indicators}
    _ids, matrix = _unit_points(run, [unit.pk])
    lost = {code: int(np.count_nonzero(_below_full_marks(matrix[:, i], by_code[code])))
            for i, code in enumerate(columns) if code in by_code}
    indicators = []
    for index, spec in enumerate(specs):
        appraisal = agency["appraisals"].get(spec.code)
        own, final = agency["self_indicators"][index], agency["indicators"][index]
        indicators.append({
            "spec": spec,
            "code": spec.code,
            "short": spec.short,
            "name": names.name(spec),
            "max": spec.max_points,
            "decimals": spec.decimals,
            "self": own,
            "final": final,
            "self_step": share_step(own, spec.max_points),
            "final_step": share_step(final, spec.max_points),
            "appraisal": appraisal,
            "explanation": agency["explanations"].get(spec.code, ""),
            "per_dossier": spec.code in columns,
            "lost": lost.get(spec.code),
        })
    official = official_layout(results)
    officials = [{**row, "cells": cells(row["indicators"], official.indicators)}
                 for row in results["officials"] if row["unit_code"] == unit.code] \
        if official is not None else []
    return {"results": results, "level": level, "agency": agency, "indicators": indicators,
            "agency_layout": layout.agency, "official_layout": official,
            "whole_agency": [spec for spec in specs if spec.code not in columns],
            "officials": officials, "dossiers_with_points": len(matrix),
            "trend": unit_trend(key, unit)}


# --- Dossiers that lost points ------------------------------------------------------------


@dataclass(frozen=True)
class LostDossiers:
    page: Page
    total: int
    rows: list[dict[str, Any]]


def _losing(ids: np.ndarray, matrix: np.ndarray, columns: list[int],
            maxima: list[float]) -> np.ndarray:
    """Ids of the dossiers below full marks (their indicator's maximum) on any of
    `columns`, worst first: the lowest share of the maximum, then the stored order."""
    if not len(ids):
        return ids
    chosen = matrix[:, columns].astype(np.float64)
    top = np.asarray(maxima, dtype=np.float64)
    # N/A (255) is not a loss: it counts as full marks here.
    chosen = np.where(matrix[:, columns] == packing.NOT_APPLICABLE, top, chosen)
    worst = (chosen / top).min(axis=1)
    keep = np.flatnonzero(worst < 1)
    # Lowest share first, then the order the dossiers were stored in (by id).
    order = np.lexsort((ids[keep], worst[keep]))
    return ids[keep][order]


def _page(ids: np.ndarray, number: Any) -> Page:
    return Paginator(ids.tolist(), PER_PAGE, allow_empty_first_page=True).get_page(number)


def _rows(run: ScoringRun, page_ids: list[int], points: dict[int, dict[str, int | None]],
          specs: Sequence[Indicator], explained: Mapping[str, DossierResult] | None = None) -> list[dict[str, Any]]:
    """The page's dossiers with their stored points and evidence (`explained`: the
    dossiers already explained under `run`, by code; None: explain the page)."""
    dossiers = {row["id"]: row for row in Dossier.objects.filter(id__in=page_ids).values(
        "id", "code", "procedure__code", "procedure__name", "received_at", "due_at", "finished_at",
        "status", "received_by__code", "received_by__full_name")}
    evidence = explained if explained is not None else explain_dossiers(run, [d["code"] for d in dossiers.values()])
    rows = []
    for dossier_id in page_ids:
        dossier = dossiers.get(dossier_id)
        if dossier is None:  # deleted since the run: still counted, nothing to show
            continue
        result = evidence.get(dossier["code"])
        stored = points[dossier_id]
        indicators = []
        for spec in specs:
            point = result.indicators.get(spec.code) if result else None
            value = stored[spec.code]
            indicators.append({
                "code": spec.code,
                "short": spec.short,
                "name": names.name(spec),
                "max": spec.max_points,
                "decimals": spec.decimals,
                "points": value,
                "lost": value is not None and value < spec.max_points,
                "evidence": list(point.evidence) if point else [],
                # The rule that cost the point, in the methodology's words.
                "reasons": [x.words for x in point.lost] if point else [],
                # The record changed after the run: the evidence of today may disagree.
                "changed": point is not None and point.points != value,
            })
        rows.append({**dossier, "indicators": indicators})
    return rows


def agency_indicator(results: dict[str, Any], code: str) -> Indicator | None:
    """The agency indicator of the run's layout with this code (None: not one of them)."""
    return next((spec for spec in results["agency_indicators"] if spec.code == code), None)


@dataclass(frozen=True)
class Losing:
    """A unit's dossiers below full marks on one indicator, worst first, with what it
    takes to list them (`dossier_rows`)."""

    run: ScoringRun
    spec: Indicator
    ids: np.ndarray  # every stored dossier of the unit
    matrix: np.ndarray
    losing: np.ndarray  # those below full marks, worst first

    def dossier_rows(self, page_ids: list[int],
                     explained: Mapping[str, DossierResult] | None = None) -> list[dict[str, Any]]:
        columns = layout_of(self.run).dossier_columns
        return _rows(self.run, page_ids, _points_of(self.ids, self.matrix, page_ids, columns), (self.spec,),
                     explained)


def losing_on_indicator(key: Key, unit: Unit, code: str) -> Losing | None:
    """The unit's dossiers whose stored points on indicator `code` are below its maximum
    (None: no run, or the indicator is not scored dossier by dossier); the drill-down
    filters and pages them (`dashboards.lost_filters`)."""
    run = _current_run(key)
    if run is None:
        return None
    layout = layout_of(run)
    spec = next((s for s in layout.indicators if s.code == code), None)
    if spec is None or code not in layout.dossier_columns:
        return None
    ids, matrix = _unit_points(run, [unit.pk])
    losing = _losing(ids, matrix, [layout.dossier_columns.index(code)], [float(spec.max_points)])
    return Losing(run, spec, ids, matrix, losing)


def official_dossier_indicators(layout: Layout) -> tuple[Indicator, ...]:
    """The official subject's indicators that are scored dossier by dossier (() when the
    methodology scores no officials)."""
    official = layout.subjects.get("official")
    if official is None:
        return ()
    return tuple(spec for spec in official.indicators if spec.code in layout.dossier_columns)


def lost_by_official(key: Key, official: Official, page: Any = 1) -> LostDossiers | None:
    """The dossiers an official received that lost points on any of the official's
    per-dossier indicators (the run's layout says which), from the stored points."""
    run = _current_run(key)
    if run is None:
        return None
    layout = layout_of(run)
    specs = official_dossier_indicators(layout)
    received = np.asarray(list(Dossier.objects.filter(received_by=official)
                               .values_list("id", flat=True)), dtype=np.int64)
    unit_ids = list(Dossier.objects.filter(received_by=official).values_list("unit_id", flat=True)
                    .distinct().order_by())
    ids, matrix = _unit_points(run, unit_ids)
    mine = np.isin(ids, received)
    ids, matrix = ids[mine], matrix[mine]
    if specs:
        losing = _losing(ids, matrix, [layout.dossier_columns.index(s.code) for s in specs],
                         [float(s.max_points) for s in specs])
    else:
        losing = np.zeros(0, dtype=np.int64)
    current = _page(losing, page)
    page_ids = list(current.object_list)
    points = _points_of(ids, matrix, page_ids, layout.dossier_columns)
    return LostDossiers(current, len(losing), _rows(run, page_ids, points, specs))


def _points_of(ids: np.ndarray, matrix: np.ndarray, page_ids: list[int],
               columns: Sequence[str]) -> dict[int, dict[str, int | None]]:
    positions = np.flatnonzero(np.isin(ids, np.asarray(page_ids, dtype=np.int64)))
    return {int(ids[i]): packing.as_dict(matrix[i], columns) for i in positions}


def explain_dossiers(run: ScoringRun, codes: list[str]) -> dict[str, DossierResult]:
    """Each dossier's points with their evidence, on the per-dossier path, under the rules
    and the reference time of `run` — for one page of dossiers, never a whole period."""
    if not codes:
        return {}
    petitions = loaders.load_petitions(Q(dossier__code__in=codes))
    dossiers = list(loaders.load_dossiers(Q(code__in=codes), petitions, few=True))
    procedures = {d.procedure_code for d in dossiers}
    ctx = run_context(run, UnitProcedure.objects.filter(
        procedure__code__in=procedures, unit__code__in={d.unit_code for d in dossiers}), procedures)
    return {d.code: evaluate_dossier(d, ctx) for d in dossiers}


def run_context(run: ScoringRun, catalogue: Any, procedures: Any = None) -> Context:
    """What explaining under `run` needs: its rules, reference time and period, the
    working calendar, the `procedures` (codes; None: all) and the `catalogue` entries
    (a UnitProcedure queryset) that matter."""
    span = Span.parse(run.period.code)
    entries: dict[tuple[str, str], list[facts.UnitProcedure]] = {}
    for row in catalogue.values_list("unit__code", "procedure__code", "posted_on_site", "published_online",
                                     "at_desk", "decided_at_desk", "valid_from", "valid_to"):
        entries.setdefault((row[0], row[1]), []).append(facts.UnitProcedure(*row))
    as_of = loaders.local(run.as_of)
    assert as_of is not None
    return Context(
        rules=run_rules(run),  # the rules the stored points were computed under
        calendar=working_calendar(years=range(span.start.year - 1, span.end.year + 2)),
        procedures=loaders.load_procedures(procedures),
        unit_procedures=entries,
        as_of=as_of,
        period=span,
    )


# --- One official ----------------------------------------------------------------------


def official_page(key: Key, official: Official) -> dict[str, Any] | None:
    """The official's row of the period's results beside the official subject's
    indicators; None when the period has no run. `subject` is None when the run's
    methodology scores no officials."""
    results = period_results(key)
    if results is None:
        return None
    subject = official_layout(results)
    row = None if subject is None else next(
        (r for r in results["officials"] if r["code"] == official.code), None)
    return {"results": results, "official": row, "subject": subject,
            "cells": cells(row["indicators"], subject.indicators) if row and subject else [],
            "dossier_indicators": official_dossier_indicators(results["layout"])}


def unit_by_id(unit_id: int | None) -> Unit:
    return Unit.objects.get(pk=unit_id)


def official_by_id(official_id: int | None) -> Official:
    return Official.objects.get(pk=official_id)
