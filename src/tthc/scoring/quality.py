"""Data-quality findings that accompany a period's scores (never change them)."""

from __future__ import annotations

from tthc.engine.aggregate import PeriodResult
from tthc.importers.models import ImportIssue, IssueSeverity


def period_warnings(result: PeriodResult) -> list[str]:
    """Current import warnings about the period's scored dossiers (their steps,
    supplements, ratings and petitions included), then record/citizen conflicts, then
    the records scoring could not use as they stand."""
    codes = set(result.scored.codes)
    # One pass over the warnings rather than an IN list of up to millions of codes.
    rows = (ImportIssue.objects.filter(severity=IssueSeverity.WARNING, current=True)
            .exclude(dossier_code="")
            .order_by("dossier_code", "record_kind", "record_key", "id")
            .values_list("dossier_code", "message_vi").iterator())
    lines = [f"{code}: {message}" for code, message in rows if code in codes]
    lines.extend(f"{code}: {conflict}" for code, conflict in result.conflicts)
    lines.extend(f"{code}: {problem}" for code, problem in result.problems)
    return lines
