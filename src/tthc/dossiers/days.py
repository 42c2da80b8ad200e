"""The local calendar day of a stored instant, as an integer the database computes.

The engine compares calendar dates in Asia/Ho_Chi_Minh, and the bulk scoring path reads
them as `date.toordinal()` numbers. Rather than computing them from the stored datetimes
at every scoring (on SQLite, a parse of each datetime's text: eight million for a
province-year), the dossier and step tables keep them as STORED generated columns, which
the database fills on every write, whoever writes. This module is the one place of that SQL:
the generated columns (`LocalDay`) and the bulk loader's fallback (`day_sql`) render it.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import models

# The zone the stored day numbers are in. Changing it means a new migration (the
# expression's SQL changes) and re-computing every stored row.
ZONE = "Asia/Ho_Chi_Minh"
# SQLite has no zone rules: it adds the zone's fixed offset. Asia/Ho_Chi_Minh has kept
# UTC+7 since 13 June 1975; the bulk loader checks that the period's range agrees.
OFFSET_SECONDS = 7 * 3600
# Julian day number of 0001-01-01, whose proleptic Gregorian ordinal is 1.
JULIAN_OF_ORDINAL_0 = 1721425

# {column}: a datetime column, NULL in → NULL out.
# SQLite: Django stores naive UTC text ("2020-01-01 16:59:59[.ffffff]"); the text is cut
# to whole seconds because julianday() rounds to the millisecond, which would put
# 16:59:59.9996Z on the next local day. Day boundaries fall on whole seconds, so the cut
# never changes a day.
# PostgreSQL: AT TIME ZONE with a named zone is immutable (the zone is explicit, not the
# session's), as a generated column requires; the date difference is an integer.
DAY_SQL = {
    "sqlite": ("CAST(julianday(substr({column}, 1, 19), '{offset:+d} seconds') + 0.5 AS INTEGER)"
               " - " + str(JULIAN_OF_ORDINAL_0)),
    "postgresql": "(({column} AT TIME ZONE '{zone}')::date - DATE '0001-01-01' + 1)",
}


class UnsupportedDatabase(Exception):
    """No local-day SQL for this database."""


def day_sql(vendor: str, column: str, *, zone: str = ZONE, offset: int = OFFSET_SECONDS) -> str:
    """The SQL of `column`'s local day number on `vendor`. `column` is SQL, not a value:
    callers pass a quoted column name. `zone` is checked, as it is written into the SQL."""
    if not re.fullmatch(r"[A-Za-z0-9_/+-]+", zone):
        raise UnsupportedDatabase(f"time zone name {zone!r}")
    try:
        template = DAY_SQL[vendor]
    except KeyError as missing:
        raise UnsupportedDatabase(vendor) from missing
    return template.format(column=column, zone=zone, offset=int(offset))


class LocalDay(models.Func):
    """`LocalDay("received_at")`: the instant's calendar day in `ZONE` as an ordinal."""

    arity = 1
    output_field = models.IntegerField()

    def as_sql(self, compiler: Any, connection: Any, **extra_context: Any
               ) -> tuple[str, list[Any] | tuple[Any, ...]]:
        sql, params = compiler.compile(self.source_expressions[0])
        return day_sql(connection.vendor, sql), params
