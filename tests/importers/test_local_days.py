"""The importer writes around the generated day-number columns, and the database keeps
them right on a first import and on an update (INSERT/COPY and UPDATE)."""

from __future__ import annotations

from datetime import date

import pytest
from import_helpers import BASE, WriteFile, load

from tthc.dossiers.models import Dossier, Step
from tthc.importers.kinds import KINDS
from tthc.importers.report import ImportReport
from tthc.importers.table import Table

pytestmark = pytest.mark.django_db


def _days(code: str) -> tuple[int | None, int | None, int | None]:
    return Dossier.objects.values_list("received_day", "due_day", "finished_day").get(code=code)


def test_generated_columns_are_never_written() -> None:
    for kind in ("dossiers", "steps"):
        table = Table(KINDS[kind])
        written = {c.field.name for c in table.insert_columns}
        assert not {"received_day", "due_day", "finished_day"} & written
        assert "_day" not in table.insert_sql and "_day" not in table.copy_sql
        assert "_day" not in table.select_sql


def test_imported_dossiers_and_steps_carry_their_local_days(world: ImportReport) -> None:
    # HS001: received 2020-03-02 09:15, due 2020-03-16 (a date: its end of day),
    # finished 2020-03-12 16:00, local time.
    assert _days("HS001") == (date(2020, 3, 2).toordinal(), date(2020, 3, 16).toordinal(),
                              date(2020, 3, 12).toordinal())
    assert _days("HS003")[2] is None  # still open
    step = Step.objects.get(dossier__code="HS001", seq=2)
    assert (step.due_day, step.finished_day) == (date(2020, 3, 10).toordinal(),
                                                 date(2020, 3, 11).toordinal())


def test_an_updated_instant_moves_its_day_across_local_midnight(world: ImportReport,
                                                                write: WriteFile) -> None:
    original = (BASE / "dossiers.csv").read_text(encoding="utf-8")
    # 23:59:59 and 00:00:00 local are 16:59:59Z and 17:00:00Z.
    late = original.replace("2020-03-12T16:00:00", "2020-03-12T23:59:59")
    report = load("dossiers", write("dossiers.csv", late))
    assert (report.updated, report.rejected) == (1, 0)
    assert _days("HS001")[2] == date(2020, 3, 12).toordinal()
    midnight = original.replace("2020-03-12T16:00:00", "2020-03-13T00:00:00")
    report = load("dossiers", write("dossiers.csv", midnight))
    assert (report.updated, report.rejected) == (1, 0)
    assert _days("HS001")[2] == date(2020, 3, 13).toordinal()
