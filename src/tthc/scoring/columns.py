"""Read a period's dossiers as columns for the bulk path (``tthc.engine.bulk``).

One raw query per table, streamed in chunks; datetimes leave the database as local
day numbers.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import Max, Min, Q

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
    """The bulk loader has no SQL for this database or time zone."""


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


def _where(period: Period) -> tuple[str, list[object]]:
    start = loaders.aware_start(period.start)
    after = loaders.aware_start(period.end + timedelta(days=1))
    adapt = connection.ops.adapt_datetimefield_value
    return ("d.received_at < %s AND (d.finished_at IS NULL OR d.finished_at >= %s)",
            [adapt(after), adapt(start)])


# Small values travel packed into one integer per row: Python builds one object per
# value fetched, and that, not SQL, is what a million rows cost. Each slot holds value + 1
# so that 0 is NULL, which unpacks to MISSING (-1).
DAY_BITS = 21  # ordinals up to 2,097,151: beyond the year 5700
ENUM_BITS = 3
COUNT_BITS = 16


@dataclass(frozen=True)
class Slot:
    name: str
    sql: str
    bits: int


def _pack(slots: Sequence[Slot]) -> str:
    shift, parts = 0, []
    for slot in slots:
        parts.append(f"CAST(COALESCE(({slot.sql}) + 1, 0) AS BIGINT) * {1 << shift}")
        shift += slot.bits
    if shift > 63:
        raise ValueError("packed columns exceed 63 bits")
    return " + ".join(parts)


def _unpack(values: np.ndarray, slots: Sequence[Slot]) -> dict[str, np.ndarray]:
    out, shift = {}, 0
    for slot in slots:
        out[slot.name] = ((values >> shift) & ((1 << slot.bits) - 1)) - 1
        shift += slot.bits
    return out


def _enum(column: str, values: Sequence[str]) -> str:
    whens = " ".join(f"WHEN '{v}' THEN {i}" for i, v in enumerate(values))
    return f"CASE {column} {whens} END"


def _capped(column: str) -> str:
    """A count kept within its slot (any count from 2 up scores the same); NULL stays NULL."""
    cap = (1 << COUNT_BITS) - 2
    return f"CASE WHEN {column} > {cap} THEN {cap} ELSE {column} END"


def load_columns(period: Period, ctx: Context, *, unit_codes: Sequence[str],
                 official_codes: Sequence[str]) -> tuple[bulk.DossierColumns, bulk.StepColumns,
                                                         bulk.SupplementColumns]:
    offset = _utc_offset_seconds(period)
    procedure_codes = list(ctx.procedures)
    unit_index = _index(list(Unit.objects.values_list("id", "code")), unit_codes)
    official_index = _index(list(Official.objects.values_list("id", "code")), official_codes)
    procedure_index = _index(list(Procedure.objects.values_list("id", "code")), procedure_codes)
    where, params = _where(period)
    scan = _period_covers_most_data(period)
    with _beside() as run:
        # Steps and supplements are read on a second connection while this one reads the
        # dossiers: on SQLite most of the time is the database's, outside the GIL.
        pending = run(_read_steps_and_supplements, where, params, offset, scan)
        codes, col = _read_dossiers(where, params, offset, unit_index, official_index, procedure_index)
        (step_rows, step_days), (supplement_ids, faults) = pending()
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

    def rows(dossier_ids: np.ndarray) -> np.ndarray:
        inside = dossier_ids < len(row_of)
        return np.where(inside, row_of[np.where(inside, dossier_ids, 0)], bulk.MISSING)

    step_of = rows(step_rows[:, 0])
    keep = step_of >= 0
    steps = bulk.StepColumns(step_of[keep], unit_index[step_rows[keep, 1]], step_days["due"][keep],
                             step_days["finished"][keep])
    return columns, steps, bulk.SupplementColumns(rows(supplement_ids), faults)


def _period_covers_most_data(period: Period) -> bool:
    """Whether the period spans at least half the dossiers' receipt dates (a year of a
    year's data): then reading every step and dropping the others is cheaper than
    joining each one to its dossier. Two index look-ups, no count of a million rows."""
    bounds = Dossier.objects.aggregate(first=Min("received_at"), last=Max("received_at"))
    if bounds["first"] is None:
        return False
    span = (bounds["last"] - bounds["first"]).days + 1
    return 2 * ((period.end - period.start).days + 1) >= span


@contextmanager
def _beside() -> Iterator[Callable[..., Callable[[], Any]]]:
    """Run a reader on a second connection in a thread, or inline when that connection
    could not see this one's data (inside a transaction, or an in-memory database)."""
    inline = connection.in_atomic_block or (connection.vendor == "sqlite" and (
        connection.is_in_memory_db()))
    if inline:
        def now(fn: Callable[..., Any], *args: Any) -> Callable[[], Any]:
            result = fn(*args)
            return lambda: result
        yield now
        return

    def closing(fn: Callable[..., Any], *args: Any) -> Any:
        try:
            return fn(*args)
        finally:
            connection.close()  # this thread's own connection

    with ThreadPoolExecutor(max_workers=1) as pool:
        yield lambda fn, *args: pool.submit(closing, fn, *args).result


def _read_dossiers(where: str, params: list[object], offset: int, unit_index: np.ndarray,
                   official_index: np.ndarray, procedure_index: np.ndarray
                   ) -> tuple[list[str], dict[str, np.ndarray]]:
    d, r = Dossier._meta.db_table, Rating._meta.db_table
    days = [Slot("received", _day("d.received_at", offset), DAY_BITS),
            Slot("due", _day("d.due_at", offset), DAY_BITS),
            Slot("finished", _day("d.finished_at", offset), DAY_BITS)]
    small = [Slot("channel", _enum("d.channel", bulk.CHANNELS), ENUM_BITS),
             Slot("return_channel", _enum("d.return_channel", bulk.CHANNELS), ENUM_BITS),
             Slot("status", _enum("d.status", bulk.STATUSES), ENUM_BITS),
             Slot("satisfaction", _enum("r.satisfaction", bulk.SATISFACTIONS), ENUM_BITS),
             Slot("disclosure", _enum("r.disclosure_seen", bulk.DISCLOSURES), ENUM_BITS),
             Slot("agencies", _capped("d.agencies_contacted"), COUNT_BITS),
             Slot("rating_agencies", _capped("r.agencies_contacted"), COUNT_BITS)]
    # No ORDER BY: row order changes no score, and sorting a million codes costs a second.
    sql = (f"SELECT d.id, d.code, d.unit_id, d.received_by_id, d.procedure_id, {_pack(days)}, "
           f"{_pack(small)} FROM {d} d LEFT JOIN {r} r ON r.dossier_id = d.id WHERE {where}")
    parts: dict[str, list[np.ndarray]] = defaultdict(list)
    codes: list[str] = []
    for chunk in _rows(sql, params):
        ids, chunk_codes, units, officials, procedures, packed_days, packed_small = zip(*chunk, strict=True)
        codes.extend(chunk_codes)
        parts["id"].append(np.array(ids, dtype=np.int64))
        parts["unit"].append(_ids(units, unit_index))
        parts["official"].append(_ids(officials, official_index))
        parts["procedure"].append(_ids(procedures, procedure_index))
        parts["days"].append(np.array(packed_days, dtype=np.int64))
        parts["small"].append(np.array(packed_small, dtype=np.int64))
    col = {k: np.concatenate(parts[k]) if parts[k] else np.zeros(0, dtype=np.int64)
           for k in ("id", "unit", "official", "procedure", "days", "small")}
    return codes, col | _unpack(col.pop("days"), days) | _unpack(col.pop("small"), small)


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


def _read_steps_and_supplements(where: str, params: list[object], offset: int, scan: bool
                                ) -> tuple[tuple[np.ndarray, dict[str, np.ndarray]], tuple[np.ndarray, np.ndarray]]:
    return _read_steps(where, params, offset, scan), _read_supplements(where, params)


def _read_steps(where: str, params: list[object], offset: int, scan: bool
                ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """(dossier id, unit id) per step, and its due and end days; every step of the table
    when `scan`, else those of the period's dossiers."""
    s, d = Step._meta.db_table, Dossier._meta.db_table
    days = [Slot("due", _day("s.due_at", offset), DAY_BITS),
            Slot("finished", _day("s.finished_at", offset), DAY_BITS)]
    select = f"SELECT s.dossier_id, s.unit_id, {_pack(days)} FROM {s} s"
    sql, sql_params = (select, []) if scan else (f"{select} JOIN {d} d ON d.id = s.dossier_id WHERE {where}",
                                                 params)
    parts: list[np.ndarray] = []
    for chunk in _rows(sql, sql_params):
        # Three non-null integers per row: read straight into an array, no tuple per value.
        flat = np.fromiter(itertools.chain.from_iterable(chunk), dtype=np.int64, count=3 * len(chunk))
        parts.append(flat.reshape(-1, 3))
    table = np.concatenate(parts) if parts else np.zeros((0, 3), dtype=np.int64)
    return table[:, :2], _unpack(table[:, 2], days)


def _read_supplements(where: str, params: list[object]) -> tuple[np.ndarray, np.ndarray]:
    s, d = Supplement._meta.db_table, Dossier._meta.db_table
    sql = (f"SELECT s.dossier_id, CASE WHEN s.applicant_fault IS NULL THEN {bulk.MISSING} "
           f"WHEN s.applicant_fault THEN 1 ELSE 0 END FROM {s} s JOIN {d} d ON d.id = s.dossier_id "
           f"WHERE {where}")
    parts = [np.fromiter(itertools.chain.from_iterable(chunk), dtype=np.int64, count=2 * len(chunk))
             for chunk in _rows(sql, params)]
    table = np.concatenate(parts).reshape(-1, 2) if parts else np.zeros((0, 2), dtype=np.int64)
    return table[:, 0], table[:, 1]
