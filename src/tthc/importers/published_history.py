"""Reads of the portal's published figures over time, for one unit (issue 12, item 4):
every import of a period side by side (the portal revises its figures, and a newer
answer keeps the older as history), and the months' published totals beside the totals
our records give."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from tthc.engine.periods import Period, PeriodError
from tthc.engine.rules import load_methodology
from tthc.scoring import rule_sets
from tthc.scoring.models import SubjectScore, SubjectType
from tthc.scoring.selectors import period_label, period_sort_key

from .models import PublishedMetric, PublishedUnit

_CENT = Decimal("0.01")


def _cents(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(_CENT)


def unit_imports(*, period: str, unit_id: int) -> list[dict[str, Any]]:
    """Per group, the unit as each import of the period published it, oldest first, and
    each metric's figures per import (None where an import lacks it), `changed` when the
    imports disagree."""
    rows = list(PublishedUnit.objects.filter(answer__period=period, unit_id=unit_id, overview=False)
                .select_related("answer").order_by("answer__group", "answer__imported_at", "answer__id", "position"))
    metrics: dict[int, dict[str, PublishedMetric]] = defaultdict(dict)
    for metric in PublishedMetric.objects.filter(unit__in=[r.pk for r in rows]):
        metrics[metric.unit_id].setdefault(metric.code, metric)
    by_group: dict[str, list[PublishedUnit]] = defaultdict(list)
    for row in rows:
        if all(row.answer_id != other.answer_id for other in by_group[row.answer.group]):
            by_group[row.answer.group].append(row)
    methodology = None
    groups = []
    for group, imports in by_group.items():
        methodology = methodology or load_methodology(_method(period))
        codes = list(dict.fromkeys(code for row in imports for code in metrics[row.pk]))
        lines = []
        for code in codes:
            cells = [_cell(metrics[row.pk].get(code)) for row in imports]
            spec = methodology.indicators.get(code)
            shown = {(c["numerator"], c["denominator"], c["ratio"], c["points"]) for c in cells if c is not None}
            lines.append({"code": code, "short": spec.short if spec else "",
                          "name": spec.name_vi if spec else next(
                              (metrics[r.pk][code].name for r in imports if code in metrics[r.pk]), code),
                          "cells": cells, "changed": len(shown) > 1 or None in cells})
        spec_group = methodology.groups.get(group)
        groups.append({"code": group, "name": spec_group.name_vi if spec_group else group,
                       "imports": [{"answer": r.answer.answer, "source": r.answer.source,
                                    "imported_at": r.answer.imported_at, "actor": r.answer.actor,
                                    "current": r.answer.current, "total": _cents(r.total_score)}
                                   for r in imports],
                       "metrics": lines})
    return groups


def _method(period: str) -> str:
    return rule_sets.for_period(period)[0]


def _cell(metric: PublishedMetric | None) -> dict[str, Any] | None:
    if metric is None:
        return None
    return {"numerator": metric.numerator, "denominator": metric.denominator, "ratio": _cents(metric.ratio),
            "points": _cents(metric.score), "quality": " — ".join(
                p for p in (metric.quality_status, metric.quality_message) if p)}


def _month(code: str) -> Period | None:
    try:
        found = Period.parse(code)
    except PeriodError:
        return None
    return found if found.is_month else None


def unit_trend(*, unit_id: int) -> dict[str, Any]:
    """Month by month, the unit's published total (its groups' totals in the current
    answers) beside its total in the month's current run, oldest first; with the chart's
    numbers (the table holds the same)."""
    published: dict[str, Decimal] = defaultdict(Decimal)
    groups: dict[str, int] = defaultdict(int)
    for period, total in PublishedUnit.objects.filter(unit_id=unit_id, overview=False, answer__current=True
                                                      ).values_list("answer__period", "total_score"):
        if _month(period) is not None and total is not None:
            published[period] += total
            groups[period] += 1
    months = sorted(published, key=lambda code: _month(code).start)  # type: ignore[union-attr]
    computed: dict[str, Decimal | None] = {}
    for period, method, profile, total in SubjectScore.objects.filter(
            unit_id=unit_id, subject_type=SubjectType.AGENCY, run__is_current=True, run__period__code__in=months,
    ).values_list("run__period__code", "run__method", "run__profile", "total"):
        if (method, profile) == rule_sets.for_period(period):
            computed[period] = _cents(total)
    rows = []
    for code in months:
        ours = computed.get(code)
        theirs = _cents(published[code])
        rows.append({"period": code, "label": period_label(code), "published": theirs, "groups": groups[code],
                     "computed": ours, "difference": None if ours is None or theirs is None else ours - theirs})
    chart = {"categories": [r["label"] for r in rows], "decimals": 2,
             "series": [{"name": "Cổng công bố", "values": [_number(r["published"]) for r in rows]},
                        {"name": "Tính từ hồ sơ", "values": [_number(r["computed"]) for r in rows]}]}
    return {"months": rows, "chart": chart}


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def published_periods() -> list[dict[str, Any]]:
    """The periods with published figures imported (current answers), newest first."""
    found: dict[str, set[str]] = defaultdict(set)
    for period, group in PublishedUnit.objects.filter(answer__current=True).values_list(
            "answer__period", "answer__group").distinct():
        found[period].add(group)
    return [{"code": code, "label": period_label(code), "groups": sorted(groups)}
            for code, groups in sorted(found.items(), key=lambda item: period_sort_key(item[0]))]
