"""Load the demonstration data set into the database — the package's one Django module.

The data goes through the same canonical importer as a province's own files, so the
demonstration exercises (and is checked by) the real validation, and loading twice
changes nothing because the importer is idempotent.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from tthc.audit.models import AuditEntry
from tthc.demo.generate import DEFAULT_DOSSIERS, DEFAULT_SEED, DEFAULT_YEAR, write_demo
from tthc.importers.report import ImportReport
from tthc.importers.services import import_folder
from tthc.organisation.services import calendar_seed_year
from tthc.scoring.selectors import DEMO_LOADED_ACTION

ACTOR = "demo"
DATASET_TYPE = "dataset"
DATASET_KEY = "dien-bien-demo"


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
    """Generate the data set in a temporary folder, import it, and mark the database."""
    # Seeded first, so the importer's day-off checks read the same calendar as scoring.
    days_added = sum(calendar_seed_year(year=y) for y in (year - 1, year, year + 1))
    with tempfile.TemporaryDirectory(prefix="tthc-demo-") as folder:
        rows = write_demo(Path(folder), seed=seed, dossiers=dossiers, year=year)
        report = import_folder(path=Path(folder), actor=ACTOR, progress=progress)
    parameters = {"seed": seed, "dossiers": dossiers, "year": year}
    # Recorded even when rows were rejected: whatever was stored is synthetic, and the
    # site must say so (the banner reads this entry).
    recorded = _record(parameters)
    return DemoLoad(parameters, rows, report, days_added, recorded)


@transaction.atomic
def _record(parameters: dict[str, int]) -> bool:
    earlier = AuditEntry.objects.filter(
        action=DEMO_LOADED_ACTION, object_type=DATASET_TYPE, object_key=DATASET_KEY,
    ).values_list("after", flat=True)
    if any(after == parameters for after in earlier):
        return False
    AuditEntry.objects.create(
        action=DEMO_LOADED_ACTION, actor=ACTOR, object_type=DATASET_TYPE,
        object_key=DATASET_KEY, after=parameters,
        reason="Dữ liệu minh họa (tổng hợp), không phải số liệu thật / "
               "synthetic demonstration data, not real results",
    )
    return True
