"""Load a demonstration data set into the database — the package's one Django module.

The data goes through the same canonical importer as a province's own files, so the
demonstration exercises (and is checked by) the real validation, and loading twice
changes nothing because the importer is idempotent.

Two data sets (``DATA_SETS``): Điện Biên in 2020 (nine indicators, the 2020 organisation)
and Điện Biên from 2025-07-01 to 2026-11 (the national index, the two-level organisation),
with demonstration portal figures for one of its months (``portal_figures``).
"""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q

from tthc.audit.models import AuditEntry
from tthc.audit.services import audit_records
from tthc.catalogue.models import UnitProcedure
from tthc.demo import portal_figures
from tthc.demo.generate import DEFAULT_DOSSIERS, DEFAULT_SEED, DEFAULT_YEAR, write_demo
from tthc.demo.generate_2026 import (
    DEFAULT_DOSSIERS_2026,
    DEFAULT_SEED_2026,
    FIRST_DAY,
    SNAPSHOT_DAY,
    YEARS,
    write_demo_2026,
)
from tthc.dossiers.models import Dossier, DossierStatus
from tthc.importers.portal_index_services import portal_index_import
from tthc.importers.report import ImportReport
from tthc.importers.services import import_folder
from tthc.organisation.models import Unit
from tthc.organisation.services import calendar_seed_year
from tthc.petitions.models import Petition
from tthc.scoring.selectors import DEMO_LOADED_ACTION
from tthc.scoring.services import compute_period

ACTOR = "demo"
DATASET_TYPE = "dataset"
DATASET_KEY = "dien-bien-demo"
DEMO_CLOSED_ACTION = "demo_closed"
# The national index, whose published figures the portal serves (methodology-qd766).
PORTAL_FIGURES_METHOD = "qd766"


@dataclass(frozen=True, slots=True)
class DataSet:
    key: str  # the audit entry's object key
    label_vi: str  # what it is, in the command's output
    calendar_years: tuple[int, ...]
    default_seed: int
    default_dossiers: int
    first_period: str  # the period to score first
    write: Callable[[Path, int, int], dict[str, int]]
    # Run after the import: what this data set changes in the other one's records.
    after_import: Callable[[], int] | None = None
    # Procedure lists already stored (the other data set's, any seed) stay as they are.
    keeps_stored_lists: bool = False


def _write_2020(folder: Path, seed: int, dossiers: int) -> dict[str, int]:
    return write_demo(folder, seed=seed, dossiers=dossiers, year=DEFAULT_YEAR)


def _write_2026(folder: Path, seed: int, dossiers: int) -> dict[str, int]:
    return write_demo_2026(folder, seed=seed, dossiers=dossiers)


LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
# The 2020 data set is a snapshot of its last minute; its open work is done by then.
SNAPSHOT_2020_CLOSED_AT = datetime.combine(date(2021, 1, 4), time(10, 0), LOCAL)


@transaction.atomic
def close_2020_snapshot() -> int:
    """Finish the 2020 data set's dossiers still processing at its snapshot, and answer its
    open petitions, on the first working day of 2021 (or their due date, if later).

    Otherwise, beside the 2026 data set, they would stay open for ever and count as late in
    every month of 2025–2026 for the agencies that continued (the index counts a dossier
    still open past its due date). An office would have finished them: only demonstration
    records (codes ``DEMO-…``) received before 2021 are touched, audited, once.
    """
    closed = SNAPSHOT_2020_CLOSED_AT
    demo_2020 = Q(code__startswith="DEMO-", received_at__lt=closed)
    dossiers = list(Dossier.objects.filter(demo_2020, status=DossierStatus.PROCESSING)
                    .only("id", "code", "due_at"))
    petitions = list(Petition.objects.filter(demo_2020, answered_at__isnull=True)
                     .only("id", "code", "answer_due_at"))
    for dossier in dossiers:
        dossier.status = DossierStatus.FINISHED
        dossier.finished_at = max(dossier.due_at or closed, closed)
    for petition in petitions:
        petition.answered_at = max(petition.answer_due_at or closed, closed)
    Dossier.objects.bulk_update(dossiers, ["status", "finished_at"], batch_size=2000)
    Petition.objects.bulk_update(petitions, ["answered_at"], batch_size=2000)
    reason = ("Dữ liệu minh họa: hồ sơ, phản ánh còn mở tại thời điểm chốt số liệu năm 2020 "
              "được kết thúc khi nạp bộ dữ liệu 2025–2026")
    audit_records(actor=ACTOR, action=DEMO_CLOSED_ACTION, object_type="dossier", reason=reason,
                  changes=[(d.code, {"status": DossierStatus.PROCESSING.value, "finished_at": None},
                            {"status": d.status.value, "finished_at": d.finished_at.isoformat()})
                           for d in dossiers])
    audit_records(actor=ACTOR, action=DEMO_CLOSED_ACTION, object_type="petition", reason=reason,
                  changes=[(p.code, {"answered_at": None}, {"answered_at": p.answered_at.isoformat()})
                           for p in petitions])
    return len(dossiers) + len(petitions)


def portal_figures_load() -> int:
    """Import demonstration portal figures for one month of the 2026 data set
    (`portal_figures`), through the real importer, so the reconciliation has real
    differences to explain. Run right after the import, before the month is scored: its
    run then takes the portal's figures for what the records cannot compute, as a
    province's would. Returns the units published."""
    month = portal_figures.MONTH
    # The month's index as our records give it, at the snapshot (a fixed moment, so the
    # answers are the same whenever the data set is loaded).
    moment = datetime.combine(SNAPSHOT_DAY, time(23, 59), LOCAL)
    result = compute_period(period_code=month, method=PORTAL_FIGURES_METHOD, as_of=moment)
    names = dict(Unit.objects.values_list("code", "name"))
    answers = portal_figures.demo_answers(result, names, seed=DEFAULT_SEED_2026)
    report = portal_index_import(files=[(name, json.dumps(document, ensure_ascii=False).encode())
                                        for name, document in answers.items()], period=month, actor=ACTOR)
    return sum(result.units for result in report.files)


def _after_2026() -> int:
    return close_2020_snapshot() + portal_figures_load()


DATA_SETS: dict[str, DataSet] = {
    "2020": DataSet(DATASET_KEY, f"tỉnh Điện Biên năm {DEFAULT_YEAR}",
                    (DEFAULT_YEAR - 1, DEFAULT_YEAR, DEFAULT_YEAR + 1), DEFAULT_SEED,
                    DEFAULT_DOSSIERS, f"{DEFAULT_YEAR}-Q1", _write_2020),
    "2026": DataSet(f"{DATASET_KEY}-2026",
                    f"tỉnh Điện Biên từ {FIRST_DAY:%d/%m/%Y} đến {SNAPSHOT_DAY:%d/%m/%Y} "
                    "(tổ chức hai cấp, Bộ chỉ số 766)",
                    (YEARS[0] - 1, *YEARS, YEARS[-1] + 1), DEFAULT_SEED_2026,
                    DEFAULT_DOSSIERS_2026, f"{SNAPSHOT_DAY:%Y-%m}", _write_2026,
                    after_import=_after_2026, keeps_stored_lists=True),
}


@dataclass(frozen=True, slots=True)
class DemoLoad:
    parameters: dict[str, int]
    rows: dict[str, int]  # rows generated per file
    report: ImportReport
    calendar_days_added: int
    # False when an earlier load with the same parameters had already been recorded.
    recorded: bool


def demo_load(*, dossiers: int = DEFAULT_DOSSIERS, seed: int = DEFAULT_SEED,
              year: int = DEFAULT_YEAR, progress: bool = False) -> DemoLoad:
    """The 2020 data set (``year`` is kept for callers; only 2020 is generated)."""
    return load_data_set(DATA_SETS["2020"], dossiers=dossiers, seed=seed, progress=progress,
                         parameters={"seed": seed, "dossiers": dossiers, "year": year})


def load_data_set(data_set: DataSet, *, dossiers: int, seed: int, progress: bool = False,
                  parameters: dict[str, int] | None = None) -> DemoLoad:
    """Generate the data set in a temporary folder, import it, and mark the database."""
    # Seeded first, so the importer's day-off checks read the same calendar as scoring.
    days_added = sum(calendar_seed_year(year=y) for y in data_set.calendar_years)
    with tempfile.TemporaryDirectory(prefix="tthc-demo-") as folder:
        rows = data_set.write(Path(folder), seed, dossiers)
        if data_set.keeps_stored_lists:
            _drop_stored_lists(Path(folder) / "unit_procedures.csv")
        report = import_folder(path=Path(folder), actor=ACTOR, progress=progress)
    if data_set.after_import is not None:
        data_set.after_import()
    parameters = parameters or {"seed": seed, "dossiers": dossiers}
    # Recorded even when rows were rejected: whatever was stored is synthetic, and the
    # site must say so (the banner reads this entry).
    recorded = _record(data_set.key, parameters)
    return DemoLoad(parameters, rows, report, days_added, recorded)


def _drop_stored_lists(path: Path) -> None:
    """Leave out the (unit, procedure) rows the database already holds: an agency that
    continued keeps the list, and its flags, the other data set gave it."""
    stored = set(UnitProcedure.objects.values_list("unit__code", "procedure__code"))
    if not stored:
        return
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    kept = [rows[0], *(row for row in rows[1:] if (row[0], row[1]) not in stored)]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(kept)


@transaction.atomic
def _record(key: str, parameters: dict[str, int]) -> bool:
    earlier = AuditEntry.objects.filter(
        action=DEMO_LOADED_ACTION, object_type=DATASET_TYPE, object_key=key,
    ).values_list("after", flat=True)
    if any(after == parameters for after in earlier):
        return False
    AuditEntry.objects.create(
        action=DEMO_LOADED_ACTION, actor=ACTOR, object_type=DATASET_TYPE,
        object_key=key, after=parameters,
        reason="Dữ liệu minh họa (tổng hợp), không phải số liệu thật / "
               "synthetic demonstration data, not real results",
    )
    return True
