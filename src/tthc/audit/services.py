"""Writes to the audit log. Every change to a stored record goes through here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from django.utils import timezone

from tthc.audit.models import AuditEntry


def jsonable(value: Any) -> Any:
    """A value as the JSON column stores it: instants in local time, ISO 8601."""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return jsonable(value.value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    return value


def _entry(*, actor: str, action: str, object_type: str, object_key: str,
           before: Mapping[str, Any] | None, after: Mapping[str, Any] | None,
           user: Any = None, reason: str = "") -> AuditEntry:
    return AuditEntry(
        actor=actor[:255], action=action, object_type=object_type,
        object_key=str(object_key)[:255],
        before=None if before is None else jsonable(before),
        after=None if after is None else jsonable(after),
        user=user, reason=reason,
    )


def audit_record(*, actor: str, action: str, object_type: str, object_key: str,
                 before: Mapping[str, Any] | None, after: Mapping[str, Any] | None,
                 user: Any = None, reason: str = "") -> AuditEntry:
    """Log one change. `before`/`after` hold the changed fields (None for create/delete)."""
    entry = _entry(actor=actor, action=action, object_type=object_type, object_key=object_key,
                   before=before, after=after, user=user, reason=reason)
    entry.save()
    return entry


def audit_records(*, actor: str, action: str, object_type: str,
                  changes: Iterable[tuple[str, Mapping[str, Any] | None,
                                          Mapping[str, Any] | None]],
                  user: Any = None, reason: str = "", batch_size: int = 2000) -> int:
    """Log many changes of one kind at once (an import batch): (key, before, after) each.

    Returns the number of entries written.
    """
    entries = [
        _entry(actor=actor, action=action, object_type=object_type, object_key=key,
               before=before, after=after, user=user, reason=reason)
        for key, before, after in changes
    ]
    AuditEntry.objects.bulk_create(entries, batch_size=batch_size)
    return len(entries)
