"""Write the Điện Biên demonstration data set as canonical CSV files (interchange.md §1).

Everything is synthetic (dữ liệu minh họa) except the names of the province's units
and the titles of the procedures, which are public. The same seed always writes byte-identical files: one
``random.Random`` drives every draw, in a fixed order, and nothing depends on the
clock, the machine or hash ordering.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from tthc.batch import cycle_collection_paused
from tthc.demo.catalogue import CatalogueEntry, catalogue
from tthc.demo.clock import Clock
from tthc.demo.dossiers import (
    DOSSIER_COLUMNS,
    RATING_COLUMNS,
    STEP_COLUMNS,
    SUPPLEMENT_COLUMNS,
    Simulation,
    plan_workload,
    year_span,
)
from tthc.demo.organisation import (
    assign_procedures,
    assign_tiers,
    assignment_rows,
    hire_officials,
    officials_rows,
    read_units,
    units_rows,
)
from tthc.demo.petitions import PETITION_COLUMNS, make_petitions, petition_count
from tthc.engine.calendar import WorkingCalendar

DEFAULT_SEED = 2020
DEFAULT_DOSSIERS = 200_000
DEFAULT_YEAR = 2020

UNIT_COLUMNS = ("code", "name", "kind", "parent_code", "valid_from", "valid_to")
OFFICIAL_COLUMNS = ("code", "full_name", "unit_code", "position")
PROCEDURE_COLUMNS = ("code", "name", "field", "time_limit", "time_unit", "online_level",
                     "desk_exempt")
UNIT_PROCEDURE_COLUMNS = ("unit_code", "procedure_code", "posted_on_site", "published_online",
                          "at_desk", "decided_at_desk", "valid_from", "valid_to")

# The files in the order the importer loads them (interchange.md §4, `import all`).
FILES = ("units", "officials", "procedures", "unit_procedures", "dossiers", "steps",
         "supplements", "ratings", "petitions")


def procedure_rows(entries: tuple[CatalogueEntry, ...]) -> list[list[str]]:
    rows = []
    for entry in entries:
        spec = entry.spec
        exempt = "" if spec.desk_exempt is None else str(spec.desk_exempt).lower()
        rows.append([entry.code, spec.name, spec.field, str(spec.time_limit), spec.time_unit,
                     spec.online_level, exempt])
    return rows


def write_table(folder: Path, name: str, header: tuple[str, ...],
           rows: Sequence[Sequence[str]]) -> int:
    with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return len(rows)


def write_demo(folder: Path, *, seed: int = DEFAULT_SEED, dossiers: int = DEFAULT_DOSSIERS,
               year: int = DEFAULT_YEAR) -> dict[str, int]:
    """Write the nine canonical CSV files into ``folder``; return the rows per file."""
    if dossiers < 1:
        raise ValueError(f"Số hồ sơ phải lớn hơn 0 / dossiers must be positive: {dossiers}")
    folder.mkdir(parents=True, exist_ok=True)
    with cycle_collection_paused():
        return _generate(folder, seed=seed, dossiers=dossiers, year=year)


def _generate(folder: Path, *, seed: int, dossiers: int, year: int) -> dict[str, int]:
    rng = random.Random(seed)
    calendar = WorkingCalendar.from_library([year - 1, year, year + 1])
    clock = Clock(date(year - 1, 11, 1), date(year + 1, 12, 31), calendar)

    units = read_units()
    assign_tiers(units, rng)
    officials = hire_officials(units, rng)
    entries = catalogue()
    assignments = assign_procedures(units, entries, rng)
    workload = plan_workload(units, [(a.unit_code, a.entry) for a in assignments])

    simulation = Simulation(rng=rng, clock=clock, span=year_span(year), units=units,
                            officials=officials, workload=workload)
    activity = simulation.run(dossiers)
    petitions = make_petitions(rng=rng, clock=clock, span=(date(year, 1, 1), date(year, 12, 31)),
                               units=units,
                               traces=activity.traces, count=petition_count(dossiers))

    tables: dict[str, tuple[tuple[str, ...], Sequence[Sequence[str]]]] = {
        "units": (UNIT_COLUMNS, units_rows(units)),
        "officials": (OFFICIAL_COLUMNS, officials_rows(officials)),
        "procedures": (PROCEDURE_COLUMNS, procedure_rows(entries)),
        "unit_procedures": (UNIT_PROCEDURE_COLUMNS, assignment_rows(assignments)),
        "dossiers": (DOSSIER_COLUMNS, activity.dossiers),
        "steps": (STEP_COLUMNS, activity.steps),
        "supplements": (SUPPLEMENT_COLUMNS, activity.supplements),
        "ratings": (RATING_COLUMNS, activity.ratings),
        "petitions": (PETITION_COLUMNS, petitions),
    }
    return {name: write_table(folder, name, *tables[name]) for name in FILES}
