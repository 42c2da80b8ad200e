"""Reads of import runs and their issues, as plain data (dashboards, explanations)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from tthc.importers.models import ImportIssue, ImportRun, IssueSeverity

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
    from django.db.models import Count, Q

    from tthc.importers.models import PublishedAnswer

    return list(PublishedAnswer.objects.order_by("-imported_at", "-id").annotate(
        units_count=Count("units", filter=Q(units__overview=False)),
        unmatched_count=Count("units", filter=Q(units__overview=False, units__unit__isnull=True)),
    ).values("id", "period", "answer", "group", "source", "imported_at", "actor", "current",
             "units_count", "unmatched_count")[:limit])
