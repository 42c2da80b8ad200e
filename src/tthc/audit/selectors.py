"""Reads of the audit log, as plain data."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tthc.audit.models import AuditEntry

_FIELDS = ("id", "at", "actor", "user__username", "action", "object_type", "object_key",
           "before", "after", "reason")


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    row["user"] = row.pop("user__username")
    return row


def audit_history(*, object_type: str, object_key: str) -> list[dict[str, Any]]:
    """Every logged change of one record, newest first."""
    rows = AuditEntry.objects.filter(object_type=object_type, object_key=object_key)
    return [_plain(row) for row in rows.values(*_FIELDS)]


def audit_entries(*, object_type: str | None = None, actor: str | None = None,
                  action: str | None = None, since: datetime | None = None,
                  limit: int = 100) -> list[dict[str, Any]]:
    """The latest entries, newest first, optionally narrowed."""
    rows = AuditEntry.objects.all()
    if object_type is not None:
        rows = rows.filter(object_type=object_type)
    if actor is not None:
        rows = rows.filter(actor=actor)
    if action is not None:
        rows = rows.filter(action=action)
    if since is not None:
        rows = rows.filter(at__gte=since)
    return [_plain(row) for row in rows.values(*_FIELDS)[:limit]]
