"""Reads of stored scores for the web pages: plain data, a constant number of queries."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext

from tthc.audit.models import AuditEntry
from tthc.dossiers.models import Dossier
from tthc.engine.layout import Layout, SubjectLayout
from tthc.engine.periods import Period as PeriodSpan
from tthc.engine.periods import PeriodError
from tthc.organisation.models import UnitKind

from . import packing, rule_sets
from .models import DossierPoints, OverdueCount, ScoringRun, SubjectScore, SubjectType

# The action `tthc demo` records when it loads the synthetic data set.
DEMO_LOADED_ACTION = "demo_loaded"


def dataset_is_demo() -> bool:
    """Whether the database holds the synthetic demonstration data set."""
    return AuditEntry.objects.filter(action=DEMO_LOADED_ACTION).exists()


def period_label(code: str) -> str:
    """A period's name in the page's language: under Vietnamese exactly the engine's
    ``Period.label_vi`` (the engine has no Django, so the translatable copy lives here).
    The reports and open data ask under ``translation.override("vi")``."""
    try:
        span = PeriodSpan.parse(code)
    except PeriodError:
        return code
    year = span.code[:4]
    if len(span.code) == 4:
        return gettext("Năm %(year)s") % {"year": year}
    if span.is_month:
        return gettext("Tháng %(month)s năm %(year)s") % {"month": span.start.month, "year": year}
    kind, number = span.code[5], span.code[6]
    if kind == "Q":
        roman = {"1": "I", "2": "II", "3": "III", "4": "IV"}[number]
        return gettext("Quý %(roman)s năm %(year)s") % {"roman": roman, "year": year}
    if number == "1":
        return gettext("6 tháng đầu năm %(year)s") % {"year": year}
    return gettext("6 tháng cuối năm %(year)s") % {"year": year}


def period_sort_key(code: str) -> tuple[int, int, int, str]:
    """Newest year first, then in the year's order (engine ``Period.sort_key``); a code
    that is no period last."""
    try:
        return (*PeriodSpan.parse(code).sort_key, code)
    except PeriodError:
        return (0, 13, 0, code)


def current_run(*, period: str, method: str | None = None,
                profile: str | None = None) -> ScoringRun | None:
    """A period's current run under a rule set (with its period), or None: the one lookup
    every page, report and cycle step starts from. Without a rule set, the period's own
    (`rule_sets.for_period`)."""
    if method is None or profile is None:
        method, profile = rule_sets.for_period(period)
    return (
        ScoringRun.objects.filter(
            period__code=period, method=method, profile=profile, is_current=True
        )
        .select_related("period")
        .order_by("-computed_at", "-id")
        .first()
    )


def periods_with_scores(
    *, method: str | None = None, profile: str | None = None
) -> list[dict[str, Any]]:
    """Periods that have a current run for the method and profile, newest year first;
    without a rule set, each period under its own (`rule_sets.for_period`)."""
    runs = ScoringRun.objects.filter(is_current=True).select_related("period")
    if method is not None and profile is not None:
        runs = runs.filter(method=method, profile=profile)
    latest: dict[str, ScoringRun] = {}
    for run in runs.order_by("period__code", "-computed_at", "-id"):
        code = run.period.code
        if method is None and (run.method, run.profile) != rule_sets.for_period(code):
            continue  # a what-if beside the period's own rule set
        latest.setdefault(code, run)
    return [
        {
            "code": code,
            "label": period_label(code),
            "state": run.period.get_state_display(),
            "computed_at": run.computed_at,
            "dossiers_scored": run.dossiers_scored,
            "method": run.method,
            "profile": run.profile,
        }
        for code, run in sorted(latest.items(), key=lambda item: period_sort_key(item[0]))
    ]


def layout_of(run: ScoringRun) -> Layout:
    """The shape of a run's results as stored with it (indicators, classes, levels).

    Parsed once per run object: a page asks for it for every row it formats.
    """
    cached = getattr(run, "_layout", None)
    if cached is None:
        cached = Layout.from_json(run.layout)
        run._layout = cached  # type: ignore[attr-defined]
    return cached


def at_decimals(value: Decimal | None, decimals: int) -> Decimal | None:
    """A stored number shown with the layout's decimals (totals are stored wider)."""
    return None if value is None else value.quantize(Decimal(1).scaleb(-decimals))


def indicator_values(score: SubjectScore, subject: SubjectLayout) -> list[Decimal | None]:
    """A stored subject score's values in its subject's indicator order, each at its
    indicator's decimals."""
    stored = score.values
    return [None if stored.get(spec.code) is None
            else at_decimals(Decimal(stored[spec.code]), spec.decimals)
            for spec in subject.indicators]


def level_label(kind: str) -> str:
    try:
        return str(UnitKind(kind).label)
    except ValueError:
        return kind


def _satisfaction(score: SubjectScore, layout: Layout) -> dict[str, Any]:
    return {
        "responses": score.responses,
        "rate": score.satisfaction_rate,
        "low": score.satisfaction_low,
        "high": score.satisfaction_high,
        "small_sample": score.small_sample,
        # The profile's threshold when computed, for the "fewer than n" note.
        "small_sample_size": layout.small_sample,
    }


def _rank_key(row: dict[str, Any]) -> tuple[bool, int, str]:
    return (row["rank"] is None, row["rank"] or 0, row["code"])


def period_ranking(
    *, period: str, method: str | None = None, profile: str | None = None
) -> dict[str, Any] | None:
    """The current run's agency ranking per level and officials' scores, or None.

    Three queries whatever the number of subjects: the run, its scores, its overdue
    counts.
    """
    run = current_run(period=period, method=method, profile=profile)
    if run is None:
        return None
    layout = layout_of(run)
    agency_layout = layout.agency
    official_layout = layout.subjects.get("official")
    scores = (
        SubjectScore.objects.filter(run=run)
        .select_related("unit", "official")
        .order_by("unit__code", "official__code", "id")
    )
    overdue_by_unit: dict[int, int] = {}
    overdue_units: dict[int, Any] = {}
    for row in OverdueCount.objects.filter(run=run).select_related("unit"):
        overdue_by_unit[row.unit_id] = overdue_by_unit.get(row.unit_id, 0) + row.count
        overdue_units[row.unit_id] = row.unit

    agencies: dict[str, list[dict[str, Any]]] = {kind: [] for kind in agency_layout.levels}
    officials: list[dict[str, Any]] = []
    listed_units: set[int] = set()
    for score in scores:
        if (score.subject_type == SubjectType.OFFICIAL and score.official is not None
                and official_layout is not None):
            officials.append(
                {
                    "code": score.official.code,
                    "name": score.official.full_name,
                    "unit_code": score.unit.code,
                    "unit_name": score.unit.name,
                    "dossiers": score.dossiers,
                    "indicators": indicator_values(score, official_layout),
                    "total": at_decimals(score.total, layout.total_decimals),
                    "class_code": score.class_code,
                    "class_label": score.class_label or official_layout.class_label(score.class_code),
                    "satisfaction": _satisfaction(score, layout),
                }
            )
        elif score.subject_type == SubjectType.AGENCY and score.unit.kind in agencies:
            listed_units.add(score.unit_id)
            agencies[score.unit.kind].append(
                {
                    "code": score.unit.code,
                    "name": score.unit.name,
                    "dossiers": score.dossiers,
                    "indicators": indicator_values(score, agency_layout),
                    "total": at_decimals(score.total, layout.total_decimals),
                    "class_code": score.class_code,
                    "class_label": score.class_label or agency_layout.class_label(score.class_code),
                    "rank": score.rank,
                    "satisfaction": _satisfaction(score, layout),
                    "overdue_unfinished": overdue_by_unit.get(score.unit_id, 0),
                    # An index of ratios (layout "figures"): each indicator's numerator,
                    # denominator and source, and the points still unknown.
                    "figures": score.figures or {},
                    "unknown_points": score.unknown_points,
                }
            )
    for rows in agencies.values():
        rows.sort(key=_rank_key)
    officials.sort(key=lambda row: row["code"])

    # Overdue dossiers of a unit missing from the tables are still reported (§1).
    overdue_elsewhere = sorted(
        (
            {"code": unit.code, "name": unit.name, "count": overdue_by_unit[unit_id]}
            for unit_id, unit in overdue_units.items()
            if unit_id not in listed_units and overdue_by_unit[unit_id]
        ),
        key=lambda row: row["code"],
    )
    return {
        "period": run.period.code,
        "period_label": period_label(run.period.code),
        "period_state": run.period.get_state_display(),
        "method": run.method,
        "profile": run.profile,
        "rule_version": run.rule_version,
        "computed_at": run.computed_at,
        "as_of": run.as_of,
        "dossiers_scored": run.dossiers_scored,
        "layout": layout,
        "agency_indicators": agency_layout.indicators,
        "official_indicators": official_layout.indicators if official_layout else (),
        "levels": [
            {"kind": kind, "label": level_label(kind), "agencies": agencies[kind]}
            for kind in agency_layout.levels
        ],
        "officials": officials,
        "overdue_elsewhere": overdue_elsewhere,
    }


def dossier_points(*, run_id: int, unit_code: str | None = None) -> dict[int, dict[str, int | None]]:
    """Per-dossier points stored by a run (all units, or one), by dossier id."""
    columns = dossier_columns(run_id)
    batches = DossierPoints.objects.filter(run_id=run_id)
    if unit_code is not None:
        batches = batches.filter(unit__code=unit_code)
    found: dict[int, dict[str, int | None]] = {}
    for ids, points in batches.values_list("dossier_ids", "points"):
        id_array, matrix = packing.unpack(ids, points, len(columns))
        for dossier_id, row in zip(id_array.tolist(), matrix, strict=True):
            found[dossier_id] = packing.as_dict(row, columns)
    return found


def dossier_columns(run_id: int) -> tuple[str, ...]:
    """The indicator codes of a run's stored per-dossier points, in column order."""
    layout = ScoringRun.objects.filter(pk=run_id).values_list("layout", flat=True).first()
    return tuple(str(code) for code in (layout or {}).get("dossier_columns", ()))


def current_dossier_points(*, dossier_code: str, period: str, method: str | None = None,
                           profile: str | None = None) -> dict[str, int | None] | None:
    """The stored points of one dossier in a period's current run (None: not scored there)."""
    row = (Dossier.objects.filter(code=dossier_code).values_list("id", "unit__code").first())
    run = current_run(period=period, method=method, profile=profile)
    if row is None or run is None:
        return None
    return dossier_points(run_id=run.pk, unit_code=row[1]).get(row[0])
