"""Compare what the bulk and the per-dossier scoring paths computed for one period.

The inputs are the files `probe.py summarise` wrote. Any difference is a failure of the
bulk path's contract (issue 3: identical results), so every one is listed, up to a
limit, in terms a reader can check with `tthc explain`.
"""

from __future__ import annotations

import json
from itertools import zip_longest
from pathlib import Path

SHOWN = 25


def _subjects(summary: dict, kind: str) -> dict[str, dict]:
    return {s["code"]: s for s in summary[kind]}


def _diff_subject(kind: str, code: str, bulk: dict, per_dossier: dict) -> list[str]:
    found = []
    for name in ("unit", "kind", "dossiers", "total", "class", "rank", "small_sample"):
        if bulk[name] != per_dossier[name]:
            found.append(f"{kind} {code}: {name} bulk={bulk[name]!r} per_dossier={per_dossier[name]!r}")
    for number in sorted(set(bulk["indicators"]) | set(per_dossier["indicators"])):
        b = bulk["indicators"].get(number, "(missing)")
        p = per_dossier["indicators"].get(number, "(missing)")
        if b != p:
            found.append(f"{kind} {code}: indicator {number} bulk={b!r} per_dossier={p!r}")
    for name in ("successes", "trials", "rate", "low", "high"):
        b, p = bulk["satisfaction"][name], per_dossier["satisfaction"][name]
        if b != p:
            found.append(f"{kind} {code}: satisfaction.{name} bulk={b!r} per_dossier={p!r}")
    # A methodology reporting figures (qd766): each metric's numerator, denominator,
    # source and parts, and the points of the metrics without figures.
    figures_b, figures_p = bulk.get("figures", {}), per_dossier.get("figures", {})
    for metric in sorted(set(figures_b) | set(figures_p)):
        b, p = figures_b.get(metric, "(missing)"), figures_p.get(metric, "(missing)")
        if b != p:
            found.append(f"{kind} {code}: figures of {metric} bulk={b!r} per_dossier={p!r}")
    if bulk.get("unknown_points") != per_dossier.get("unknown_points"):
        found.append(f"{kind} {code}: unknown_points bulk={bulk.get('unknown_points')!r} "
                     f"per_dossier={per_dossier.get('unknown_points')!r}")
    return found


def _diff_kind(kind: str, bulk: dict, per_dossier: dict) -> list[str]:
    found = []
    b, p = _subjects(bulk, kind), _subjects(per_dossier, kind)
    for code in sorted(set(b) - set(p)):
        found.append(f"{kind} {code}: only in the bulk result")
    for code in sorted(set(p) - set(b)):
        found.append(f"{kind} {code}: only in the per-dossier result")
    for code in sorted(set(b) & set(p)):
        found.extend(_diff_subject(kind, code, b[code], p[code]))
    # The order is part of the contract (levels, then rank, then code).
    order_b = [s["code"] for s in bulk[kind]]
    order_p = [s["code"] for s in per_dossier[kind]]
    if not found and order_b != order_p:
        first = next(i for i, (x, y) in enumerate(zip_longest(order_b, order_p)) if x != y)
        found.append(f"{kind}: order differs from position {first + 1}: "
                     f"bulk {order_b[first:first + 3]} per_dossier {order_p[first:first + 3]}")
    return found


def _diff_overdue(bulk: dict, per_dossier: dict) -> list[str]:
    b, p = bulk["overdue_unfinished"], per_dossier["overdue_unfinished"]
    return [f"overdue_unfinished {unit}: bulk={b.get(unit, 0)} per_dossier={p.get(unit, 0)}"
            for unit in sorted(set(b) | set(p)) if b.get(unit, 0) != p.get(unit, 0)]


def _dossier_lines(path: Path):
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            code, _, points = line.rstrip("\n").partition("\t")
            yield code, points.replace("\t", " ")


def _diff_dossiers(bulk_file: Path, per_dossier_file: Path, indicators: str) -> list[str]:
    """A merge of the two files, sorted by dossier code: a dossier missing from one side
    is one difference, not a shift of every line after it."""
    found: list[str] = []
    bulk, per_dossier = _dossier_lines(bulk_file), _dossier_lines(per_dossier_file)
    b, p = next(bulk, None), next(per_dossier, None)
    while (b is not None or p is not None) and len(found) <= SHOWN:
        if p is None or (b is not None and b[0] < p[0]):
            found.append(f"dossier {b[0]}: scored only by the bulk path")
            b = next(bulk, None)
        elif b is None or p[0] < b[0]:
            found.append(f"dossier {p[0]}: scored only by the per-dossier path")
            p = next(per_dossier, None)
        else:
            if b[1] != p[1]:
                found.append(f"dossier {b[0]}: points {indicators} bulk [{b[1]}] "
                             f"per_dossier [{p[1]}]")
            b, p = next(bulk, None), next(per_dossier, None)
    return found


def compare(bulk_path: Path, per_dossier_path: Path) -> dict:
    """Differences between two summaries, and what was compared."""
    bulk = json.loads(bulk_path.read_text(encoding="utf-8"))
    per_dossier = json.loads(per_dossier_path.read_text(encoding="utf-8"))
    differences = [*_diff_kind("agencies", bulk, per_dossier),
                   *_diff_kind("officials", bulk, per_dossier),
                   *_diff_overdue(bulk, per_dossier)]
    for name in ("method", "rule_version", "dossier_indicators"):
        if bulk.get(name) != per_dossier.get(name):
            differences.append(f"{name} bulk={bulk.get(name)!r} per_dossier={per_dossier.get(name)!r}")
    # Per-dossier points are compared when both paths keep them: the bulk path may
    # aggregate without materialising them, which the contract allows.
    dossiers_compared = None
    if bulk["dossier_points"] and per_dossier["dossier_points"]:
        # Summaries written before the indicators were named are nd61's.
        indicators = " ".join(per_dossier.get("dossier_indicators") or ("1", "2", "3", "4", "6", "7"))
        differences.extend(_diff_dossiers(bulk_path.with_suffix(".dossiers.tsv"),
                                          per_dossier_path.with_suffix(".dossiers.tsv"), indicators))
        dossiers_compared = per_dossier["dossier_points"]
    return {
        "identical": not differences,
        "differences": len(differences),
        "shown": differences[:SHOWN],
        "agencies": len(per_dossier["agencies"]),
        "officials": len(per_dossier["officials"]),
        "overdue_units": len(per_dossier["overdue_unfinished"]),
        "dossiers_compared": dossiers_compared,
    }
