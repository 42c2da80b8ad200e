"""The local day numbers the database keeps for dossiers and steps, and the bulk loader's
reading of them: the calendar day in Asia/Ho_Chi_Minh as date.toordinal(), on SQLite and
on PostgreSQL (`make test` runs this file on both)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from scoring_world import province

from tthc.dossiers import days
from tthc.dossiers.models import Dossier, Step
from tthc.engine.periods import Period
from tthc.scoring import columns

pytestmark = pytest.mark.django_db

# Local midnight is 17:00:00Z. (instant, the local calendar day it falls on)
BOUNDARIES = [
    (datetime(2020, 1, 1, 16, 59, 59, tzinfo=UTC), date(2020, 1, 1)),
    (datetime(2020, 1, 1, 17, 0, 0, tzinfo=UTC), date(2020, 1, 2)),
    # SQLite's julianday() rounds to the millisecond: read whole, this would be 2 January.
    (datetime(2020, 1, 1, 16, 59, 59, 999_900, tzinfo=UTC), date(2020, 1, 1)),
    (datetime(2020, 1, 1, 17, 0, 0, 1, tzinfo=UTC), date(2020, 1, 2)),
    # The year's last instant and the next year's first, in local time.
    (datetime(2020, 12, 31, 16, 59, 59, tzinfo=UTC), date(2020, 12, 31)),
    (datetime(2020, 12, 31, 17, 0, 0, tzinfo=UTC), date(2021, 1, 1)),
    # 29 February, and a UTC instant on the previous UTC day.
    (datetime(2020, 2, 28, 17, 0, 0, tzinfo=UTC), date(2020, 2, 29)),
    (datetime(2020, 2, 29, 16, 59, 59, tzinfo=UTC), date(2020, 2, 29)),
]


def _dossier(world: dict, code: str, **instants: datetime | None) -> Dossier:
    values = {"received_at": datetime(2020, 1, 1, 1, 0, tzinfo=UTC)} | instants
    return Dossier.objects.create(code=code, procedure=world["p1"], unit=world["stp"],
                                  desk=world["stp"], status="processing", **values)


def test_stored_day_numbers_are_the_local_dates_ordinals_at_midnight() -> None:
    world = province()
    for number, (instant, local_day) in enumerate(BOUNDARIES):
        dossier = _dossier(world, f"BIEN-{number}", received_at=instant, due_at=instant,
                           finished_at=instant)
        step = Step.objects.create(dossier=dossier, seq=1, unit=world["stc"], due_at=instant,
                                   finished_at=instant)
        dossier.refresh_from_db()
        step.refresh_from_db()
        expected = local_day.toordinal()
        assert (dossier.received_day, dossier.due_day, dossier.finished_day) == (expected,) * 3, instant
        assert (step.due_day, step.finished_day) == (expected,) * 2, instant


def test_a_missing_instant_has_no_day_and_a_changed_one_a_new_day() -> None:
    world = province()
    dossier = _dossier(world, "HS-NULL", due_at=None, finished_at=None)
    dossier.refresh_from_db()
    assert (dossier.due_day, dossier.finished_day) == (None, None)
    # The database keeps the columns whoever writes: here an UPDATE that bypasses models.
    Dossier.objects.filter(pk=dossier.pk).update(finished_at=datetime(2020, 3, 31, 17, 0, tzinfo=UTC))
    dossier.refresh_from_db()
    assert dossier.finished_day == date(2020, 4, 1).toordinal()
    assert dossier.due_day is None


def test_the_bulk_loader_reads_the_stored_columns() -> None:
    offset = columns._utc_offset_seconds(Period.parse("2020"))
    assert offset == days.OFFSET_SECONDS
    sql = columns._day("d", Dossier, "received_at", offset)
    assert sql == f"d.{connection.ops.quote_name('received_day')}"
    assert columns._day("s", Step, "finished_at", offset).endswith(connection.ops.quote_name("finished_day"))


def test_the_computed_fallback_gives_the_stored_numbers() -> None:
    """The SQL the loader falls back on (another offset on SQLite) is the generated
    columns' own: with the same offset, the same number for every instant."""
    world = province()
    for number, (instant, _) in enumerate(BOUNDARIES):
        _dossier(world, f"BIEN-{number}", received_at=instant, due_at=instant)
    quoted = connection.ops.quote_name
    computed = days.day_sql(connection.vendor, f"d.{quoted('due_at')}")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT d.{quoted('code')}, d.{quoted('due_day')}, {computed} "
                       f"FROM {Dossier._meta.db_table} d")
        rows = cursor.fetchall()
    assert len(rows) == Dossier.objects.count() > len(BOUNDARIES)
    for code, stored, again in rows:
        assert stored == again, code
    # Another offset than the stored one's is computed, not read (SQLite only: PostgreSQL
    # applies the zone's own rules in the stored column).
    if connection.vendor == "sqlite":
        other = columns._day("d", Dossier, "due_at", 8 * 3600)
        assert "'+28800 seconds'" in other


def test_an_unknown_database_or_zone_is_refused() -> None:
    with pytest.raises(days.UnsupportedDatabase):
        days.day_sql("oracle", "due_at")
    with pytest.raises(days.UnsupportedDatabase):
        days.day_sql("sqlite", "due_at", zone="Asia/Ho_Chi_Minh'; DROP TABLE x; --")
