"""The database side of an import: rows as parameter tuples, by plain SQL statements.

Django's model instances, bulk_create and bulk_update cost more than the database at
import sizes (a model instance and a `get_db_prep_save` per field per row; bulk_update
builds a CASE expression per field over the whole batch: 20,000 changed dossiers took
37 s on SQLite). Here each kind's columns are compiled once into converters, rows become
parameter tuples, and one statement is executed for many rows.

Stored rows are read back *in parameter space* (what the importer would write), so
deciding "unchanged" is a tuple comparison without converting database values to Python
objects: on SQLite dates are read as the text Django stores, on PostgreSQL as the driver
returns them (aware instants compare by instant).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from django.db import connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper

from tthc.importers.kinds import KindSpec

Convert = Callable[[Any], Any]


def canonical_json(value: Any) -> str | None:
    """One text per JSON value whatever its key order or spacing, for comparisons."""
    if value is None:
        return None
    if isinstance(value, str):
        value = json.loads(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


# Instant → its SQLite text. Formatting a datetime costs more than parsing one, and
# due dates ("… 17:00") and minute-rounded times repeat across a province's dossiers.
_SQLITE_TEXT: dict[datetime, str] = {}


def clear_caches() -> None:
    _SQLITE_TEXT.clear()


def _sqlite_datetime(value: datetime | None) -> str | None:
    # Django's SQLite adapter: naive UTC, str() (microseconds only when not zero).
    if value is None:
        return None
    text = _SQLITE_TEXT.get(value)
    if text is None:
        if len(_SQLITE_TEXT) >= 200_000:
            _SQLITE_TEXT.clear()
        text = _SQLITE_TEXT[value] = value.astimezone(UTC).isoformat(" ")[:-6]
    return text


def _sqlite_date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


class Column:
    """One model column: how a value is written, and how the stored one is compared."""

    __slots__ = ("column", "compare", "field", "name", "read", "stored", "to_db")

    def __init__(self, field: models.Field[Any, Any], name: str,
                 connection: BaseDatabaseWrapper) -> None:
        self.field = field
        self.name = name  # the interchange field, "" for a column the format lacks
        self.column = connection.ops.quote_name(field.column)
        sqlite = connection.vendor == "sqlite"
        to_db: Convert | None = None
        compare: Convert | None = None
        stored: Convert | None = None
        read = self.column
        if isinstance(field, models.ForeignKey):
            pass  # the importer resolves codes to ids itself
        elif isinstance(field, models.DateTimeField):
            if sqlite:
                to_db, read = _sqlite_datetime, f"CAST({self.column} AS TEXT)"
        elif isinstance(field, models.DateField):
            if sqlite:
                to_db, read = _sqlite_date, f"CAST({self.column} AS TEXT)"
        elif isinstance(field, models.JSONField):
            def to_db(value: Any, field: Any = field) -> Any:
                return field.get_db_prep_save(value, connection)

            compare = stored = canonical_json
        elif not isinstance(field, models.CharField | models.TextField | models.IntegerField
                            | models.BooleanField):
            def to_db(value: Any, field: Any = field) -> Any:
                return field.get_db_prep_save(value, connection)
        # None means "the value as it is": most columns, and the fastest path.
        self.to_db = to_db
        self.compare = compare or to_db
        self.stored = stored
        self.read = read


class Table:
    """The statements of one kind on one database connection."""

    def __init__(self, spec: KindSpec, using: str | None = None) -> None:
        model = spec.model
        self.using = using or router.db_for_write(model)
        connection = connections[self.using]
        self.vendor = connection.vendor
        quote = connection.ops.quote_name
        self.name = quote(model._meta.db_table)
        pk = model._meta.pk
        assert pk is not None
        self.pk = quote(pk.column)
        by_target = {f.target: f.name for f in spec.fields}
        # Insert: every concrete column but the key and the generated ones (the database
        # computes those, and refuses a value for them); a column the format lacks gets
        # the model's default.
        self.insert_columns = [
            Column(field, by_target.get(field.name, ""), connection)
            for field in model._meta.concrete_fields
            if not field.primary_key and not field.generated
        ]
        self.columns = {c.name: c for c in self.insert_columns if c.name}
        assert set(self.columns) == set(spec.by_name), spec.name
        self.spec_columns = [self.columns[f.name] for f in spec.fields]
        self.position = {f.name: index for index, f in enumerate(spec.fields)}
        self.key_columns = [self.columns[name] for name in spec.key]
        self.insert_sql = "INSERT INTO {} ({}) VALUES ({})".format(
            self.name, ", ".join(c.column for c in self.insert_columns),
            ", ".join(["%s"] * len(self.insert_columns)))
        self.copy_sql = "COPY {} ({}) FROM STDIN".format(
            self.name, ", ".join(c.column for c in self.insert_columns))
        self.select_sql = "SELECT {}, {} FROM {} WHERE {} IN ({{}})".format(
            self.pk, ", ".join(c.read for c in self.spec_columns), self.name,
            self.key_columns[0].column)
        self._update_sql: dict[tuple[str, ...], str] = {}

    def defaults(self) -> list[Any]:
        """Parameters of the columns a format does not have."""
        values = []
        for column in self.insert_columns:
            if column.name:
                values.append(None)
                continue
            default = column.field.get_default()
            values.append(column.to_db(default) if column.to_db else default)
        return values

    def is_empty(self) -> bool:
        with self.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {self.name} LIMIT 1")
            return cursor.fetchone() is None

    def cursor(self) -> Any:
        return connections[self.using].cursor()

    def insert(self, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        with self.cursor() as cursor:
            if self.vendor == "postgresql":
                # COPY: an INSERT per row costs PostgreSQL about ten times as much
                # (116 µs a dossier, against a few with COPY), and the client too.
                with cursor.cursor.copy(self.copy_sql) as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                cursor.executemany(self.insert_sql, rows)

    def update(self, names: tuple[str, ...], rows: Sequence[Sequence[Any]]) -> None:
        """UPDATE … SET the named columns WHERE pk: each row is (*values, pk)."""
        sql = self._update_sql.get(names)
        if sql is None:
            sql = self._update_sql[names] = "UPDATE {} SET {} WHERE {} = %s".format(
                self.name, ", ".join(f"{self.columns[n].column} = %s" for n in names), self.pk)
        if rows:
            with self.cursor() as cursor:
                cursor.executemany(sql, rows)

    def stored(self, first_key_values: Iterable[Any]) -> list[tuple[Any, ...]]:
        """(pk, *spec columns in parameter space) of the rows whose first key column is
        one of the values."""
        values = list(set(first_key_values))
        if not values:
            return []
        found: list[tuple[Any, ...]] = []
        readers = [(i + 1, c.stored) for i, c in enumerate(self.spec_columns) if c.stored]
        with self.cursor() as cursor:
            # Chunks stay within every backend's parameter limit.
            for start in range(0, len(values), 5000):
                chunk = values[start:start + 5000]
                cursor.execute(self.select_sql.format(", ".join(["%s"] * len(chunk))), chunk)
                for row in cursor.fetchall():
                    if readers:
                        row = list(row)
                        for index, read in readers:
                            row[index] = read(row[index])
                        row = tuple(row)
                    found.append(row)
        return found

    def ids(self, column: str, codes: Sequence[str]) -> dict[str, int]:
        """{code: pk} of rows just inserted (the ids of created units, officials …)."""
        result: dict[str, int] = {}
        quoted = self.columns[column].column
        with self.cursor() as cursor:
            for start in range(0, len(codes), 5000):
                chunk = list(codes[start:start + 5000])
                cursor.execute(f"SELECT {quoted}, {self.pk} FROM {self.name} WHERE {quoted}"
                               f" IN ({', '.join(['%s'] * len(chunk))})", chunk)
                result.update(cursor.fetchall())
        return result


def compile_builder(plan: list[tuple[int, str, Any, Any, bool]], defaults: list[Any]
                    ) -> Callable[[dict[str, Any], dict[str, Any]], tuple[Any, ...]]:
    """A function (values, ids) → the INSERT parameters of one row, written out column
    by column.

    A loop over the columns costs a tuple unpacking, tests and a call per column, a
    fifth of a dossier's import time; straight-line code (built with `exec`, as the
    standard library builds dataclasses and named tuples) costs a dictionary lookup.
    Only for kinds whose references are all known before the batch (not the directory
    kinds, whose rows may refer to rows of the same batch).
    """
    namespace: dict[str, Any] = {}
    by_position = {entry[0]: entry for entry in plan}
    parts = []
    for position, default in enumerate(defaults):
        entry = by_position.get(position)
        if entry is None:
            namespace[f"d{position}"] = default
            parts.append(f"d{position}")
            continue
        _, name, field_default, to_db, is_ref = entry
        namespace[f"d{position}"] = field_default
        namespace[f"c{position}"] = to_db
        if is_ref:
            parts.append(f"(k.id if (k := ids.get({name!r})) is not None else None)")
        elif to_db is None:
            parts.append(f"values.get({name!r}, d{position})")
        else:
            parts.append(f"c{position}(values.get({name!r}, d{position}))")
    source = f"def build(values, ids):\n    return ({', '.join(parts)},)\n"
    exec(source, namespace)
    return namespace["build"]  # type: ignore[no-any-return]


def aware(value: Any) -> datetime | None:
    """An instant read by plain SQL: SQLite gives naive UTC (or text), PostgreSQL aware."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value
