"""nd61-tt01 as a plug-in (``tthc.engine.method.Method``): the nine indicators put
together, per dossier with evidence or column by column, to the same tallies.

Both paths fill the same integer tallies and hand them to ``_finish``: unit-level
indicators 5, 8, 9, exact rounding, classes and ranks are one piece of code.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

import numpy as np

from tthc.engine.aggregate import (
    PeriodResult,
    ScoredDossiers,
    SubjectScore,
    Tally,
    is_overdue_unfinished,
    is_scored_in,
    rank_levels,
    subject_score,
    tally_dossier,
)
from tthc.engine.columns import (
    CHANNELS,
    SATISFACTIONS,
    STATUSES,
    Columns,
    Ints,
    count_by,
)
from tthc.engine.dossier import Context, DossierResult, Point, effective_due
from tthc.engine.evidence import UnitEvidence
from tthc.engine.facts import NOT_SCORED_STATUSES, Dossier, UnitKind, UnitProcedure
from tthc.engine.method import PeriodInputs
from tthc.engine.rules import RuleSet

from . import (
    i1_handling_time,
    i2_unit_time,
    i3_supplements,
    i4_agencies_contacted,
    i5_desk,
    i6_disclosure,
    i7_attitude,
    i8_petitions,
    i9_online,
)
from .parameters import params, read_parameters
from .units import assigned_procedures


@dataclass(slots=True)
class _Tallies:
    """Integer sums and counts a period's scores are computed from."""

    agency: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    official: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    steps: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    received: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    received_online: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    online_late: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    overdue: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    # Which online dossiers were late, for the evidence of I9 (the per-dossier path only).
    late_online: dict[str, list[i9_online.LateOnline]] = field(default_factory=lambda: defaultdict(list))

    def add_late_online(self, dossier: Dossier, due: datetime | None, finished: datetime | None) -> None:
        self.online_late[dossier.unit_code] += 1
        self.late_online[dossier.unit_code].append(i9_online.LateOnline(dossier.code, due, finished))


def _dossier_codes(rules: RuleSet) -> tuple[str, ...]:
    return rules.methodology.dossier_indicators


class Nd61:
    """The plug-in; the module's ``METHOD``."""

    def read_parameters(self, values: Mapping[str, Any]) -> Any:
        return read_parameters(values)

    def explain(self, dossier: Dossier, ctx: Context) -> DossierResult:
        """All per-dossier indicators of one dossier with their evidence."""
        p = params(ctx.rules)
        due, due_source, due_evidence = effective_due(dossier, ctx)
        i1, timing = i1_handling_time.explain(dossier, due, due_evidence, p)
        steps = tuple(i2_unit_time.explain_step(step, p)
                      for step in sorted(dossier.steps, key=lambda s: s.seq))
        i4, conflicts = i4_agencies_contacted.explain(dossier, p)
        indicators = {
            i1_handling_time.CODE: i1,
            i2_unit_time.CODE: i2_unit_time.explain(steps, i1),
            i3_supplements.CODE: i3_supplements.explain(dossier, p),
            i4_agencies_contacted.CODE: i4,
            i6_disclosure.CODE: i6_disclosure.explain(dossier, ctx),
            i7_attitude.CODE: i7_attitude.explain(dossier, timing, p),
        }
        # Decree 61 scores the dossiers finished with a result: a refusal or withdrawal
        # takes the dossier out of every period (is_scored_in).
        notes = () if dossier.scored_status else (
            "Hồ sơ bị từ chối hoặc rút: không được tính điểm trong kỳ nào.",)
        return DossierResult(dossier.code, dossier.unit_code, dossier.received_by, due, due_source,
                             timing, indicators, steps, conflicts, notes)

    def score_dossiers(self, inputs: PeriodInputs, dossiers: Iterable[Dossier]) -> PeriodResult:
        tallies, scored, results = self._tally_dossiers(inputs, dossiers)
        return _finish(inputs, tallies, scored, results)

    def explain_unit(self, inputs: PeriodInputs, dossiers: Iterable[Dossier],
                     unit_code: str) -> dict[str, UnitEvidence]:
        """The evidence of the indicators computed for the whole unit `unit_code` (5, 8,
        9): the same points as the period's scores, with the procedures, petitions and
        dossiers behind them and the rule values used. `dossiers`: the unit's dossiers
        the period needs; `inputs.petitions`: at least the unit's."""
        unit = next((u for u in inputs.units if u.code == unit_code), None)
        subject = inputs.rules.methodology.subjects["agency"]
        if unit is None or unit.kind not in subject.levels:
            return {}
        # Only the online dossiers' points matter to a unit-level indicator (the late ones
        # of I9): the others are counted, not explained, which keeps a big agency's year
        # to a fraction of its scoring.
        tallies, _, _ = self._tally_dossiers(inputs, (d for d in dossiers if d.unit_code == unit_code),
                                             online_only=True)
        period, rules, p = inputs.period, inputs.rules, params(inputs.rules)
        entries = [e for group in inputs.unit_procedures.values() for e in group if e.unit_code == unit_code]
        assigned = assigned_procedures(unit, entries, period)
        procedures = dict(inputs.procedures)
        found = {
            i5_desk.CODE: i5_desk.explain(unit, assigned, procedures, rules, p),
            i8_petitions.CODE: i8_petitions.explain(unit, inputs.petitions, period, rules, p),
            i9_online.CODE: i9_online.explain(
                assigned=assigned, procedures=procedures, received=tallies.received.get(unit_code, 0),
                received_online=tallies.received_online.get(unit_code, 0),
                late=tallies.late_online.get(unit_code, []), rules=rules, p=p),
        }
        return {code: found[code] for code in subject.indicators if code in found}

    def _tally_dossiers(self, inputs: PeriodInputs, dossiers: Iterable[Dossier], *, online_only: bool = False
                        ) -> tuple[_Tallies, ScoredDossiers, list[DossierResult]]:
        """The tallies of the period; `online_only`: the dossiers received other than
        online are counted as received and otherwise skipped (the unit-level tallies
        alone are then right)."""
        period, rules = inputs.period, inputs.rules
        tallies = _Tallies()
        scored = ScoredDossiers(_dossier_codes(rules))
        results: list[DossierResult] = []
        for dossier in dossiers:
            if period.contains(dossier.received_at.date()):
                tallies.received[dossier.unit_code] += 1
                if dossier.channel == "online":
                    tallies.received_online[dossier.unit_code] += 1
            if online_only and dossier.channel != "online":
                continue
            if is_scored_in(dossier, period):
                result = self.explain(dossier, inputs.ctx)
                results.append(result)
                scored.add(result)
                subjects = [tallies.agency[dossier.unit_code]]
                if dossier.received_by is not None:
                    subjects.append(tallies.official[dossier.received_by])
                tally_dossier(subjects, {c: result.points(c) for c in scored.indicators},
                              dossier.rating.satisfaction if dossier.rating else None, rules)
                for step in result.steps:
                    tallies.steps[step.unit_code].add(i2_unit_time.CODE, step.points)
                if dossier.channel == "online" and result.points(i1_handling_time.CODE) == 0:
                    tallies.add_late_online(dossier, result.due_at, dossier.finished_at)
            elif dossier.finished_at is None or dossier.finished_at.date() > period.end:
                due, _, _ = effective_due(dossier, inputs.ctx)
                if is_overdue_unfinished(dossier, due, period):
                    tallies.overdue[dossier.unit_code] += 1
                    if dossier.channel == "online":
                        tallies.add_late_online(dossier, due, None)
        return tallies, scored, results

    def score_columns(self, inputs: PeriodInputs, columns: Columns) -> PeriodResult:
        period, rules, p = inputs.period, inputs.rules, params(inputs.rules)
        cols, steps = columns.dossiers, columns.steps
        start, end = period.start.toordinal(), period.end.toordinal()
        not_scored_status = np.isin(cols.status, [STATUSES.index(s.value) for s in NOT_SCORED_STATUSES])
        finished = cols.finished_day
        scored_mask = ~not_scored_status & (finished >= start) & (finished <= end)
        rows = np.flatnonzero(scored_mask)

        i1 = i1_handling_time.count(finished[rows], cols.due_day[rows], p)
        step_scored = scored_mask[steps.dossier]
        step_points = i2_unit_time.step_points(steps, p)
        usable = step_scored & (step_points >= 0)
        i2 = i2_unit_time.count(len(cols), rows, steps, usable, step_points, i1)
        i3 = i3_supplements.count(len(cols), rows, columns.supplements, p)
        i4, conflicts = i4_agencies_contacted.count(cols, rows, p)
        i6 = i6_disclosure.count(cols, rows, inputs.unit_procedures, p.disclosure_points)
        i7 = i7_attitude.count(cols, rows, inputs.petitions, p)
        points = {i1_handling_time.CODE: i1, i2_unit_time.CODE: i2, i3_supplements.CODE: i3,
                  i4_agencies_contacted.CODE: i4, i6_disclosure.CODE: i6, i7_attitude.CODE: i7}

        tallies = _Tallies()
        satisfaction = cols.rating_satisfaction[rows]
        positive = np.isin(satisfaction, [SATISFACTIONS.index(s) for s in rules.positive_satisfaction])
        _add_subjects(tallies.agency, cols.unit_codes, cols.unit[rows], points, satisfaction, positive)
        by_official = cols.official[rows] >= 0
        _add_subjects(tallies.official, cols.official_codes, cols.official[rows][by_official],
                      {c: v[by_official] for c, v in points.items()}, satisfaction[by_official],
                      positive[by_official])
        step_rows = np.flatnonzero(usable)
        _add_points(tallies.steps, cols.unit_codes, steps.unit[step_rows], i2_unit_time.CODE,
                    step_points[step_rows])

        received = (cols.received_day >= start) & (cols.received_day <= end)
        is_online = cols.channel == CHANNELS.index("online")
        tallies.received.update(count_by(cols.unit_codes, cols.unit[received]))
        tallies.received_online.update(count_by(cols.unit_codes, cols.unit[received & is_online]))
        overdue = (~scored_mask & ~not_scored_status & ((finished < 0) | (finished > end))
                   & (cols.received_day <= end) & (cols.due_day >= 0) & (cols.due_day <= end))
        tallies.overdue.update(count_by(cols.unit_codes, cols.unit[overdue]))
        late_online = np.zeros(len(cols), dtype=np.bool_)
        late_online[rows] = i1 == 0
        tallies.online_late.update(count_by(cols.unit_codes,
                                            cols.unit[(late_online | overdue) & is_online]))

        codes = _dossier_codes(rules)
        scored = ScoredDossiers(
            codes,
            codes=[cols.codes[i] for i in rows.tolist()],
            units=[cols.unit_codes[u] for u in cols.unit[rows].tolist()],
            points={c: [None if v < 0 else v for v in points[c].tolist()] for c in codes},
            conflicts=conflicts,
            keys=None if cols.keys is None else cols.keys[rows].tolist(),
        )
        return _finish(inputs, tallies, scored, [])


def _add_points(tallies: dict[str, Tally], codes: Sequence[str], index: Ints, code: str,
                points: Ints) -> None:
    valid = points >= 0
    sums = np.bincount(index[valid], weights=points[valid], minlength=len(codes))
    counts = np.bincount(index[valid], minlength=len(codes))
    for i in np.flatnonzero(counts).tolist():
        tally = tallies[codes[i]]
        tally.sums[code] += int(sums[i])
        tally.counts[code] += int(counts[i])


def _add_subjects(tallies: dict[str, Tally], codes: Sequence[str], index: Ints,
                  points: Mapping[str, Ints], satisfaction: Ints, positive: np.ndarray) -> None:
    counts = np.bincount(index, minlength=len(codes))
    responses = np.bincount(index[satisfaction >= 0], minlength=len(codes))
    positives = np.bincount(index[positive], minlength=len(codes))
    for i in np.flatnonzero(counts).tolist():
        tally = tallies[codes[i]]
        tally.dossiers += int(counts[i])
        tally.responses += int(responses[i])
        tally.positive += int(positives[i])
    for code, column in points.items():
        _add_points(tallies, codes, index, code, column)


def _finish(inputs: PeriodInputs, tallies: _Tallies, scored: ScoredDossiers,
            details: list[DossierResult]) -> PeriodResult:
    """From integer tallies to rounded values, totals, classes and ranks (both paths)."""
    rules = inputs.rules
    subjects = rules.methodology.subjects
    unit_kinds = {u.code: u.kind for u in inputs.units}
    official_units = {o.code: o.unit_code for o in inputs.officials}
    officials = []
    for code, tally in sorted(tallies.official.items()):
        if not tally.dossiers:
            continue
        unit_code = official_units.get(code, "")
        officials.append(subject_score(
            subject_type="official", code=code, unit_code=unit_code,
            kind=unit_kinds.get(unit_code, UnitKind.PROVINCE_AGENCY), tally=tally,
            values={c: tally.mean(c) for c in subjects["official"].indicators},
            rules=rules, evidence={}))
    return PeriodResult(inputs.period, rules, _agencies(inputs, tallies), officials,
                        {code: n for code, n in sorted(tallies.overdue.items()) if n},
                        scored, details)


def _agencies(inputs: PeriodInputs, tallies: _Tallies) -> list[SubjectScore]:
    period, rules, p = inputs.period, inputs.rules, params(inputs.rules)
    subject = rules.methodology.subjects["agency"]
    by_unit: dict[str, list[UnitProcedure]] = defaultdict(list)
    for entries in inputs.unit_procedures.values():
        for entry in entries:
            by_unit[entry.unit_code].append(entry)
    procedures = dict(inputs.procedures)
    scores: list[SubjectScore] = []
    for unit in inputs.units:
        if unit.kind not in subject.levels or not unit.valid_during(period.start, period.end):
            continue
        tally = tallies.agency.get(unit.code, Tally())
        steps = tallies.steps.get(unit.code)
        assigned = assigned_procedures(unit, by_unit[unit.code], period)
        unit_points: dict[str, Point] = {
            i5_desk.CODE: i5_desk.point(unit, assigned, procedures, p),
            i8_petitions.CODE: i8_petitions.point(unit, inputs.petitions, period, p),
            i9_online.CODE: i9_online.point(
                assigned=assigned, procedures=procedures,
                received=tallies.received.get(unit.code, 0),
                received_online=tallies.received_online.get(unit.code, 0),
                online_late=tallies.online_late.get(unit.code, 0), p=p),
        }
        values: dict[str, Decimal | None] = {}
        evidence: dict[str, tuple[str, ...]] = {}
        step_code = i2_unit_time.CODE
        for code in subject.indicators:
            if code in unit_points:
                point = unit_points[code]
                values[code] = (None if point.points is None
                                else Decimal(point.points).quantize(Decimal("0.1")))
                evidence[code] = point.evidence
            elif code == step_code and steps is not None and steps.counts[step_code]:
                # An agency's I2 is the mean of the steps it performed (liên thông included).
                values[code] = steps.mean(step_code)
                evidence[code] = (f"Trung bình điểm {steps.counts[step_code]} bước xử lý do đơn vị "
                                  "thực hiện.",)
            else:
                values[code] = tally.mean(code)
                if code == step_code:
                    evidence[code] = ("Đơn vị không có bước xử lý: lấy điểm chỉ số 2 của hồ sơ "
                                      "đơn vị.",)
        scores.append(subject_score(subject_type="agency", code=unit.code, unit_code=unit.code,
                                    kind=unit.kind, tally=tally, values=values, rules=rules,
                                    evidence=evidence))
    return rank_levels(scores, subject.levels)


METHOD = Nd61()

__all__ = ["METHOD", "Nd61"]
