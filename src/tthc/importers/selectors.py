"""Reads of import runs and their issues, and of the portal's published figures, as plain
data (dashboards, explanations, the scoring of a period)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from tthc.engine.method import Published
from tthc.importers.models import ImportIssue, ImportRun, IssueSeverity, PublishedAnswer, PublishedMetric

_CENT = Decimal("0.01")
_ISSUE_FIELDS = ("id", "run_id", "severity", "source", "line", "field", "code", "record_kind",
                 "record_key", "dossier_code", "message_vi", "message_en")


def dossier_warnings(*, codes: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """Current data-quality warnings of dossiers and of their steps, supplements, ratings
    and petitions, by dossier code (warnings of a record imported again later are
    superseded by that later import's)."""
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    codes = list(codes)
    # Chunks keep the IN list within every backend's parameter limit.
    for start in range(0, len(codes), 2000):
        rows = ImportIssue.objects.filter(
            dossier_code__in=codes[start:start + 2000], severity=IssueSeverity.WARNING,
            current=True,
        ).order_by("dossier_code", "record_kind", "record_key", "id").values(*_ISSUE_FIELDS)
        for row in rows:
            found[row["dossier_code"]].append(row)
    return dict(found)


def record_issues(*, record_kind: str, record_key: str, current_only: bool = True
                  ) -> list[dict[str, Any]]:
    """The issues (rejections and warnings) recorded about one record, oldest first."""
    rows = ImportIssue.objects.filter(record_kind=record_kind, record_key=record_key)
    if current_only:
        rows = rows.filter(current=True)
    return list(rows.order_by("id").values(*_ISSUE_FIELDS))


def run_list(*, limit: int = 50) -> list[dict[str, Any]]:
    """The latest import runs with their counts, newest first."""
    return list(ImportRun.objects.order_by("-started_at", "-id").values(
        "id", "kind", "source", "started_at", "finished_at", "outcome", "read", "created",
        "updated", "unchanged", "rejected", "warnings")[:limit])


def run_issues(*, run_id: int, severity: str | None = None) -> list[dict[str, Any]]:
    rows = ImportIssue.objects.filter(run_id=run_id)
    if severity is not None:
        rows = rows.filter(severity=severity)
    return list(rows.order_by("id").values(*_ISSUE_FIELDS))


def published_answer_list(*, limit: int = 50) -> list[dict[str, Any]]:
    """The portal's published answers imported, newest first, with how many of their
    units are matched and unmatched (the upload page's history)."""
    return list(PublishedAnswer.objects.order_by("-imported_at", "-id").annotate(
        units_count=Count("units", filter=Q(units__overview=False)),
        unmatched_count=Count("units", filter=Q(units__overview=False, units__unit__isnull=True)),
    ).values("id", "period", "answer", "group", "source", "imported_at", "actor", "current",
             "units_count", "unmatched_count")[:limit])


def published_figures(*, period: str) -> dict[str, dict[str, Published]]:
    """The portal's current published figures of a period, by unit code and metric code,
    for the metrics it scored (a figure without points is not one to score by)."""
    found: dict[str, dict[str, Published]] = defaultdict(dict)
    rows = PublishedMetric.objects.filter(
        unit__answer__period=period, unit__answer__current=True, unit__unit__isnull=False,
        score__isnull=False,
    ).values_list("unit__unit__code", "code", "numerator", "denominator", "score", "quality_status",
                  "quality_message", "unit__answer__source", "unit__answer__imported_at")
    for unit, code, numerator, denominator, score, status, message, source, imported in rows:
        when = timezone.localtime(imported).strftime("%d/%m/%Y %H:%M")
        evidence = f"Số liệu Cổng Dịch vụ công quốc gia công bố cho kỳ {period} (tệp {source}, nhập lúc {when})."
        if status or message:
            note = " — ".join(part for part in (status, message) if part)
            evidence += f" Cổng ghi chú chất lượng dữ liệu: {note}."
        # The portal publishes 2 decimals; stored with 6, scored with the published 2.
        found[unit][code] = Published(numerator, denominator, score.quantize(_CENT), evidence)
    return dict(found)
