"""Two runs of one period side by side: who changes class or rank, and why.

The runs may differ in profile, in methodology, or only in time (before and after a
rule change or new records). Each side is read in its own layout; "why" is what can be
told from the stored runs: the indicators whose values differ (those both layouts
share, and those only one has) and the rule parameters whose values differ.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .models import ScoringRun, SubjectScore, SubjectType
from .selectors import at_decimals, layout_of, level_label


class ComparisonError(ValueError):
    """Runs that cannot be compared (message in Vietnamese)."""


@dataclass(frozen=True)
class Side:
    run: ScoringRun

    def describe(self) -> dict[str, Any]:
        run = self.run
        return {"run": run.pk, "method": run.method, "profile": run.profile,
                "rule_version": run.rule_version, "computed_at": run.computed_at.isoformat(),
                "is_current": run.is_current, "dossiers_scored": run.dossiers_scored}


def runs_of(period: str, first: int, second: int) -> tuple[ScoringRun, ScoringRun]:
    found = {run.pk: run for run in ScoringRun.objects.filter(pk__in=[first, second])
             .select_related("period")}
    for pk in (first, second):
        if pk not in found:
            raise ComparisonError(f"Không có lần tính điểm số {pk}.")
        if found[pk].period.code != period:
            raise ComparisonError(f"Lần tính điểm số {pk} thuộc kỳ {found[pk].period.code}, "
                                  f"không phải kỳ {period}.")
    if first == second:
        raise ComparisonError("Hãy chọn hai lần tính điểm khác nhau để so sánh.")
    return found[first], found[second]


def period_runs(period: str) -> list[ScoringRun]:
    """The runs of a period that still hold their scores, newest first."""
    return list(ScoringRun.objects.filter(period__code=period).select_related("period")
                .order_by("-is_current", "-computed_at", "-id"))


def _agency_rows(run: ScoringRun) -> dict[str, dict[str, Any]]:
    layout = layout_of(run)
    rows = {}
    for score in (SubjectScore.objects.filter(run=run, subject_type=SubjectType.AGENCY)
                  .select_related("unit")):
        values = {spec.code: None if score.values.get(spec.code) is None
                  else at_decimals(Decimal(score.values[spec.code]), spec.decimals)
                  for spec in layout.agency.indicators}
        rows[score.unit.code] = {
            "name": score.unit.name, "kind": score.unit.kind, "values": values,
            "total": at_decimals(score.total, layout.total_decimals),
            "class_code": score.class_code,
            "class_label": score.class_label or layout.agency.class_label(score.class_code),
            "rank": score.rank,
        }
    return rows


def _parameters(first: ScoringRun, second: ScoringRun) -> list[dict[str, Any]]:
    a = (first.parameters or {}).get("values", {})
    b = (second.parameters or {}).get("values", {})
    return [{"name": name, "a": a.get(name), "b": b.get(name)}
            for name in sorted(set(a) | set(b)) if a.get(name) != b.get(name)]


def _delta(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None or b is None else b - a


def compare(first: ScoringRun, second: ScoringRun) -> dict[str, Any]:
    """The agencies of two runs side by side, those that change class first, then by
    the size of their rank change."""
    la, lb = layout_of(first), layout_of(second)
    names_a = {spec.code: spec for spec in la.agency.indicators}
    names_b = {spec.code: spec for spec in lb.agency.indicators}
    shared = [code for code in names_a if code in names_b]
    rows_a, rows_b = _agency_rows(first), _agency_rows(second)
    units = []
    for code in sorted(set(rows_a) | set(rows_b)):
        a, b = rows_a.get(code), rows_b.get(code)
        either = a or b
        assert either is not None
        why = [{"indicator": c, "short": names_a[c].short, "a": a["values"][c] if a else None,
                "b": b["values"][c] if b else None,
                "delta": _delta(a["values"][c] if a else None, b["values"][c] if b else None)}
               for c in shared if (a["values"][c] if a else None) != (b["values"][c] if b else None)]
        rank_a, rank_b = (a or {}).get("rank"), (b or {}).get("rank")
        units.append({
            "unit": code, "name": either["name"], "level": either["kind"],
            "level_label": level_label(either["kind"]),
            "a": a, "b": b,
            "class_changed": (a or {}).get("class_code") != (b or {}).get("class_code"),
            "rank_change": None if rank_a is None or rank_b is None else rank_a - rank_b,
            "total_change": _delta((a or {}).get("total"), (b or {}).get("total")),
            "indicators_changed": why,
        })
    units.sort(key=lambda u: (not u["class_changed"], -abs(u["rank_change"] or 0), u["level"], u["unit"]))
    return {
        "period": first.period.code,
        "a": Side(first).describe(), "b": Side(second).describe(),
        "indicators": {"shared": [{"code": c, "short": names_a[c].short, "name_vi": names_a[c].name_vi}
                                  for c in shared],
                       "only_a": [s.short for c, s in names_a.items() if c not in names_b],
                       "only_b": [s.short for c, s in names_b.items() if c not in names_a]},
        "same_methodology": first.method == second.method,
        "parameters_changed": _parameters(first, second) if first.method == second.method else [],
        "units": units,
        "class_changes": sum(u["class_changed"] for u in units),
        "rank_changes": sum(bool(u["rank_change"]) for u in units),
    }


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def as_json(comparison: dict[str, Any]) -> dict[str, Any]:
    """The comparison as `tthc compare --json` prints it (format_version 1)."""
    return {"format_version": 1, **_plain(comparison)}
