"""The records of a period as integer columns, for the bulk path of every methodology.

A province-year is one to two million dossiers; evaluating them one object at a time
takes a minute. A methodology's bulk form computes each per-dossier rule as an array
expression over these columns — integer day numbers (``date.toordinal()``) and small
codes — and must give exactly the points its per-dossier form explains (tests and
``make bench`` check it). ``scoring.columns`` fills them from the database,
``columns_from_facts`` from records in memory.

Missing values: days and counts use -1, points use -1 for N/A.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import numpy.typing as npt

from .facts import Dossier, Official, Procedure, Status, Unit
from .rules import Rung

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

MISSING = -1
CHANNELS = ("direct", "online", "postal")
STATUSES = tuple(s.value for s in Status)
SATISFACTIONS = ("very_satisfied", "satisfied", "neutral", "dissatisfied", "very_dissatisfied")
DISCLOSURES = ("none", "one", "both")
PAYMENTS = ("none", "portal", "local")

# Optional record fields a methodology may ask for (``record_fields`` in its file): the
# bulk reader reads them only then, so that a methodology that needs none of them reads
# no more than before. Dossier fields go into ``DossierColumns.extra``: flags as 1 / 0,
# `synced_at` as 1 when set, `paid_online` as its index in PAYMENTS; -1 for unknown.
DOSSIER_FLAGS = ("result_electronic", "components_digitised", "reused_data", "personal_storage",
                 "vneid_verified", "fee_due")
EXTRA_NAMES = ("synced_at", *DOSSIER_FLAGS, "paid_online")
DOSSIER_FIELDS = tuple(f"dossiers.{name}" for name in EXTRA_NAMES)
# The supplement requests' request and completion days (``SupplementColumns``).
SUPPLEMENT_DAYS = "supplements.days"
RECORD_FIELDS = frozenset({*DOSSIER_FIELDS, SUPPLEMENT_DAYS})


def code_of(values: Sequence[str], value: str | None) -> int:
    """The small integer a text value is stored as in the columns (-1: unknown)."""
    return MISSING if value is None else values.index(value)


@dataclass(frozen=True)
class DossierColumns:
    """One row per dossier the period needs (finished in it, received in it, or open at
    its end). Codes index `unit_codes`, `official_codes`, `procedure_codes` and the
    tuples above. `due_day` is the effective due date: the record's, or one the caller
    computed with ``indicators.effective_due`` (-1 when there is none)."""

    codes: Sequence[str]
    unit: Ints
    official: Ints
    procedure: Ints
    channel: Ints
    return_channel: Ints
    status: Ints
    received_day: Ints
    due_day: Ints
    finished_day: Ints
    agencies: Ints
    rating_satisfaction: Ints
    rating_agencies: Ints
    rating_disclosure: Ints
    unit_codes: Sequence[str]
    official_codes: Sequence[str]
    procedure_codes: Sequence[str]
    keys: Ints | None = None  # the caller's identifiers (database ids), carried through
    # The optional fields asked for, by name without "dossiers." (see DOSSIER_FIELDS).
    extra: Mapping[str, Ints] = field(default_factory=dict)
    # Whether `due_day` is the record's own due date (not one the caller computed).
    due_recorded: Bools | None = None

    def __len__(self) -> int:
        return len(self.codes)


@dataclass(frozen=True)
class StepColumns:
    dossier: Ints  # row in DossierColumns
    unit: Ints
    due_day: Ints
    finished_day: Ints


@dataclass(frozen=True)
class SupplementColumns:
    dossier: Ints
    applicant_fault: Ints  # 1 true, 0 false, -1 unknown
    # Only when SUPPLEMENT_DAYS is asked for (-1: no date; new_due: 1 when the request
    # recorded a new due date, else -1).
    requested_day: Ints | None = None
    completed_day: Ints | None = None
    new_due: Ints | None = None


@dataclass(frozen=True)
class Columns:
    """A period's dossiers with their steps and supplement requests."""

    dossiers: DossierColumns
    steps: StepColumns
    supplements: SupplementColumns


def ladder_array(counts: Ints, rungs: tuple[Rung, ...]) -> Ints:
    """Points of each count on a ladder (the first rung whose bound it does not exceed)."""
    points = np.full(len(counts), rungs[-1].points, dtype=np.int64)
    decided = np.zeros(len(counts), dtype=np.bool_)
    for rung in rungs:
        if rung.up_to is None:
            break
        here = ~decided & (counts <= rung.up_to)
        points[here] = rung.points
        decided |= here
    return points


def count_by(codes: Sequence[str], index: Ints) -> dict[str, int]:
    """How many rows fall on each code (codes with none left out)."""
    counts = np.bincount(index, minlength=len(codes))
    return {codes[i]: int(counts[i]) for i in np.flatnonzero(counts).tolist()}


def flag_code(value: bool | None) -> int:
    return MISSING if value is None else int(value)


def dossier_extra(dossier: Dossier) -> dict[str, int]:
    """A dossier's optional fields as the columns hold them (``DossierColumns.extra``)."""
    values = {name: flag_code(getattr(dossier, name)) for name in DOSSIER_FLAGS}
    values["synced_at"] = MISSING if dossier.synced_at is None else 1
    values["paid_online"] = code_of(PAYMENTS, dossier.paid_online)
    return values


def columns_from_facts(dossiers: Sequence[object], *, units: Sequence[Unit],
                       officials: Sequence[Official], procedures: Mapping[str, Procedure],
                       due_days: Mapping[str, date | None]) -> Columns:
    """Columns for facts already in memory (tests and small data sets).

    `due_days` gives each dossier's effective due date, as ``effective_due`` found it.
    """
    items = [d for d in dossiers if isinstance(d, Dossier)]
    unit_codes = [u.code for u in units]
    official_codes = [o.code for o in officials]
    for d in items:
        if d.received_by is not None and d.received_by not in official_codes:
            official_codes.append(d.received_by)
    procedure_codes = list(procedures)
    units_at = {c: i for i, c in enumerate(unit_codes)}
    officials_at = {c: i for i, c in enumerate(official_codes)}
    procedures_at = {c: i for i, c in enumerate(procedure_codes)}

    def day(value: object) -> int:
        return MISSING if value is None else value.toordinal()  # type: ignore[attr-defined]

    def ints(values: list[int]) -> Ints:
        return np.array(values, dtype=np.int64)

    rating = [d.rating for d in items]
    extras = [dossier_extra(d) for d in items]
    columns = DossierColumns(
        codes=[d.code for d in items],
        unit=ints([units_at[d.unit_code] for d in items]),
        official=ints([MISSING if d.received_by is None else officials_at[d.received_by] for d in items]),
        procedure=ints([procedures_at[d.procedure_code] for d in items]),
        channel=ints([code_of(CHANNELS, d.channel) for d in items]),
        return_channel=ints([code_of(CHANNELS, d.return_channel) for d in items]),
        status=ints([STATUSES.index(d.status.value) for d in items]),
        received_day=ints([day(d.received_at.date()) for d in items]),
        due_day=ints([day(due_days.get(d.code)) for d in items]),
        finished_day=ints([day(d.finished_at.date() if d.finished_at else None) for d in items]),
        agencies=ints([MISSING if d.agencies_contacted is None else d.agencies_contacted for d in items]),
        rating_satisfaction=ints([code_of(SATISFACTIONS, r.satisfaction if r else None) for r in rating]),
        rating_agencies=ints([MISSING if r is None or r.agencies_contacted is None else r.agencies_contacted
                              for r in rating]),
        rating_disclosure=ints([code_of(DISCLOSURES, r.disclosure_seen if r else None) for r in rating]),
        unit_codes=unit_codes, official_codes=official_codes, procedure_codes=procedure_codes,
        extra={name: ints([e[name] for e in extras]) for name in EXTRA_NAMES},
        due_recorded=np.array([d.due_at is not None for d in items], dtype=np.bool_),
    )
    step_rows: dict[str, list[int]] = defaultdict(list)
    supplement_rows: dict[str, list[int]] = defaultdict(list)
    for row, d in enumerate(items):
        for s in d.steps:
            step_rows["dossier"].append(row)
            step_rows["unit"].append(units_at[s.unit_code])
            step_rows["due"].append(day(s.due_at.date() if s.due_at else None))
            step_rows["finished"].append(day(s.finished_at.date() if s.finished_at else None))
        for sup in d.supplements:
            supplement_rows["dossier"].append(row)
            supplement_rows["fault"].append(MISSING if sup.applicant_fault is None else int(sup.applicant_fault))
            supplement_rows["requested"].append(day(sup.requested_at.date() if sup.requested_at else None))
            supplement_rows["completed"].append(day(sup.completed_at.date() if sup.completed_at else None))
            supplement_rows["new_due"].append(MISSING if sup.new_due_at is None else 1)
    steps = StepColumns(ints(step_rows["dossier"]), ints(step_rows["unit"]), ints(step_rows["due"]),
                        ints(step_rows["finished"]))
    supplements = SupplementColumns(ints(supplement_rows["dossier"]), ints(supplement_rows["fault"]),
                                    ints(supplement_rows["requested"]), ints(supplement_rows["completed"]),
                                    ints(supplement_rows["new_due"]))
    return Columns(columns, steps, supplements)
