"""Read a period's dossiers as columns for the bulk path (``tthc.engine.columns``).

One raw query per table, streamed in chunks; dates are read as the local day numbers
the dossier and step tables keep in generated columns (tthc.dossiers.days).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from django.db import connection, models
from django.db.models import Max, Min, Q

from tthc.catalogue.models import Procedure
from tthc.dossiers import days
from tthc.dossiers.days import UnsupportedDatabase
from tthc.dossiers.models import Dossier, Step, Supplement
from tthc.engine import columns as bulk
from tthc.engine.dossier import Context, effective_due
from tthc.engine.periods import Period
from tthc.organisation.models import Official, Unit
from tthc.ratings.models import Rating

from . import loaders, sqlite_reader

CHUNK = 50_000


def _day(alias: str, model: type[models.Model], field: str, offset: int) -> str:
    """The local day number (date.toordinal()) of `alias.field`'s instant.

    The stored generated column (`<field>_day`, see tthc.dossiers.days) when it was
    computed with this zone, and on SQLite with this offset; else computed here, as the
    stored one would be (parsing a million datetimes' text costs seconds)."""
    zone = loaders.LOCAL.key
    stored = zone == days.ZONE and (connection.vendor != "sqlite" or offset == days.OFFSET_SECONDS)
    day_name = field.removesuffix("_at") + "_day"
    if stored and any(f.name == day_name for f in model._meta.get_fields()):
        day_field = model._meta.get_field(day_name)
        return f"{alias}.{connection.ops.quote_name(day_field.column)}"
    column = f"{alias}.{connection.ops.quote_name(model._meta.get_field(field).column)}"
    return days.day_sql(connection.vendor, column, zone=zone, offset=offset)


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
FLAG_BITS = 2  # NULL, false, true


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
                 official_codes: Sequence[str]) -> bulk.Columns:
    offset = _utc_offset_seconds(period)
    procedure_codes = list(ctx.procedures)
    unit_index = _index(list(Unit.objects.values_list("id", "code")), unit_codes)
    official_index = _index(list(Official.objects.values_list("id", "code")), official_codes)
    procedure_index = _index(list(Procedure.objects.values_list("id", "code")), procedure_codes)
    where, params = _where(period)
    wanted = ctx.rules.methodology.record_fields
    extra = _extra_slots(wanted)
    supplements_query, supplement_slots = _supplements_query(
        where, params, offset, days=bulk.SUPPLEMENT_DAYS in wanted)
    reads_steps = ctx.rules.methodology.reads_steps
    steps_query, step_slots = _steps_query(where, params, offset,
                                           reads_steps and _period_covers_most_data(period))
    if reads_steps:
        with _beside([steps_query, supplements_query]) as pending:
            # Steps and supplements are read elsewhere while this connection reads the dossiers.
            codes, col = _read_dossiers(where, params, offset, unit_index, official_index,
                                        procedure_index, extra)
            step_table, supplement_table = pending()
    else:
        # A methodology whose bulk form reads no step (qd766): three steps per dossier not
        # read, and no second reader to start for the few supplement requests — for a
        # month of a million-dossier province, most of the CPU the loading took.
        codes, col = _read_dossiers(where, params, offset, unit_index, official_index, procedure_index,
                                    extra)
        (supplement_table,) = _read_ints([supplements_query])
        step_table = np.zeros((0, 3), dtype=np.int64)
    step_rows, step_days = step_table[:, :2], _unpack(step_table[:, 2], step_slots)
    supplement_ids, faults = supplement_table[:, 0], supplement_table[:, 1]
    supplement_days = _unpack(supplement_table[:, 2], supplement_slots) if supplement_slots else {}
    due_recorded = col["due"] != bulk.MISSING
    _fill_computed_due(col, codes, period, ctx)
    columns = bulk.DossierColumns(
        codes=codes, unit=col["unit"], official=col["official"], procedure=col["procedure"],
        channel=col["channel"], return_channel=col["return_channel"], status=col["status"],
        received_day=col["received"], due_day=col["due"], finished_day=col["finished"],
        agencies=col["agencies"], rating_satisfaction=col["satisfaction"],
        rating_agencies=col["rating_agencies"], rating_disclosure=col["disclosure"],
        unit_codes=unit_codes, official_codes=official_codes, procedure_codes=procedure_codes,
        keys=col["id"], extra={slot.name: col[slot.name] for slot in extra}, due_recorded=due_recorded,
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
    return bulk.Columns(columns, steps, bulk.SupplementColumns(
        rows(supplement_ids), faults, supplement_days.get("requested"), supplement_days.get("completed"),
        supplement_days.get("new_due")))


def _extra_slots(wanted: frozenset[str]) -> list[Slot]:
    """The optional dossier fields the methodology asked for, as packed slots (in
    bulk.EXTRA_NAMES order): flags NULL / 0 / 1, `synced_at` set or not, `paid_online`."""
    slots = []
    for name in bulk.EXTRA_NAMES:
        if f"dossiers.{name}" not in wanted:
            continue
        column = f"d.{connection.ops.quote_name(name)}"
        if name == "synced_at":
            sql = f"CASE WHEN {column} IS NOT NULL THEN 1 END"
        elif name == "paid_online":
            sql = _enum(column, bulk.PAYMENTS)
        else:
            sql = f"CASE WHEN {column} THEN 1 WHEN NOT {column} THEN 0 END"
        slots.append(Slot(name, sql, FLAG_BITS))
    return slots


def _period_covers_most_data(period: Period) -> bool:
    """Whether the period spans at least half the dossiers' receipt dates (a year of a
    year's data): then reading every step and dropping the others is cheaper than
    joining each one to its dossier. Two index look-ups, no count of a million rows."""
    bounds = Dossier.objects.aggregate(first=Min("received_at"), last=Max("received_at"))
    if bounds["first"] is None:
        return False
    span = (bounds["last"] - bounds["first"]).days + 1
    return 2 * ((period.end - period.start).days + 1) >= span


# (SQL with Django's %s placeholders, its parameters, integers per row): a query whose
# every value is a non-NULL integer, read straight into an array.
IntQuery = tuple[str, list[object], int]


def _read_ints(queries: Sequence[IntQuery]) -> list[np.ndarray]:
    with connection.cursor() as cursor:
        return [sqlite_reader.read_ints(cursor, sql, params, width) for sql, params, width in queries]


@contextmanager
def _beside(queries: Sequence[IntQuery]) -> Iterator[Callable[[], list[np.ndarray]]]:
    """Read `queries` while the caller reads on this connection; the function yielded
    returns their arrays. On SQLite, in a process of its own (sqlite_reader says why not a
    thread); elsewhere in a thread on a second connection; inline when a second
    connection could not see this one's data (inside a transaction, or an in-memory
    database)."""
    inline = connection.in_atomic_block or (connection.vendor == "sqlite" and (
        connection.is_in_memory_db()))
    if inline:
        yield lambda: _read_ints(queries)
        return
    if connection.vendor == "sqlite":
        try:
            child = sqlite_reader.Child(str(connection.settings_dict["NAME"]), queries)
        except OSError:  # no interpreter to start (an embedded one): one after the other
            yield lambda: _read_ints(queries)
            return
        try:
            yield child.result
        finally:
            child.close()
        return

    def closing() -> list[np.ndarray]:
        try:
            return _read_ints(queries)
        finally:
            connection.close()  # this thread's own connection

    with ThreadPoolExecutor(max_workers=1) as pool:
        yield pool.submit(closing).result


def _read_dossiers(where: str, params: list[object], offset: int, unit_index: np.ndarray,
                   official_index: np.ndarray, procedure_index: np.ndarray, extra: Sequence[Slot]
                   ) -> tuple[list[str], dict[str, np.ndarray]]:
    d, r = Dossier._meta.db_table, Rating._meta.db_table
    day_slots = [Slot("received", _day("d", Dossier, "received_at", offset), DAY_BITS),
                 Slot("due", _day("d", Dossier, "due_at", offset), DAY_BITS),
                 Slot("finished", _day("d", Dossier, "finished_at", offset), DAY_BITS)]
    small = [Slot("channel", _enum("d.channel", bulk.CHANNELS), ENUM_BITS),
             Slot("return_channel", _enum("d.return_channel", bulk.CHANNELS), ENUM_BITS),
             Slot("status", _enum("d.status", bulk.STATUSES), ENUM_BITS),
             Slot("satisfaction", _enum("r.satisfaction", bulk.SATISFACTIONS), ENUM_BITS),
             Slot("disclosure", _enum("r.disclosure_seen", bulk.DISCLOSURES), ENUM_BITS),
             Slot("agencies", _capped("d.agencies_contacted"), COUNT_BITS),
             Slot("rating_agencies", _capped("r.agencies_contacted"), COUNT_BITS)]
    # No ORDER BY: row order changes no score, and sorting a million codes costs a second.
    # The optional fields only when asked for: a methodology that needs none reads no more.
    packed_extra = f", {_pack(extra)}" if extra else ""
    sql = (f"SELECT d.id, d.code, d.unit_id, d.received_by_id, d.procedure_id, {_pack(day_slots)}, "
           f"{_pack(small)}{packed_extra} FROM {d} d LEFT JOIN {r} r ON r.dossier_id = d.id WHERE {where}")
    parts: dict[str, list[np.ndarray]] = defaultdict(list)
    codes: list[str] = []
    for chunk in _rows(sql, params):
        ids, chunk_codes, units, officials, procedures, packed_days, packed_small, *more = zip(
            *chunk, strict=True)
        codes.extend(chunk_codes)
        parts["id"].append(np.array(ids, dtype=np.int64))
        parts["unit"].append(_ids(units, unit_index))
        parts["official"].append(_ids(officials, official_index))
        parts["procedure"].append(_ids(procedures, procedure_index))
        parts["days"].append(np.array(packed_days, dtype=np.int64))
        parts["small"].append(np.array(packed_small, dtype=np.int64))
        parts["extra"].append(np.array(more[0] if more else (), dtype=np.int64))
    col = {k: np.concatenate(parts[k]) if parts[k] else np.zeros(0, dtype=np.int64)
           for k in ("id", "unit", "official", "procedure", "days", "small", "extra")}
    unpacked = _unpack(col.pop("extra"), extra) if extra else {}
    return codes, col | _unpack(col.pop("days"), day_slots) | _unpack(col.pop("small"), small) | unpacked


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


def _steps_query(where: str, params: list[object], offset: int, scan: bool
                 ) -> tuple[IntQuery, list[Slot]]:
    """(dossier id, unit id, packed due and end days) per step; every step of the table
    when `scan`, else those of the period's dossiers."""
    s, d = Step._meta.db_table, Dossier._meta.db_table
    day_slots = [Slot("due", _day("s", Step, "due_at", offset), DAY_BITS),
                 Slot("finished", _day("s", Step, "finished_at", offset), DAY_BITS)]
    select = f"SELECT s.dossier_id, s.unit_id, {_pack(day_slots)} FROM {s} s"
    if scan:
        return (select, [], 3), day_slots
    return (f"{select} JOIN {d} d ON d.id = s.dossier_id WHERE {where}", list(params), 3), day_slots


def _supplements_query(where: str, params: list[object], offset: int, *, days: bool
                       ) -> tuple[IntQuery, list[Slot]]:
    """(dossier id, applicant's fault: 1, 0 or MISSING) per supplement request, and its
    packed request and completion days when `days`."""
    s, d = Supplement._meta.db_table, Dossier._meta.db_table
    day_slots = [Slot("requested", _day("s", Supplement, "requested_at", offset), DAY_BITS),
                 Slot("completed", _day("s", Supplement, "completed_at", offset), DAY_BITS),
                 Slot("new_due", "CASE WHEN s.new_due_at IS NOT NULL THEN 1 END", FLAG_BITS)] if days else []
    packed = f", {_pack(day_slots)}" if day_slots else ""
    return (f"SELECT s.dossier_id, CASE WHEN s.applicant_fault IS NULL THEN {bulk.MISSING} "
            f"WHEN s.applicant_fault THEN 1 ELSE 0 END{packed} FROM {s} s "
            f"JOIN {d} d ON d.id = s.dossier_id WHERE {where}", list(params), 3 if days else 2), day_slots
