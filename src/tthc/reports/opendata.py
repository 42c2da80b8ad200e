"""The open data of a published period as CSV and JSON (docs/reports.md "Open data").

Machine-readable: decimal points (not the Vietnamese comma), ISO 8601 times, codes
beside labels. The CSV starts with a byte-order mark so that Excel, opening it with a
double click, reads UTF-8 and shows the diacritics. A text that a spreadsheet would
run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) has a
single quote in front (`tthc.cells`); the JSON carries every text as it is.

The columns are the fixed fields below with one column per indicator of the agency
subject, in the run's layout order, between `dossiers` and `total`; `indicator_column`
names them: `i` and the code for a numeric code (nd61-tt01's nine indicators give
the format's columns since version 1), `i_` and the code otherwise (never a fixed field's
name, and never the same column for two codes).

A run of an index of ratios (layout `figures`, the national index) is format version 2:
after each indicator's points its numerator, denominator and source (`…_n`, `…_d`,
`…_source`: records, portal or none), then one column per group (`g_` and its code),
and `unknown_points` after the total. An unknown value is empty (null), never 0.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from tthc.cells import csv_text
from tthc.engine.aggregate import NO_SOURCE
from tthc.engine.rules import Group, Indicator

FORMAT_VERSION = 1
FIGURES_FORMAT_VERSION = 2  # a run of an index of ratios: figures, groups, points unknown
FIGURE_SUFFIXES = (("_n", "n"), ("_d", "d"), ("_source", "source"))
# An agency's fields before and after its indicator columns.
LEADING_FIELDS = ("code", "name", "level", "level_label", "dossiers")
TRAILING_FIELDS = ("total", "class_code", "class_label", "rank",
                   "satisfaction_rate", "satisfaction_low", "satisfaction_high", "responses")
# `demo` is true for the synthetic demonstration data set: a file that leaves the site
# must still say it is not real (like every page and report).
PERIOD_FIELDS = ("published_at", "rule_version", "demo")


def indicator_column(code: str) -> str:
    """The open-data column of an indicator: `i` + "1" for code "1", "i_A2" for code "A2"."""
    return f"i{code}" if code.isascii() and code.isdigit() else f"i_{code}"


def group_column(code: str) -> str:
    return f"g_{code}"


def agency_fields(indicators: Sequence[Indicator], groups: Sequence[Group] = (),
                  *, figures: bool = False) -> tuple[str, ...]:
    """An agency's fields, in order, for a run's agency indicators (and, for an index of
    ratios, each indicator's figures, the groups and the points unknown)."""
    if not figures:
        return (*LEADING_FIELDS, *(indicator_column(spec.code) for spec in indicators),
                *TRAILING_FIELDS)
    columns = [column for spec in indicators for column in (
        indicator_column(spec.code),
        *(indicator_column(spec.code) + suffix for suffix, _key in FIGURE_SUFFIXES))]
    return (*LEADING_FIELDS, *columns, *(group_column(g.code) for g in groups),
            TRAILING_FIELDS[0], "unknown_points", *TRAILING_FIELDS[1:])


def _fields(data: dict[str, Any]) -> tuple[str, ...]:
    return agency_fields(data["indicators"], data.get("groups", ()),
                         figures=bool(data.get("figures")))


def csv_fields(indicators: Sequence[Indicator], groups: Sequence[Group] = (),
               *, figures: bool = False) -> tuple[str, ...]:
    """The CSV header: the period, an agency's fields, then the period's own fields."""
    return ("period", *agency_fields(indicators, groups, figures=figures), *PERIOD_FIELDS)


def _agency(row: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """An agency's row with its indicator values (and figures) under their column names."""
    indicators = data["indicators"]
    flat = {name: row[name] for name in (*LEADING_FIELDS, *TRAILING_FIELDS)}
    flat.update({indicator_column(spec.code): row["points"][spec.code] for spec in indicators})
    if data.get("figures"):
        for spec in indicators:
            figure = row["figures"].get(spec.code) or {}
            known = figure.get("source", NO_SOURCE) != NO_SOURCE
            for suffix, key in FIGURE_SUFFIXES:
                value = figure.get(key, NO_SOURCE) if key == "source" else figure.get(key)
                flat[indicator_column(spec.code) + suffix] = value if known or key == "source" else None
        flat.update({group_column(g.code): row["groups"].get(g.code) for g in data["groups"]})
        flat["unknown_points"] = row["unknown_points"]
    return flat


def _time(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _csv_value(value: Any) -> str:
    if value is None:
        return ""  # not applicable: empty, never 0
    if isinstance(value, Decimal):
        return f"{value:f}"  # a number, negative or not: never quoted
    if isinstance(value, str):
        return csv_text(value)  # a name as imported: `'=…`, never a live formula
    return str(value)


def as_csv(data: dict[str, Any]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    fields = ("period", *_fields(data), *PERIOD_FIELDS)
    writer.writerow(fields)
    period_values = {"period": data["period"], "published_at": _time(data["published_at"]),
                     "rule_version": data["rule_version"], "demo": str(data["demo"]).lower()}
    for row in data["agencies"]:
        values = {**_agency(row, data), **period_values}
        writer.writerow([_csv_value(values[name]) for name in fields])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def _json_value(value: Any) -> Any:
    # Points at their few decimals (14.1, 87.25) and shares at three (0.925) print
    # exactly as floats.
    return float(value) if isinstance(value, Decimal) else value


def _json_agency(row: dict[str, Any], fields: Sequence[str]) -> dict[str, Any]:
    return {name: _json_value(row[name]) for name in fields}


def as_json(data: dict[str, Any]) -> bytes:
    fields = _fields(data)
    document = {
        "format_version": FIGURES_FORMAT_VERSION if data.get("figures") else FORMAT_VERSION,
        "period": data["period"],
        "period_label": data["period_label"],
        "method": data["method"],
        "profile": data["profile"],
        "rule_version": data["rule_version"],
        "published_at": _time(data["published_at"]),
        "demo": data["demo"],
        "agencies": [_json_agency(_agency(row, data), fields)
                     for row in data["agencies"]],
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
