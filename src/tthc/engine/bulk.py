"""The bulk path: the per-dossier points of ``indicators``, computed column by column.

A province-year is one to two million dossiers; evaluating them one object at a time
takes a minute. Here every per-dossier rule is an array expression over integer day
numbers (``date.toordinal()``), and the tallies go to the same ``finish_period`` as
the per-dossier path, so rounding, agency indicators, classes and ranks are shared
code. Tests and ``make bench`` check that both paths give identical results; any rule
change must be made in both places (``indicators`` explains, this module counts).

Missing values: days and counts use -1, points use -1 for N/A.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from .aggregate import (
    PeriodResult,
    PeriodTallies,
    ScoredDossiers,
    _Tally,
    finish_period,
)
from .facts import NOT_SCORED_STATUSES, Official, Petition, Procedure, Status, Unit, UnitProcedure
from .indicators import DOSSIER_INDICATORS, catalogue_disclosure, catalogue_entry, conflict_message
from .periods import Period
from .rules import RuleSet, Rung

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

MISSING = -1
CHANNELS = ("direct", "online", "postal")
STATUSES = tuple(s.value for s in Status)
SATISFACTIONS = ("very_satisfied", "satisfied", "neutral", "dissatisfied", "very_dissatisfied")
DISCLOSURES = ("none", "one", "both")


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


def _timing_points(finished: Ints, due: Ints, rules: RuleSet, late: int | None = None) -> Ints:
    tp = rules.timing_points
    late_points = tp["late"] if late is None else late
    points = np.where(finished < due, tp["early"], np.where(finished == due, tp["on_time"], late_points))
    return np.where((finished >= 0) & (due >= 0), points, MISSING).astype(np.int64)


def _ladder(counts: Ints, ladder: tuple[Rung, ...]) -> Ints:
    """Points of each count on a ladder (the first rung whose bound it does not exceed)."""
    points = np.full(len(counts), ladder[-1].points, dtype=np.int64)
    decided = np.zeros(len(counts), dtype=np.bool_)
    for rung in ladder:
        if rung.up_to is None:
            break
        here = ~decided & (counts <= rung.up_to)
        points[here] = rung.points
        decided |= here
    return points


def _disclosure_from_catalogue(cols: DossierColumns, rows: Ints,
                               unit_procedures: Mapping[tuple[str, str], Sequence[UnitProcedure]],
                               table: Mapping[str, int]) -> Ints:
    """I6 from the catalogue flags for the given rows (-1 when no entry)."""
    out = np.full(len(rows), MISSING, dtype=np.int64)
    if not len(rows):
        return out
    n_procedures = max(len(cols.procedure_codes), 1)
    keys = cols.unit[rows] * n_procedures + cols.procedure[rows]
    unique, inverse = np.unique(keys, return_inverse=True)
    for k, key in enumerate(unique.tolist()):
        unit_code = cols.unit_codes[key // n_procedures]
        procedure_code = cols.procedure_codes[key % n_procedures]
        entries = unit_procedures.get((unit_code, procedure_code), ())
        where = np.flatnonzero(inverse == k)
        if len(entries) <= 1:
            entry = entries[0] if entries else None
            out[where] = MISSING if entry is None else table[catalogue_disclosure(entry)]
            continue
        # Several dated entries for one pair: choose per dossier, as the per-dossier path does.
        for i in where.tolist():
            row = int(rows[i])
            day = cols.finished_day[row] if cols.finished_day[row] >= 0 else cols.received_day[row]
            chosen = catalogue_entry(entries, date.fromordinal(int(day)))
            out[i] = MISSING if chosen is None else table[catalogue_disclosure(chosen)]
    return out


def _complaints(cols: DossierColumns, petitions: Sequence[Petition], rules: RuleSet) -> Bools:
    """Dossiers with an upheld complaint, of a counted kind, about their receiving official."""
    flagged = np.zeros(len(cols), dtype=np.bool_)
    relevant = [p for p in petitions if p.upheld is True and p.dossier_code is not None
                and p.about_official is not None and p.kind in rules.attitude_complaint_kinds]
    if not relevant:
        return flagged
    # Look up only the few dossiers named: a dict of a million codes would cost more.
    named = {p.dossier_code for p in relevant}
    rows = {code: i for i, code in enumerate(cols.codes) if code in named}
    officials = {code: i for i, code in enumerate(cols.official_codes)}
    for p in relevant:
        row = rows.get(p.dossier_code or "")
        official = officials.get(p.about_official or "")
        if row is not None and official is not None and cols.official[row] == official:
            flagged[row] = True
    return flagged


def _add(tallies: dict[str, _Tally], codes: Sequence[str], index: Ints, number: str,
         points: Ints) -> None:
    valid = points >= 0
    sums = np.bincount(index[valid], weights=points[valid], minlength=len(codes))
    counts = np.bincount(index[valid], minlength=len(codes))
    for i in np.flatnonzero(counts).tolist():
        tally = tallies[codes[i]]
        tally.sums[number] += int(sums[i])
        tally.counts[number] += int(counts[i])


def _count(target: dict[str, int], codes: Sequence[str], index: Ints) -> None:
    counts = np.bincount(index, minlength=len(codes))
    for i in np.flatnonzero(counts).tolist():
        target[codes[i]] += int(counts[i])


def _subjects(tallies: dict[str, _Tally], codes: Sequence[str], index: Ints,
              points: Mapping[str, Ints], satisfaction: Ints, positive: Bools) -> None:
    counts = np.bincount(index, minlength=len(codes))
    responses = np.bincount(index[satisfaction >= 0], minlength=len(codes))
    positives = np.bincount(index[positive], minlength=len(codes))
    for i in np.flatnonzero(counts).tolist():
        tally = tallies[codes[i]]
        tally.dossiers += int(counts[i])
        tally.responses += int(responses[i])
        tally.positive += int(positives[i])
    for number, column in points.items():
        _add(tallies, codes, index, number, column)


def score_period_bulk(
    *,
    period: Period,
    rules: RuleSet,
    units: Sequence[Unit],
    officials: Sequence[Official],
    procedures: Mapping[str, Procedure],
    unit_procedures: Mapping[tuple[str, str], Sequence[UnitProcedure]],
    petitions: Sequence[Petition],
    dossiers: DossierColumns,
    steps: StepColumns,
    supplements: SupplementColumns,
) -> PeriodResult:
    """The same result as ``aggregate.score_period``, from columns."""
    cols = dossiers
    start, end = period.start.toordinal(), period.end.toordinal()
    not_scored_status = np.isin(cols.status, [STATUSES.index(s.value) for s in NOT_SCORED_STATUSES])
    finished = cols.finished_day
    scored_mask = ~not_scored_status & (finished >= start) & (finished <= end)
    rows = np.flatnonzero(scored_mask)
    online = CHANNELS.index("online")

    # I1 and the timing behind I7.
    i1 = _timing_points(finished[rows], cols.due_day[rows], rules)

    # I2: the lowest step of each scored dossier, or I1 without a usable step.
    step_scored = scored_mask[steps.dossier]
    step_points = _timing_points(steps.finished_day, steps.due_day, rules)
    usable = step_scored & (step_points >= 0)
    lowest = np.full(len(cols), 99, dtype=np.int64)
    np.minimum.at(lowest, steps.dossier[usable], step_points[usable])
    i2 = np.where(lowest[rows] == 99, i1, lowest[rows])

    # I3: supplement requests not flagged as the applicant's fault.
    counted = supplements.applicant_fault != 1
    requests = np.bincount(supplements.dossier[counted], minlength=len(cols))
    i3 = _ladder(requests[rows], rules.supplements_ladder)

    # I4: the record, else the citizen's answer, else derived from the channels.
    recorded, cited = cols.agencies[rows], cols.rating_agencies[rows]
    remote = (cols.channel[rows] == online) & np.isin(
        cols.return_channel[rows], [CHANNELS.index(c) for c in rules.remote_return_channels])
    derived = np.where(remote, rules.derived_remote_agencies, rules.derived_other_agencies)
    contacted = np.where(recorded >= 0, recorded, np.where(cited >= 0, cited, derived))
    i4 = _ladder(contacted, rules.agencies_ladder)
    conflicting = np.flatnonzero((recorded >= 0) & (cited >= 0) & (recorded != cited))

    # I6: the citizen's answer, else the catalogue flags, else N/A.
    seen = cols.rating_disclosure[rows]
    table = rules.disclosure_points
    answer = np.array([table[d] for d in DISCLOSURES], dtype=np.int64)
    i6 = np.where(seen >= 0, answer[np.maximum(seen, 0)], MISSING)
    unanswered = np.flatnonzero(seen < 0)
    i6[unanswered] = _disclosure_from_catalogue(cols, rows[unanswered], unit_procedures, table)

    # I7: an upheld complaint about the receiving official, else the timing.
    i7_timing = _timing_points(finished[rows], cols.due_day[rows], rules, rules.attitude_late_points)
    i7 = np.where(_complaints(cols, petitions, rules)[rows], 0, i7_timing)

    points = {"1": i1, "2": i2, "3": i3, "4": i4, "6": i6, "7": i7}
    tallies = PeriodTallies()
    satisfaction = cols.rating_satisfaction[rows]
    positive = np.isin(satisfaction, [SATISFACTIONS.index(s) for s in rules.positive_satisfaction])
    _subjects(tallies.agency, cols.unit_codes, cols.unit[rows], points, satisfaction, positive)
    by_official = cols.official[rows] >= 0
    _subjects(tallies.official, cols.official_codes, cols.official[rows][by_official],
              {n: p[by_official] for n, p in points.items()}, satisfaction[by_official],
              positive[by_official])
    step_rows = np.flatnonzero(usable)
    _add(tallies.steps, cols.unit_codes, steps.unit[step_rows], "2", step_points[step_rows])

    received = (cols.received_day >= start) & (cols.received_day <= end)
    is_online = cols.channel == online
    _count(tallies.received, cols.unit_codes, cols.unit[received])
    _count(tallies.received_online, cols.unit_codes, cols.unit[received & is_online])
    overdue = (~scored_mask & ~not_scored_status & ((finished < 0) | (finished > end))
               & (cols.received_day <= end) & (cols.due_day >= 0) & (cols.due_day <= end))
    _count(tallies.overdue, cols.unit_codes, cols.unit[overdue])
    late_online = np.zeros(len(cols), dtype=np.bool_)
    late_online[rows] = i1 == 0
    _count(tallies.online_late, cols.unit_codes, cols.unit[(late_online | overdue) & is_online])

    scored = ScoredDossiers(
        codes=[cols.codes[i] for i in rows.tolist()],
        units=[cols.unit_codes[u] for u in cols.unit[rows].tolist()],
        points={n: [None if v < 0 else v for v in points[n].tolist()] for n in DOSSIER_INDICATORS},
        conflicts=[(cols.codes[int(rows[i])], conflict_message(int(cited[i]), int(recorded[i])))
                   for i in conflicting.tolist()],
        keys=None if cols.keys is None else cols.keys[rows].tolist(),
    )
    return finish_period(period=period, rules=rules, units=units, officials=officials,
                         procedures=procedures,
                         unit_procedures=[e for entries in unit_procedures.values() for e in entries],
                         petitions=petitions, tallies=tallies, scored=scored, details=[])


def columns_from_facts(dossiers: Sequence[object], *, units: Sequence[Unit],
                       officials: Sequence[Official], procedures: Mapping[str, Procedure],
                       due_days: Mapping[str, date | None]) -> tuple[DossierColumns, StepColumns, SupplementColumns]:
    """Columns for facts already in memory (tests and small data sets).

    `due_days` gives each dossier's effective due date, as ``effective_due`` found it.
    """
    from .facts import Dossier

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
    steps = StepColumns(ints(step_rows["dossier"]), ints(step_rows["unit"]), ints(step_rows["due"]),
                        ints(step_rows["finished"]))
    supplements = SupplementColumns(ints(supplement_rows["dossier"]), ints(supplement_rows["fault"]))
    return columns, steps, supplements
