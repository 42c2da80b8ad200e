"""Bulk writes by plain INSERT/UPDATE statements executed many times.

Django's bulk_create and bulk_update compile a large statement per small slice of rows
(SQLite allows 999 parameters a statement); at import sizes that compilation, not the
database, was the cost.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connections, models, router


def insert_many(model: type[models.Model], instances: Sequence[models.Model]) -> None:
    """One INSERT statement executed for every row.

    bulk_create compiles a statement per ~70 rows on SQLite (999 parameters each), which
    was most of an import's time; the ids it returns are not needed for these kinds.
    """
    connection = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)))
    params = [[f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]
              for instance in instances]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def update_many(model: type[models.Model], instances: Sequence[models.Model],
                names: Sequence[str]) -> None:
    """One UPDATE by primary key executed for every row.

    bulk_update builds a CASE expression per field over the whole batch: 20,000 changed
    dossiers took 37 s on SQLite, against about one second this way.
    """
    connection = connections[router.db_for_write(model)]
    fields = [model._meta.get_field(name) for name in names]
    pk = model._meta.pk
    assert pk is not None
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        quote(model._meta.db_table), ", ".join(f"{quote(f.column)} = %s" for f in fields),
        quote(pk.column))
    params = [[*(f.get_db_prep_save(getattr(instance, f.attname), connection) for f in fields),
               instance.pk] for instance in instances]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
