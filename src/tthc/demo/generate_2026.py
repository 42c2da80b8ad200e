"""Write the 2026 demonstration data set: Điện Biên on the two-level organisation, from
2025-07-01 to the end of November 2026, with every field the national index reads.

Same principles as the 2020 data set (``generate``): synthetic, one seeded
``random.Random``, byte-identical files for a seed, loaded through the canonical
importer. It shares the procedures and the agencies that continued with the 2020 data
set (``reform``), so both live in one database: the rows they share are written the
same by both, whichever is loaded first.
"""

from __future__ import annotations

import dataclasses
import random
from datetime import date
from pathlib import Path

from tthc.batch import cycle_collection_paused
from tthc.demo import generate
from tthc.demo.catalogue import COMMUNE, DISTRICT, CatalogueEntry, catalogue
from tthc.demo.clock import DAY, Clock
from tthc.demo.digital import PROCEDURE_COLUMNS_V2, Digitisation, procedure_flags
from tthc.demo.dossiers import (
    _MONTH_WEIGHT,
    RATING_COLUMNS,
    STEP_COLUMNS,
    SUPPLEMENT_COLUMNS,
    Simulation,
    Span,
    plan_workload,
)
from tthc.demo.organisation import (
    PROVINCE_AGENCY,
    Assignment,
    assign_procedures,
    assign_tiers,
    assignment_rows,
    hire_officials,
    officials_rows,
    read_units,
)
from tthc.demo.petitions import (
    PETITION_COLUMNS,
    PETITION_COLUMNS_V2,
    make_petitions,
    petition_count,
    petition_extras,
)
from tthc.demo.reform import REFORM_DAY, assign_tiers_2026, read_organisation, units_rows_2026
from tthc.engine.calendar import WorkingCalendar

DEFAULT_SEED_2026 = 2026
DEFAULT_DOSSIERS_2026 = 160_000
FIRST_DAY = date(2025, 7, 1)
SNAPSHOT_DAY = date(2026, 11, 30)
YEARS = (2025, 2026)

UNIT_COLUMNS_2026 = (*generate.UNIT_COLUMNS, "successor_code")
# The first month of the two-level organisation: desks moving, systems new.
_FIRST_MONTH_WEIGHT = 0.85
# Online filing grows by this share of its July 2025 level by November 2026.
ONLINE_GROWTH = 0.9
# Commune dossiers are most of the volume now that districts are gone.
LEVEL_SHARE_2026 = {PROVINCE_AGENCY: 0.36, COMMUNE: 0.64}


def _months_since_reform(day: date) -> int:
    return (day.year - FIRST_DAY.year) * 12 + day.month - FIRST_DAY.month


def span_2026() -> Span:
    months = _months_since_reform(SNAPSHOT_DAY)

    def weight(day: date) -> float:
        return _MONTH_WEIGHT[day.month] * (_FIRST_MONTH_WEIGHT if day < date(2025, 8, 1) else 1)

    def online_growth(day: date) -> float:
        return 1 + ONLINE_GROWTH * _months_since_reform(day) / months

    return Span(FIRST_DAY, SNAPSHOT_DAY, weight, online_growth, tet_years=(2026,))


def catalogue_2026(successors: dict[str, str]) -> tuple[CatalogueEntry, ...]:
    """The same procedures, owned after the reform: a merged agency's by the agency that
    absorbed it, a district's by every commune (simplified: the decrees of 2025 moved
    most district-level procedures to the communes, a few to the province)."""
    def owner(code: str) -> str:
        return COMMUNE if code == DISTRICT else successors.get(code, code)

    return tuple(
        CatalogueEntry(entry.code, dataclasses.replace(
            entry.spec, owners=tuple(dict.fromkeys(owner(o) for o in entry.spec.owners)),
            partners=tuple(owner(p) for p in entry.spec.partners), at_commune_desk=False))
        for entry in catalogue()
    )


def _assignments_2020() -> dict[tuple[str, str], Assignment]:
    """The 2020 data set's procedure lists (default seed), replayed: an agency that
    continued keeps them, so loading this data set never rewrites the 2020 one's flags."""
    rng = random.Random(generate.DEFAULT_SEED)
    units = read_units()
    assign_tiers(units, rng)
    hire_officials(units, rng)
    return {(a.unit_code, a.entry.code): a
            for a in assign_procedures(units, catalogue(), rng)}


def write_demo_2026(folder: Path, *, seed: int = DEFAULT_SEED_2026,
                    dossiers: int = DEFAULT_DOSSIERS_2026) -> dict[str, int]:
    """Write the nine canonical CSV files (format version 2); return the rows per file."""
    if dossiers < 1:
        raise ValueError(f"Số hồ sơ phải lớn hơn 0 / dossiers must be positive: {dossiers}")
    folder.mkdir(parents=True, exist_ok=True)
    with cycle_collection_paused():
        return _generate(folder, seed=seed, dossiers=dossiers)


def _generate(folder: Path, *, seed: int, dossiers: int) -> dict[str, int]:
    rng = random.Random(seed)
    calendar = WorkingCalendar.from_library([YEARS[0] - 1, *YEARS, YEARS[-1] + 1])
    clock = Clock(date(2025, 6, 1), date(2027, 12, 31), calendar)

    organisation = read_organisation()
    working = organisation.working
    assign_tiers_2026(working, rng)
    officials = hire_officials(working, rng, prefix="CB26-")
    entries = catalogue_2026(organisation.successors())
    kept = _assignments_2020()
    assignments = []
    for a in assign_procedures(working, entries, rng):
        earlier = kept.get((a.unit_code, a.entry.code))
        assignments.append(earlier if earlier is not None else a)
    workload = plan_workload(working, [(a.unit_code, a.entry) for a in assignments],
                             LEVEL_SHARE_2026)

    snapshot = SNAPSHOT_DAY.toordinal() * DAY + DAY - 1
    digitisation = Digitisation(clock, FIRST_DAY, SNAPSHOT_DAY, snapshot)
    simulation = Simulation(rng=rng, clock=clock, span=span_2026(),
                            units=organisation.units, officials=officials,
                            workload=workload, extras=digitisation)
    activity = simulation.run(dossiers)
    petitions = make_petitions(rng=rng, clock=clock, span=(FIRST_DAY, SNAPSHOT_DAY),
                               units=working, traces=activity.traces,
                               count=petition_count(dossiers))
    petitions = petition_extras(rng, clock, petitions)

    procedures = [[*row, *procedure_flags(entry.spec)]
                  for row, entry in zip(generate.procedure_rows(entries), entries, strict=True)]
    unit_procedures = [
        [*row[:6], row[6] if (row[0], row[1]) in kept else REFORM_DAY, row[7]]
        for row in assignment_rows(assignments)
    ]
    tables = {
        "units": (UNIT_COLUMNS_2026, units_rows_2026(organisation.units)),
        "officials": (generate.OFFICIAL_COLUMNS, officials_rows(officials)),
        "procedures": ((*generate.PROCEDURE_COLUMNS, *PROCEDURE_COLUMNS_V2), procedures),
        "unit_procedures": (generate.UNIT_PROCEDURE_COLUMNS, unit_procedures),
        "dossiers": (simulation.dossier_columns, activity.dossiers),
        "steps": (STEP_COLUMNS, activity.steps),
        "supplements": (SUPPLEMENT_COLUMNS, activity.supplements),
        "ratings": (RATING_COLUMNS, activity.ratings),
        "petitions": ((*PETITION_COLUMNS, *PETITION_COLUMNS_V2), petitions),
    }
    return {name: generate.write_table(folder, name, *tables[name]) for name in generate.FILES}
