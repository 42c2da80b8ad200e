"""The open data of a published period as CSV and JSON (docs/reports.md "Open data").

Machine-readable: decimal points (not the Vietnamese comma), ISO 8601 times, codes
beside labels. The CSV starts with a byte-order mark so that Excel, opening it with a
double click, reads UTF-8 and shows the diacritics.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from decimal import Decimal
from typing import Any

FORMAT_VERSION = 1
AGENCY_FIELDS = ("code", "name", "level", "level_label", "dossiers",
                 "i1", "i2", "i3", "i4", "i5", "i6", "i7", "i8", "i9", "total",
                 "class_code", "class_label", "rank",
                 "satisfaction_rate", "satisfaction_low", "satisfaction_high", "responses")
# `demo` is true for the synthetic demonstration data set: a file that leaves the site
# must still say it is not real (like every page and report).
CSV_FIELDS = ("period", *AGENCY_FIELDS, "published_at", "rule_version", "demo")


def _time(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _csv_value(value: Any) -> str:
    if value is None:
        return ""  # not applicable: empty, never 0
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


def as_csv(data: dict[str, Any]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_FIELDS)
    period_values = {"period": data["period"], "published_at": _time(data["published_at"]),
                     "rule_version": data["rule_version"], "demo": str(data["demo"]).lower()}
    for row in data["agencies"]:
        values = {**row, **period_values}
        writer.writerow([_csv_value(values[name]) for name in CSV_FIELDS])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def _json_value(value: Any) -> Any:
    # One decimal (points) or three (shares) print exactly as floats: 14.1, 0.925.
    return float(value) if isinstance(value, Decimal) else value


def as_json(data: dict[str, Any]) -> bytes:
    document = {
        "format_version": FORMAT_VERSION,
        "period": data["period"],
        "period_label": data["period_label"],
        "method": data["method"],
        "profile": data["profile"],
        "rule_version": data["rule_version"],
        "published_at": _time(data["published_at"]),
        "demo": data["demo"],
        "agencies": [{name: _json_value(row[name]) for name in AGENCY_FIELDS}
                     for row in data["agencies"]],
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
