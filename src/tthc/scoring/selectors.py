"""Reads of stored scores for the web pages: plain data, a constant number of queries."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tthc.audit.models import AuditEntry
from tthc.dossiers.models import Dossier
from tthc.engine.periods import Period as PeriodSpan
from tthc.engine.periods import PeriodError
from tthc.organisation.models import UnitKind

from . import packing
from .models import DossierPoints, OverdueCount, ScoringRun, SubjectScore, SubjectType

DEFAULT_METHOD = "nd61-tt01"
DEFAULT_PROFILE = "dien-bien-1187"

# The action `tthc demo` records when it loads the synthetic data set.
DEMO_LOADED_ACTION = "demo_loaded"

AGENCY_INDICATORS = ("i1", "i2", "i3", "i4", "i5", "i6", "i7", "i8", "i9")
OFFICIAL_INDICATORS = ("i1", "i2", "i3", "i4", "i7")

# Levels ranked separately (methodology §3), in the order reports show them.
LEVELS = (UnitKind.PROVINCE_AGENCY, UnitKind.DISTRICT, UnitKind.COMMUNE)

AGENCY_CLASS_LABELS = {
    "xuat_sac": "Xuất sắc",
    "tot": "Tốt",
    "kha": "Khá",
    "trung_binh": "Trung bình",
    "yeu": "Yếu",
    "khong_du_du_lieu": "Không đủ dữ liệu",
}
OFFICIAL_CLASS_LABELS = {
    "ht_100": "Hoàn thành 100% nhiệm vụ",
    "ht_70_100": "Từ 70% đến dưới 100%",
    "ht_duoi_70": "Dưới 70%",
    "khong_du_du_lieu": "Không đủ dữ liệu",
}
# Below this many responses a satisfaction rate is flagged as a small sample (§3).
SMALL_SAMPLE = 30

_PERIOD_ORDER = {"Q1": 0, "Q2": 1, "H1": 2, "Q3": 3, "Q4": 4, "H2": 5, "": 6}


def dataset_is_demo() -> bool:
    """Whether the database holds the synthetic demonstration data set."""
    return AuditEntry.objects.filter(action=DEMO_LOADED_ACTION).exists()


def period_label(code: str) -> str:
    try:
        return PeriodSpan.parse(code).label_vi
    except PeriodError:
        return code


def period_sort_key(code: str) -> tuple[int, int, str]:
    year, _, part = code.partition("-")
    return (-int(year) if year.isdigit() else 0, _PERIOD_ORDER.get(part, 7), code)


def current_run(*, period: str, method: str = DEFAULT_METHOD,
                profile: str = DEFAULT_PROFILE) -> ScoringRun | None:
    """A period's current run under a rule set (with its period), or None: the one lookup
    every page, report and cycle step starts from."""
    return (
        ScoringRun.objects.filter(
            period__code=period, method=method, profile=profile, is_current=True
        )
        .select_related("period")
        .order_by("-computed_at", "-id")
        .first()
    )


def periods_with_scores(
    *, method: str = DEFAULT_METHOD, profile: str = DEFAULT_PROFILE
) -> list[dict[str, Any]]:
    """Periods that have a current run for the method and profile, newest year first."""
    runs = (
        ScoringRun.objects.filter(method=method, profile=profile, is_current=True)
        .select_related("period")
        .order_by("period__code", "-computed_at", "-id")
    )
    latest: dict[str, ScoringRun] = {}
    for run in runs:
        latest.setdefault(run.period.code, run)
    return [
        {
            "code": code,
            "label": period_label(code),
            "state": run.period.get_state_display(),
            "computed_at": run.computed_at,
            "dossiers_scored": run.dossiers_scored,
        }
        for code, run in sorted(latest.items(), key=lambda item: period_sort_key(item[0]))
    ]


def _indicators(score: SubjectScore, names: tuple[str, ...]) -> list[Decimal | None]:
    return [getattr(score, name) for name in names]


def _satisfaction(score: SubjectScore) -> dict[str, Any]:
    return {
        "responses": score.responses,
        "rate": score.satisfaction_rate,
        "low": score.satisfaction_low,
        "high": score.satisfaction_high,
        "small_sample": score.responses < SMALL_SAMPLE,
    }


def _rank_key(row: dict[str, Any]) -> tuple[bool, int, str]:
    return (row["rank"] is None, row["rank"] or 0, row["code"])


def period_ranking(
    *, period: str, method: str = DEFAULT_METHOD, profile: str = DEFAULT_PROFILE
) -> dict[str, Any] | None:
    """The current run's agency ranking per level and officials' scores, or None.

    Three queries whatever the number of subjects: the run, its scores, its overdue
    counts.
    """
    run = current_run(period=period, method=method, profile=profile)
    if run is None:
        return None
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

    agencies: dict[str, list[dict[str, Any]]] = {kind.value: [] for kind in LEVELS}
    officials: list[dict[str, Any]] = []
    listed_units: set[int] = set()
    for score in scores:
        if score.subject_type == SubjectType.OFFICIAL and score.official is not None:
            officials.append(
                {
                    "code": score.official.code,
                    "name": score.official.full_name,
                    "unit_code": score.unit.code,
                    "unit_name": score.unit.name,
                    "dossiers": score.dossiers,
                    "indicators": _indicators(score, OFFICIAL_INDICATORS),
                    "total": score.total,
                    "class_code": score.class_code,
                    "class_label": OFFICIAL_CLASS_LABELS.get(score.class_code,
                                                             score.class_code),
                    "satisfaction": _satisfaction(score),
                }
            )
        elif score.subject_type == SubjectType.AGENCY and score.unit.kind in agencies:
            listed_units.add(score.unit_id)
            agencies[score.unit.kind].append(
                {
                    "code": score.unit.code,
                    "name": score.unit.name,
                    "dossiers": score.dossiers,
                    "indicators": _indicators(score, AGENCY_INDICATORS),
                    "total": score.total,
                    "class_code": score.class_code,
                    "class_label": AGENCY_CLASS_LABELS.get(score.class_code,
                                                           score.class_code),
                    "rank": score.rank,
                    "satisfaction": _satisfaction(score),
                    "overdue_unfinished": overdue_by_unit.get(score.unit_id, 0),
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
        "levels": [
            {"kind": kind.value, "label": kind.label, "agencies": agencies[kind.value]}
            for kind in LEVELS
        ],
        "officials": officials,
        "overdue_elsewhere": overdue_elsewhere,
    }


def dossier_points(*, run_id: int, unit_code: str | None = None) -> dict[int, dict[str, int | None]]:
    """Per-dossier points stored by a run (all units, or one), by dossier id."""
    batches = DossierPoints.objects.filter(run_id=run_id)
    if unit_code is not None:
        batches = batches.filter(unit__code=unit_code)
    found: dict[int, dict[str, int | None]] = {}
    for ids, points in batches.values_list("dossier_ids", "points"):
        id_array, matrix = packing.unpack(ids, points)
        for dossier_id, row in zip(id_array.tolist(), matrix, strict=True):
            found[dossier_id] = packing.as_dict(row)
    return found


def current_dossier_points(*, dossier_code: str, period: str, method: str = "nd61-tt01",
                           profile: str = "dien-bien-1187") -> dict[str, int | None] | None:
    """The stored points of one dossier in a period's current run (None: not scored there)."""
    row = (Dossier.objects.filter(code=dossier_code).values_list("id", "unit__code").first())
    run = current_run(period=period, method=method, profile=profile)
    if row is None or run is None:
        return None
    return dossier_points(run_id=run.pk, unit_code=row[1]).get(row[0])
