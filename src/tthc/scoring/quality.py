"""Data-quality findings that accompany a period's scores (never change them)."""

from __future__ import annotations

from tthc.engine.aggregate import PeriodResult
from tthc.importers.models import ImportIssue, IssueSeverity


def period_warnings(result: PeriodResult) -> list[str]:
    """Import warnings about the period's scored dossiers, then record/citizen conflicts."""
    codes = {r.code for r in result.dossier_results}
    lines = [
        f"{key}: {message}"
        for key, message in ImportIssue.objects.filter(severity=IssueSeverity.WARNING)
        .order_by("record_key", "id").values_list("record_key", "message_vi").iterator()
        if key in codes
    ]
    lines.extend(f"{code}: {conflict}" for code, conflict in result.conflicts)
    return lines
