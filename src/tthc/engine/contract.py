"""The public JSON of ``tthc score --json`` (interchange.md §5, format_version 1).

Field names and value shapes are a contract other systems depend on: change them only
with a new format_version.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .aggregate import PeriodResult, SubjectScore

FORMAT_VERSION = 1


def _number(value: Decimal | None) -> float | None:
    # One decimal (points) or three (shares) survive a float exactly enough for JSON:
    # float(Decimal("14.1")) prints as 14.1.
    return None if value is None else float(value)


def _satisfaction(score: SubjectScore) -> dict[str, Any]:
    s = score.satisfaction
    return {"responses": s.trials, "rate": _number(s.rate), "low": _number(s.low),
            "high": _number(s.high)}


def period_json(result: PeriodResult) -> dict[str, Any]:
    rules = result.rules
    agencies = [
        {
            "unit": a.code,
            "dossiers": a.dossiers,
            "indicators": {n: _number(v) for n, v in a.indicators.items()},
            "total": _number(a.total),
            "class": a.class_code,
            "rank": a.rank,
            "satisfaction": _satisfaction(a),
        }
        for a in result.agencies
    ]
    officials = [
        {
            "official": o.code,
            "unit": o.unit_code,
            "dossiers": o.dossiers,
            "indicators": {n: _number(v) for n, v in o.indicators.items()},
            "total": _number(o.total),
            "class": o.class_code,
            "satisfaction": _satisfaction(o),
        }
        for o in sorted(result.officials, key=lambda o: o.code)
    ]
    return {
        "format_version": FORMAT_VERSION,
        "period": result.period.code,
        "method": rules.methodology.id,
        "profile": rules.profile.id,
        "rule_version": rules.version,
        "agencies": agencies,
        "officials": officials,
        "overdue_unfinished": [{"unit": u, "count": n}
                               for u, n in sorted(result.overdue_unfinished.items()) if n],
    }
