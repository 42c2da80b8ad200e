"""Read a period's dossiers as columns for the bulk path (``tthc.engine.bulk``).

One raw query per table, streamed in chunks; datetimes leave the database as local
day numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta

import numpy as np
from django.db import connection
from django.db.models import Q

from tthc.catalogue.models import Procedure
from tthc.dossiers.models import Dossier, Step, Supplement
from tthc.engine import bulk
from tthc.engine.indicators import Context, effective_due
from tthc.engine.periods import Period
from tthc.feedback.models import Rating
from tthc.organisation.models import Official, Unit

from . import loaders

CHUNK = 50_000
# Julian day number of 0001-01-01, whose proleptic Gregorian ordinal is 1.
JULIAN_OF_ORDINAL_0 = 1721425
# The local calendar day of a stored instant, as date.toordinal(), computed by the
# database: no Python datetime is built per row. PostgreSQL applies the zone's rules;
# SQLite, which has none, adds the zone's fixed offset (checked by _utc_offset_seconds).
DAY_SQL = {
    "sqlite": "CAST(julianday({column}, '{offset:+d} seconds') + 0.5 AS INTEGER) - " + str(JULIAN_OF_ORDINAL_0),
    "postgresql": "(({column} AT TIME ZONE '{zone}')::date - DATE '0001-01-01' + 1)",
}


class UnsupportedDatabase(Exception):
    pass


def _day(column: str, offset: int) -> str:
    zone = loaders.LOCAL.key
    if not re.fullmatch(r"[A-Za-z0-9_/+-]+", zone):
        raise UnsupportedDatabase(f"time zone name {zone!r}")
    try:
        return DAY_SQL[connection.vendor].format(column=column, offset=offset, zone=zone)
    except KeyError as missing:
        raise UnsupportedDatabase(connection.vendor) from missing


def _utc_offset_seconds(period: Period) -> int:
    """Asia/Ho_Chi_Minh has kept UTC+7 since 1975; check it holds over the period."""
    offsets = {
        loaders.LOCAL.utcoffset(datetime.combine(day, datetime.min.time()))
        for day in (period.start - timedelta(days=800), period.end + timedelta(days=400))
    }
    if len(offsets) != 1:
        raise UnsupportedDatabase("time zone offset changes within the data's range")
    offset = offsets.pop()
    assert offset is not None
    return int(offset.total_seconds())


def _rows(sql: str, params: Sequence[object]) -> Iterator[list[tuple]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(CHUNK):
            yield chunk


def _codes(values: Sequence[str | None], table: Sequence[str]) -> np.ndarray:
    lookup = {v: i for i, v in enumerate(table)}
    return np.array([bulk.MISSING if v is None else lookup.get(v, bulk.MISSING) for v in values],
                    dtype=np.int64)


def _index(pairs: Sequence[tuple[int, str]], codes: Sequence[str]) -> np.ndarray:
    """An array from database id to position in `codes`."""
    at = {c: i for i, c in enumerate(codes)}
    index = np.full(max((pk for pk, _ in pairs), default=0) + 2, bulk.MISSING, dtype=np.int64)
    for pk, code in pairs:
        index[pk] = at[code]
    return index


def _ids(values: Sequence[int | None], index: np.ndarray) -> np.ndarray:
    raw = np.array([len(index) - 1 if v is None else v for v in values], dtype=np.int64)
    return index[raw]  # the last slot stays MISSING: a null foreign key


def _nullable(values: Sequence[int | None]) -> np.ndarray:
    return np.array([bulk.MISSING if v is None else v for v in values], dtype=np.int64)


def _where(period: Period) -> tuple[str, list[object]]:
    start = loaders.aware_start(period.start)
    after = loaders.aware_start(period.end + timedelta(days=1))
    adapt = connection.ops.adapt_datetimefield_value
    return ("d.received_at < %s AND (d.finished_at IS NULL OR d.finished_at >= %s)",
            [adapt(after), adapt(start)])


def load_columns(period: Period, ctx: Context, *, unit_codes: Sequence[str],
                 official_codes: Sequence[str]) -> tuple[bulk.DossierColumns, bulk.StepColumns,
                                                         bulk.SupplementColumns]:
    offset = _utc_offset_seconds(period)
    procedure_codes = list(ctx.procedures)
    unit_index = _index(list(Unit.objects.values_list("id", "code")), unit_codes)
    official_index = _index(list(Official.objects.values_list("id", "code")), official_codes)
    procedure_index = _index(list(Procedure.objects.values_list("id", "code")), procedure_codes)
    where, params = _where(period)
    d, r = Dossier._meta.db_table, Rating._meta.db_table
    # No ORDER BY: row order changes no score, and sorting a million codes costs a second.
    sql = (f"SELECT d.id, d.code, d.unit_id, d.received_by_id, d.procedure_id, d.channel, "
           f"d.return_channel, d.status, {_day('d.received_at', offset)}, {_day('d.due_at', offset)}, "
           f"{_day('d.finished_at', offset)}, d.agencies_contacted, r.satisfaction, r.agencies_contacted, "
           f"r.disclosure_seen FROM {d} d LEFT JOIN {r} r ON r.dossier_id = d.id "
           f"WHERE {where}")
    parts: dict[str, list[np.ndarray]] = {k: [] for k in (
        "id", "unit", "official", "procedure", "channel", "return_channel", "status", "received",
        "due", "finished", "agencies", "satisfaction", "rating_agencies", "disclosure")}
    codes: list[str] = []
    for chunk in _rows(sql, params):
        (ids, chunk_codes, units, officials, procedures, channels, returns, statuses, received, due,
         finished, agencies, satisfaction, cited, disclosure) = zip(*chunk, strict=True)
        codes.extend(chunk_codes)
        parts["id"].append(np.array(ids, dtype=np.int64))
        parts["unit"].append(_ids(units, unit_index))
        parts["official"].append(_ids(officials, official_index))
        parts["procedure"].append(_ids(procedures, procedure_index))
        parts["channel"].append(_codes(channels, bulk.CHANNELS))
        parts["return_channel"].append(_codes(returns, bulk.CHANNELS))
        parts["status"].append(_codes(statuses, bulk.STATUSES))
        parts["received"].append(_nullable(received))
        parts["due"].append(_nullable(due))
        parts["finished"].append(_nullable(finished))
        parts["agencies"].append(_nullable(agencies))
        parts["satisfaction"].append(_codes(satisfaction, bulk.SATISFACTIONS))
        parts["rating_agencies"].append(_nullable(cited))
        parts["disclosure"].append(_codes(disclosure, bulk.DISCLOSURES))
    col = {k: np.concatenate(v) if v else np.zeros(0, dtype=np.int64) for k, v in parts.items()}
    _fill_computed_due(col, codes, period, ctx)
    columns = bulk.DossierColumns(
        codes=codes, unit=col["unit"], official=col["official"], procedure=col["procedure"],
        channel=col["channel"], return_channel=col["return_channel"], status=col["status"],
        received_day=col["received"], due_day=col["due"], finished_day=col["finished"],
        agencies=col["agencies"], rating_satisfaction=col["satisfaction"],
        rating_agencies=col["rating_agencies"], rating_disclosure=col["disclosure"],
        unit_codes=unit_codes, official_codes=official_codes, procedure_codes=procedure_codes,
        keys=col["id"],
    )
    row_of = np.full(int(col["id"].max(initial=0)) + 1, bulk.MISSING, dtype=np.int64)
    row_of[col["id"]] = np.arange(len(codes))
    return columns, _steps(where, params, row_of, unit_index, offset), _supplements(where, params, row_of)


def _fill_computed_due(col: dict[str, np.ndarray], codes: list[str], period: Period, ctx: Context) -> None:
    """Dossiers without a due date get the one the per-dossier path computes (rare)."""
    missing = np.flatnonzero(col["due"] == bulk.MISSING)
    if not len(missing):
        return
    row_of = {codes[i]: int(i) for i in missing.tolist()}
    facts = loaders.load_dossiers(loaders.period_dossier_filter(period) & Q(due_at__isnull=True))
    for dossier in facts:
        due, _, _ = effective_due(dossier, ctx)
        if due is not None and dossier.code in row_of:
            col["due"][row_of[dossier.code]] = due.date().toordinal()


def _steps(where: str, params: list[object], row_of: np.ndarray, unit_index: np.ndarray,
           offset: int) -> bulk.StepColumns:
    s, d = Step._meta.db_table, Dossier._meta.db_table
    sql = (f"SELECT s.dossier_id, s.unit_id, {_day('s.due_at', offset)}, {_day('s.finished_at', offset)} "
           f"FROM {s} s JOIN {d} d ON d.id = s.dossier_id WHERE {where}")
    parts: list[tuple[np.ndarray, ...]] = []
    for chunk in _rows(sql, params):
        dossiers, units, due, finished = zip(*chunk, strict=True)
        parts.append((row_of[np.array(dossiers, dtype=np.int64)], _ids(units, unit_index),
                      _nullable(due), _nullable(finished)))
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return bulk.StepColumns(empty, empty, empty, empty)
    return bulk.StepColumns(*(np.concatenate(c) for c in zip(*parts, strict=True)))


def _supplements(where: str, params: list[object], row_of: np.ndarray) -> bulk.SupplementColumns:
    s, d = Supplement._meta.db_table, Dossier._meta.db_table
    sql = (f"SELECT s.dossier_id, s.applicant_fault FROM {s} s JOIN {d} d ON d.id = s.dossier_id "
           f"WHERE {where}")
    dossiers: list[int] = []
    faults: list[int] = []
    for chunk in _rows(sql, params):
        for dossier_id, fault in chunk:
            dossiers.append(dossier_id)
            faults.append(bulk.MISSING if fault is None else int(fault))
    return bulk.SupplementColumns(row_of[np.array(dossiers, dtype=np.int64)],
                                  np.array(faults, dtype=np.int64))
