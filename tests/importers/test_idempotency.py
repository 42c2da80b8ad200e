"""Importing is idempotent; a change is an audited update; row order does not matter."""

from __future__ import annotations

import csv
import random
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from import_helpers import BASE, WriteFile, load

from tthc.audit.models import AuditEntry
from tthc.audit.selectors import audit_history
from tthc.dossiers.models import Dossier, Step
from tthc.importers.report import ImportReport
from tthc.importers.services import import_folder

pytestmark = pytest.mark.django_db


def test_importing_the_same_files_twice_changes_nothing(world: ImportReport) -> None:
    again = import_folder(path=BASE, actor="test")
    assert again.ok
    assert (again.created, again.updated, again.rejected) == (0, 0, 0)
    assert again.unchanged == world.created
    assert not AuditEntry.objects.exists()


def test_a_changed_field_is_one_audited_update(world: ImportReport, write: WriteFile) -> None:
    original = (BASE / "dossiers.csv").read_text(encoding="utf-8")
    changed = original.replace("2020-03-12T16:00:00", "2020-03-13T10:30:00")
    assert changed != original
    report = load("dossiers", write("dossiers.csv", changed))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    assert Dossier.objects.get(code="HS001").finished_at.isoformat() == "2020-03-13T03:30:00+00:00"
    (entry,) = audit_history(object_type="dossier", object_key="HS001")
    assert entry["before"] == {"finished_at": "2020-03-12T16:00:00+07:00"}
    assert entry["after"] == {"finished_at": "2020-03-13T10:30:00+07:00"}
    assert (entry["actor"], entry["action"]) == ("test", "import_update")
    assert AuditEntry.objects.count() == 1


def test_a_changed_reference_is_audited_by_code(world: ImportReport, write: WriteFile) -> None:
    path = write("officials.csv", "code,full_name,unit_code\nCB01,Nguyễn Thị Lan,SYT\n")
    assert load("officials", path).updated == 1
    (entry,) = audit_history(object_type="official", object_key="CB01")
    assert (entry["before"], entry["after"]) == ({"unit_code": "STP"}, {"unit_code": "SYT"})


def test_a_column_left_out_is_left_alone(world: ImportReport, write: WriteFile) -> None:
    # A file of codes and names only must not wipe the validity dates already stored.
    path = write("units.csv", "code,name,kind\nTPDBP,Thành phố Điện Biên Phủ,district\n")
    assert load("units", path).unchanged == 1
    path = write("units2.csv", "code,name,kind\nTPDBP,TP. Điện Biên Phủ,district\n")
    assert load("units", path).updated == 1
    (entry,) = audit_history(object_type="unit", object_key="TPDBP")
    assert entry["after"] == {"name": "TP. Điện Biên Phủ"}


def test_an_emptied_cell_clears_the_value(world: ImportReport, write: WriteFile) -> None:
    path = write("dossiers.csv", "code,procedure_code,unit_code,received_at,status,"
                                 "agencies_contacted\nHS001,1.001234,STP,2020-03-02T09:15:00,"
                                 "returned,\n")
    assert load("dossiers", path).updated == 1
    assert Dossier.objects.get(code="HS001").agencies_contacted is None


# -- properties ----------------------------------------------------------------------

DOSSIER_COLUMNS = ["code", "procedure_code", "unit_code", "received_by", "channel",
                   "received_at", "due_at", "finished_at", "status", "agencies_contacted"]
STEP_COLUMNS = ["dossier_code", "seq", "unit_code", "started_at", "due_at", "finished_at"]
START = datetime(2020, 3, 2, 8, 0)


@st.composite
def dossier_rows(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Dossiers with unique codes and their steps; some rows are invalid on purpose."""
    numbers = draw(st.lists(st.integers(0, 60), min_size=1, max_size=12, unique=True))
    dossiers, steps = [], []
    for number in numbers:
        received = START + timedelta(hours=draw(st.integers(0, 2000)))
        # Negative offsets make impossible dates: those rows are rejected, whatever
        # their position.
        finished = draw(st.one_of(st.none(), st.integers(-30, 500)))
        code = f"P{number:03d}"
        dossiers.append({
            "code": code,
            "procedure_code": draw(st.sampled_from(["1.001234", "1.002345", "9.9"])),
            "unit_code": draw(st.sampled_from(["STP", "SYT"])),
            "received_by": draw(st.sampled_from(["", "CB01", "CB02", "CB99"])),
            "channel": draw(st.sampled_from(["", "direct", "online", "Online", "fax"])),
            "received_at": received.isoformat(),
            "due_at": draw(st.sampled_from(["", (received + timedelta(days=10)).date()
                                            .isoformat()])),
            "finished_at": "" if finished is None else
            (received + timedelta(hours=finished)).isoformat(),
            "status": "processing" if finished is None else "finished",
            "agencies_contacted": draw(st.sampled_from(["", "0", "1", "3", "x"])),
        })
        for seq in range(1, draw(st.integers(0, 3)) + 1):
            begin = received + timedelta(hours=seq)
            steps.append({
                "dossier_code": code, "seq": seq, "unit_code": "STP",
                "started_at": begin.isoformat(),
                "due_at": draw(st.sampled_from(["", (begin + timedelta(days=1)).isoformat()])),
                "finished_at": (begin + timedelta(hours=draw(st.integers(-2, 40)))).isoformat(),
            })
    return dossiers, steps


def _write(folder: Path, name: str, columns: list[str], rows: list[dict[str, Any]]) -> Path:
    path = folder / name
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def snapshot() -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The stored dossiers and steps, by their keys and codes (ids differ by order)."""
    dossiers = list(Dossier.objects.order_by("code").values_list(
        "code", "procedure__code", "unit__code", "desk__code", "received_by__code", "channel",
        "received_at", "due_at", "finished_at", "status", "agencies_contacted"))
    steps = list(Step.objects.order_by("dossier__code", "seq").values_list(
        "dossier__code", "seq", "unit__code", "started_at", "due_at", "finished_at"))
    return dossiers, steps


def import_rows(folder: Path, dossiers: list[dict[str, Any]], steps: list[dict[str, Any]]
                ) -> tuple[ImportReport, ImportReport]:
    return (load("dossiers", _write(folder, "dossiers.csv", DOSSIER_COLUMNS, dossiers)),
            load("steps", _write(folder, "steps.csv", STEP_COLUMNS, steps)))


class Rollback(Exception):
    pass


def in_savepoint(action: Any) -> Any:
    """Run `action` and undo its writes, so each Hypothesis example starts from the world."""
    result = None
    try:
        with transaction.atomic():
            result = action()
            raise Rollback
    except Rollback:
        return result


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=dossier_rows(), seed=st.integers(0, 2**16))
def test_importing_twice_changes_nothing_and_order_does_not_matter(
        world: ImportReport, data: tuple[list[dict[str, Any]], list[dict[str, Any]]],
        seed: int) -> None:
    dossiers, steps = data
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)

        def twice() -> Any:
            first = import_rows(folder, dossiers, steps)
            state = snapshot()
            audits = AuditEntry.objects.count()
            second = import_rows(folder, dossiers, steps)
            assert snapshot() == state
            assert AuditEntry.objects.count() == audits == 0
            for one, two in zip(first, second, strict=True):
                assert (two.created, two.updated) == (0, 0)
                assert two.unchanged == one.created
                assert two.rejected == one.rejected
            return state

        def shuffled() -> Any:
            rnd = random.Random(seed)
            import_rows(folder, rnd.sample(dossiers, len(dossiers)), rnd.sample(steps, len(steps)))
            return snapshot()

        assert in_savepoint(twice) == in_savepoint(shuffled)
