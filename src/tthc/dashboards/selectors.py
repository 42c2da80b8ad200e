"""Reads for the dashboards: plain data, a bounded number of queries, nothing rescored.

Every score shown comes from `tthc.evaluation.selectors.period_results` (the read the
reports and the public page use too, so that no two pages disagree) or from what the
current run stored (`DossierPoints`, `OverdueCount`). The one computation done in a
request is the evidence of the (at most one page of) dossiers a drill-down lists.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q

from tthc.catalogue.models import Procedure, UnitProcedure
from tthc.dossiers.models import Dossier
from tthc.engine import facts
from tthc.engine.appraisal import appraised_indicators, indicator_total
from tthc.engine.dossier import Context, DossierResult
from tthc.engine.method import explain_dossier as evaluate_dossier
from tthc.engine.periods import Period as Span
from tthc.engine.periods import PeriodError
from tthc.evaluation.models import Appraisal
from tthc.evaluation.selectors import period_results, run_rules
from tthc.evaluation.services import Key
from tthc.importers.models import ImportIssue, IssueSeverity
from tthc.organisation.models import Official, Unit
from tthc.organisation.selectors import working_calendar
from tthc.petitions.models import Petition
from tthc.scoring import loaders, packing
from tthc.scoring.models import (
    DossierPoints,
    Period,
    PeriodState,
    ScoringRun,
    SubjectScore,
    SubjectType,
)
from tthc.scoring.packing import DOSSIER_INDICATORS
from tthc.scoring.selectors import AGENCY_CLASS_LABELS, LEVELS, current_run, periods_with_scores

PER_PAGE = 50
FULL_MARKS = 2
# Indicators a desk official is scored on (methodology §2), as DOSSIER_INDICATORS keys.
OFFICIAL_NUMBERS = ("1", "2", "3", "4", "7")
# Class codes from the best down, as the distribution chart lists them.
CLASS_ORDER = tuple(AGENCY_CLASS_LABELS)

ALL_LEVELS = "all"
LEVEL_CHOICES = ((ALL_LEVELS, "Tất cả các cấp"), *((kind.value, kind.label) for kind in LEVELS))

# --- Periods, profiles --------------------------------------------------------------


def rule_sets() -> list[tuple[str, str]]:
    """The (method, profile) pairs that have a current run, for the profile filter."""
    return list(ScoringRun.objects.filter(is_current=True).values_list("method", "profile")
                .distinct().order_by("method", "profile"))


def scored_periods(*, method: str, profile: str) -> list[dict[str, Any]]:
    return periods_with_scores(method=method, profile=profile)


def latest_period(*, method: str, profile: str) -> str | None:
    """The scored period that ends last; of those ending together, the shortest (the
    quarter rather than the half-year or the year)."""
    best: tuple[Any, int, str] | None = None
    for row in periods_with_scores(method=method, profile=profile):
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


def _class_distribution(levels: list[dict[str, Any]]) -> dict[str, Any]:
    counts = {lv["kind"]: Counter(row["class_code"] for row in lv["agencies"]) for lv in levels}
    used = [code for code in CLASS_ORDER if any(c[code] for c in counts.values())]
    return {
        "classes": [{"code": code, "label": AGENCY_CLASS_LABELS[code]} for code in used],
        "rows": [{"kind": lv["kind"], "label": lv["label"],
                  "counts": [counts[lv["kind"]][code] for code in used],
                  "total": len(lv["agencies"])} for lv in levels],
    }


def _trend(key: Key, results: dict[str, Any], level: str) -> dict[str, Any]:
    """Each level's mean appraised total in the quarters of the period's year that have
    scores. Read straight from the stored scores and appraisals (three queries for the
    four quarters): the totals are what `period_results` computes — self-scores with the
    appraised points in place — without loading each quarter's rules for its classes."""
    codes = year_quarters(key.period)
    runs: dict[str, ScoringRun] = {}
    for run in (ScoringRun.objects.filter(period__code__in=codes, method=key.method,
                                          profile=key.profile, is_current=True)
                .select_related("period").order_by("-computed_at", "-id")):
        runs.setdefault(run.period.code, run)
    changes: dict[tuple[str, int], dict[str, Decimal]] = {}
    for code, unit_id, number, points in Appraisal.objects.filter(
            period__code__in=list(runs), method=key.method, profile=key.profile).values_list(
            "period__code", "unit_id", "indicator", "points"):
        changes.setdefault((code, unit_id), {})[str(number)] = points
    period_of = {run.pk: code for code, run in runs.items()}
    totals: dict[tuple[str, str], list[Decimal]] = {}
    names = [f"i{n}" for n in range(1, 10)]
    for run_id, unit_id, kind, total, *points in SubjectScore.objects.filter(
            run_id__in=list(period_of), subject_type=SubjectType.AGENCY).values_list(
            "run_id", "unit_id", "unit__kind", "total", *names):
        if total is None:  # nothing scored: no total to average, as in the ranking
            continue
        code = period_of[run_id]
        own = dict(zip((str(n) for n in range(1, 10)), points, strict=True))
        final = appraised_indicators(own, changes.get((code, unit_id), {}))
        totals.setdefault((code, kind), []).append(indicator_total(final))
    quarters = [code for code in codes if code in runs]
    series = []
    for lv in _levels(results, level):
        points_ = [{"mean": _mean(totals.get((code, lv["kind"]), [])),
                    "agencies": len(totals.get((code, lv["kind"]), []))} for code in quarters]
        series.append({"kind": lv["kind"], "label": lv["label"], "points": points_})
    return {
        "quarters": [{"code": code, "label": f"Quý {code[-1]}/{code[:4]}",
                      "provisional": runs[code].period.state != PeriodState.LOCKED}
                     for code in quarters],
        "series": series,
    }


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
        "no_data": [row for row in agencies if row["class_code"] == "khong_du_du_lieu"],
        "small_samples": sum(1 for row in agencies
                             if row["satisfaction"]["small_sample"] and row["dossiers"]),
    }


CONFLICTS_SHOWN = 20


def _conflicts(key: Key) -> dict[str, Any]:
    """The run's record-versus-citizen conflicts: how many, and the first few."""
    found = (ScoringRun.objects.filter(period__code=key.period, method=key.method,
                                       profile=key.profile, is_current=True)
             .order_by("-computed_at", "-id").values_list("conflicts", flat=True).first()) or []
    return {"conflict_count": len(found),
            "conflicts": [{"code": code, "finding": finding}
                          for code, finding in found[:CONFLICTS_SHOWN]]}


def _percent(value: Decimal | None) -> float | None:
    return None if value is None else round(float(value) * 100, 1)


def overview(key: Key, *, level: str = ALL_LEVELS) -> dict[str, Any] | None:
    """Everything the province overview shows, or None when the period has no run."""
    results = period_results(key)
    if results is None:
        return None
    levels = _levels(results, level)
    for lv in levels:
        for row in lv["agencies"]:
            s = row["satisfaction"]
            # Positions of the interval on a 0–100 scale, for the CSS bar beside the figure.
            row["interval"] = {"low": _percent(s["low"]), "rate": _percent(s["rate"]),
                               "high": _percent(s["high"])}
    overdue = sorted(({"code": row["code"], "name": row["name"], "level": lv["label"],
                       "count": row["overdue_unfinished"]}
                      for lv in levels for row in lv["agencies"] if row["overdue_unfinished"]),
                     key=lambda r: (-r["count"], r["code"]))
    return {
        "results": results,
        "levels": levels,
        "classes": _class_distribution(levels),
        "trend": _trend(key, results, level),
        "overdue": overdue,
        "overdue_total": sum(r["count"] for r in overdue)
        + sum(r["count"] for r in results["overdue_elsewhere"]),
        "quality": _quality(levels) | _conflicts(key),
        "agency_count": sum(len(lv["agencies"]) for lv in levels),
    }


def chart_data(data: dict[str, Any]) -> dict[str, Any]:
    """The overview's charts as JSON-ready numbers (the tables beside them show the same)."""
    def number(value: Decimal | None) -> float | None:
        return None if value is None else float(value)

    classes = data["classes"]
    trend = data["trend"]
    heat_rows = [row for lv in data["levels"] for row in lv["agencies"]]
    return {
        "classes": {
            "categories": [c["label"] for c in classes["classes"]],
            "series": [{"name": r["label"], "values": r["counts"]} for r in classes["rows"]],
        },
        "trend": {
            "categories": [q["label"] for q in trend["quarters"]],
            "series": [{"name": s["label"], "values": [number(p["mean"]) for p in s["points"]]}
                       for s in trend["series"]],
            "max": 18,
        },
        "heatmap": {
            "rows": [f'{row["name"]} ({row["code"]})' for row in heat_rows],
            "columns": [f"CS{n}" for n in range(1, 10)],
            "values": [[x, y, number(v)] for y, row in enumerate(heat_rows)
                       for x, v in enumerate(row["indicators"])],
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


def _unit_points(run_id: int, unit_ids: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """The stored per-dossier points of some units' dossiers: ids and the points matrix
    (one column per DOSSIER_INDICATORS entry; packing.NOT_APPLICABLE for N/A)."""
    ids, matrices = [], []
    for blob_ids, blob_points in DossierPoints.objects.filter(
            run_id=run_id, unit_id__in=unit_ids).values_list("dossier_ids", "points"):
        id_array, matrix = packing.unpack(blob_ids, blob_points)
        ids.append(id_array)
        matrices.append(matrix)
    if not ids:
        return np.zeros(0, dtype=np.int64), np.zeros((0, len(DOSSIER_INDICATORS)), dtype=np.uint8)
    return np.concatenate(ids), np.concatenate(matrices)


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
    _ids, matrix = _unit_points(run.pk, [unit.pk])
    lost = {n: int(np.count_nonzero(matrix[:, i] < FULL_MARKS))
            for i, n in enumerate(DOSSIER_INDICATORS)}
    indicators = []
    for index, number in enumerate(str(n) for n in range(1, 10)):
        appraisal = agency["appraisals"].get(number)
        indicators.append({
            "number": int(number),
            "self": agency["self_indicators"][index],
            "final": agency["indicators"][index],
            "appraisal": appraisal,
            "explanation": agency["explanations"].get(number, ""),
            "per_dossier": number in DOSSIER_INDICATORS,
            "lost": lost.get(number),
        })
    officials = [row for row in results["officials"] if row["unit_code"] == unit.code]
    return {"results": results, "level": level, "agency": agency, "indicators": indicators,
            "officials": officials, "dossiers_with_points": len(matrix)}


# --- Dossiers that lost points ------------------------------------------------------------


@dataclass(frozen=True)
class LostDossiers:
    page: Page
    total: int
    rows: list[dict[str, Any]]


def _losing(ids: np.ndarray, matrix: np.ndarray, columns: list[int]) -> np.ndarray:
    """Ids of the dossiers below full marks on any of `columns`, worst first."""
    if not len(ids):
        return ids
    chosen = matrix[:, columns].astype(np.int16)
    # N/A (255) is not a loss: it counts as full marks here.
    chosen = np.where(chosen == packing.NOT_APPLICABLE, FULL_MARKS, chosen)
    worst = chosen.min(axis=1)
    keep = np.flatnonzero(worst < FULL_MARKS)
    # Lowest points first, then the order the dossiers were stored in (by id).
    order = np.lexsort((ids[keep], worst[keep]))
    return ids[keep][order]


def _page(ids: np.ndarray, number: Any) -> Page:
    return Paginator(ids.tolist(), PER_PAGE, allow_empty_first_page=True).get_page(number)


def _rows(run: ScoringRun, page_ids: list[int], points: dict[int, dict[str, int | None]],
          numbers: tuple[str, ...]) -> list[dict[str, Any]]:
    dossiers = {row["id"]: row for row in Dossier.objects.filter(id__in=page_ids).values(
        "id", "code", "procedure__code", "procedure__name", "received_at", "finished_at",
        "status", "received_by__code", "received_by__full_name")}
    evidence = explain_dossiers(run, [d["code"] for d in dossiers.values()])
    rows = []
    for dossier_id in page_ids:
        dossier = dossiers.get(dossier_id)
        if dossier is None:  # deleted since the run: still counted, nothing to show
            continue
        result = evidence.get(dossier["code"])
        stored = points[dossier_id]
        indicators = []
        for number in numbers:
            point = result.indicators.get(number) if result else None
            indicators.append({
                "number": int(number),
                "points": stored[number],
                "lost": stored[number] is not None and stored[number] < FULL_MARKS,
                "evidence": list(point.evidence) if point else [],
                # The record changed after the run: the evidence of today may disagree.
                "changed": point is not None and point.points != stored[number],
            })
        rows.append({**dossier, "indicators": indicators})
    return rows


def lost_on_indicator(key: Key, unit: Unit, number: str, page: Any = 1) -> LostDossiers | None:
    """The unit's dossiers whose stored points on indicator `number` are below 2."""
    run = _current_run(key)
    if run is None:
        return None
    ids, matrix = _unit_points(run.pk, [unit.pk])
    column = DOSSIER_INDICATORS.index(number)
    losing = _losing(ids, matrix, [column])
    current = _page(losing, page)
    page_ids = list(current.object_list)
    points = _points_of(ids, matrix, page_ids)
    return LostDossiers(current, len(losing), _rows(run, page_ids, points, (number,)))


def lost_by_official(key: Key, official: Official, page: Any = 1) -> LostDossiers | None:
    """The dossiers an official received that lost points on any of the official's
    indicators (1, 2, 3, 4, 7), from the stored points of the period's run."""
    run = _current_run(key)
    if run is None:
        return None
    received = np.asarray(list(Dossier.objects.filter(received_by=official)
                               .values_list("id", flat=True)), dtype=np.int64)
    unit_ids = list(Dossier.objects.filter(received_by=official).values_list("unit_id", flat=True)
                    .distinct().order_by())
    ids, matrix = _unit_points(run.pk, unit_ids)
    mine = np.isin(ids, received)
    ids, matrix = ids[mine], matrix[mine]
    columns = [DOSSIER_INDICATORS.index(n) for n in OFFICIAL_NUMBERS]
    losing = _losing(ids, matrix, columns)
    current = _page(losing, page)
    page_ids = list(current.object_list)
    points = _points_of(ids, matrix, page_ids)
    return LostDossiers(current, len(losing), _rows(run, page_ids, points, OFFICIAL_NUMBERS))


def _points_of(ids: np.ndarray, matrix: np.ndarray, page_ids: list[int]) -> dict[int, dict[str, int | None]]:
    positions = np.flatnonzero(np.isin(ids, np.asarray(page_ids, dtype=np.int64)))
    return {int(ids[i]): packing.as_dict(matrix[i]) for i in positions}


def explain_dossiers(run: ScoringRun, codes: list[str]) -> dict[str, DossierResult]:
    """Each dossier's points with their evidence, on the per-dossier path, under the rules
    and the reference time of `run` — for one page of dossiers, never a whole period."""
    if not codes:
        return {}
    span = Span.parse(run.period.code)
    rules = run_rules(run)  # the rules the stored points were computed under
    petitions = [facts.Petition(code, unit, dossier, official, kind, loaders.local(received),
                                loaders.local(due), loaders.local(answered), prolonged, upheld)
                 for (code, unit, dossier, official, kind, received, due, answered, prolonged,
                      upheld) in Petition.objects.filter(dossier__code__in=codes)
                 .values_list(*loaders.PETITION_FIELDS)]
    dossiers = list(loaders.load_dossiers(Q(code__in=codes), petitions, few=True))
    procedures = {d.procedure_code for d in dossiers}
    pairs = {(d.unit_code, d.procedure_code) for d in dossiers}
    catalogue: dict[tuple[str, str], list[facts.UnitProcedure]] = {}
    for row in UnitProcedure.objects.filter(
            procedure__code__in=procedures, unit__code__in={u for u, _ in pairs}).values_list(
            "unit__code", "procedure__code", "posted_on_site", "published_online", "at_desk",
            "decided_at_desk", "valid_from", "valid_to"):
        catalogue.setdefault((row[0], row[1]), []).append(facts.UnitProcedure(*row))
    as_of = loaders.local(run.as_of)
    assert as_of is not None
    ctx = Context(
        rules=rules,
        calendar=working_calendar(years=range(span.start.year - 1, span.end.year + 2)),
        procedures=_procedures(procedures),
        unit_procedures=catalogue,
        as_of=as_of,
    )
    return {d.code: evaluate_dossier(d, ctx) for d in dossiers}


def _procedures(codes: set[str]) -> dict[str, facts.Procedure]:
    return {
        code: facts.Procedure(code, name, limit, facts.TimeUnit(unit), level, exempt)
        for code, name, limit, unit, level, exempt in Procedure.objects.filter(code__in=codes)
        .values_list("code", "name", "time_limit", "time_unit", "online_level", "desk_exempt")
    }


# --- One official ----------------------------------------------------------------------


def official_page(key: Key, official: Official) -> dict[str, Any] | None:
    results = period_results(key)
    if results is None:
        return None
    row = next((r for r in results["officials"] if r["code"] == official.code), None)
    return {"results": results, "official": row}


def unit_by_id(unit_id: int | None) -> Unit:
    return Unit.objects.get(pk=unit_id)


def official_by_id(official_id: int | None) -> Official:
    return Official.objects.get(pk=official_id)
