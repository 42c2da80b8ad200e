"""An index of ratios read from a run (layout `figures`): each unit's groups and metrics.

`period_results` gives every methodology's rows; a run whose layout carries groups and
figures (the national index) is read here into what its pages, reports and open data
show: per group the known points, the maximum and the points still unknown; per metric
its numerator, denominator, ratio, points and source. Everything — which groups, which
metrics, their names and maxima — comes from the run's stored layout, never from a
methodology file. Unknown points are None, never 0.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from tthc.engine.aggregate import NO_SOURCE, PORTAL, RECORDS
from tthc.engine.layout import Layout

# Where a metric's figures come from, as a reader says it (engine.aggregate.SOURCES).
SOURCE_LABELS = {
    RECORDS: "từ hồ sơ của tỉnh",
    PORTAL: "số liệu Cổng Dịch vụ công quốc gia công bố",
    NO_SOURCE: "chưa có số liệu",
}
# What an indicator counted over items counts (engine.rules.PER_ITEM), as a reader says it.
ITEM_NOUNS = {"petition": "phản ánh, kiến nghị", "procedure": "thủ tục"}
UNKNOWN_VI = "chưa có số liệu"
UNRANKED_VI = "chưa xếp hạng"
_PERCENT = Decimal("0.01")


def is_index(layout: Layout) -> bool:
    """Whether a run's layout is an index of ratios with groups (its pages show groups)."""
    return bool(layout.figures and layout.groups)


def is_unknown(layout: Layout, figures: dict[str, Any], code: str) -> bool:
    """Whether a metric of a unit's stored figures has no source: its points are unknown,
    not N/A (a run without figures has no unknown metric)."""
    if not is_index(layout):
        return False
    return str((figures.get(code) or {}).get("source", NO_SOURCE)) == NO_SOURCE


def ratio_percent(numerator: int | None, denominator: int | None) -> Decimal | None:
    """numerator / denominator in percent at two decimals, half-up (None: no ratio)."""
    if numerator is None or not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(_PERCENT, ROUND_HALF_UP)


def source_label(source: str) -> str:
    return SOURCE_LABELS.get(source, source)


def metrics(layout: Layout, row: dict[str, Any],
            lost: dict[str, int | None] | None = None) -> list[dict[str, Any]]:
    """A unit's metrics in the layout's order, each with its figures and source (and,
    given `lost`, how many of its dossiers cost each per-dossier metric points)."""
    figures = row.get("figures") or {}
    out = []
    for spec, points in zip(layout.agency.indicators, row["indicators"], strict=True):
        figure = figures.get(spec.code) or {}
        source = str(figure.get("source", NO_SOURCE))
        known = source != NO_SOURCE
        numerator, denominator = figure.get("n"), figure.get("d")
        out.append({
            "spec": spec, "code": spec.code, "short": spec.short, "name": spec.name_vi,
            "group": spec.group, "max": spec.max_points, "decimals": spec.decimals,
            "numerator": numerator if known else None,
            "denominator": denominator if known else None,
            "ratio": ratio_percent(numerator, denominator) if known else None,
            "points": points if known else None,
            "known": known, "source": source, "source_label": source_label(source),
            "per_dossier": spec.code in layout.dossier_columns,
            "lost": (lost or {}).get(spec.code),
            # Counted over petitions or procedures: those that did not count are listed
            # (denominator − numerator of them), linked like a per-dossier metric's.
            "per_item": spec.per_item and known,
            "item_noun": ITEM_NOUNS.get(spec.per, ""),
            "missed": denominator - numerator if spec.per_item and known and denominator is not None
            and numerator is not None else None,
            "parts": [{"name": str(p[0]), "numerator": p[1], "denominator": p[2],
                       "ratio": ratio_percent(p[1], p[2])}
                      for p in figure.get("parts", ()) if known and len(p) == 3],
        })
    return out


def groups(layout: Layout, row: dict[str, Any],
           lost: dict[str, int | None] | None = None) -> list[dict[str, Any]]:
    """A unit's groups in the layout's order: the known points (None when none of its
    metrics is known), the maximum, the points unknown, and its metrics."""
    by_group: dict[str | None, list[dict[str, Any]]] = {}
    for metric in metrics(layout, row, lost):
        by_group.setdefault(metric["group"], []).append(metric)
    out = []
    for group in layout.groups:
        members = by_group.get(group.code, [])
        known = [m for m in members if m["known"]]
        unknown = sum((m["max"] for m in members if not m["known"]), Decimal(0))
        points = sum((m["points"] for m in known if m["points"] is not None), Decimal(0))
        out.append({
            "code": group.code, "name": group.name_vi, "max": group.max_points,
            "points": points.quantize(_PERCENT) if known else None,
            "unknown": unknown, "all_unknown": not known, "metrics": members,
        })
    return out


def level_rows(layout: Layout, level: dict[str, Any]) -> list[dict[str, Any]]:
    """A level's units with their groups, the order of the ranking: ranked units by
    rank, then the unranked by their known points (highest first), then by code."""
    rows = [{**row, "groups": groups(layout, row)} for row in level["agencies"]]
    rows.sort(key=lambda r: (r["rank"] is None, r["rank"] or 0,
                             -(r["total"] if r["total"] is not None else Decimal(-1)), r["code"]))
    for place, row in enumerate(rows, start=1):
        row["place"] = place
    return rows
