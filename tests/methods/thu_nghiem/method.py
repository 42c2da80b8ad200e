"""The test methodology's computations: each rule written once, as a column rule that
the per-dossier path evaluates on one dossier's values (so both paths agree by
construction), its intermediate values turned into evidence."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np

from tthc.engine.aggregate import (
    PeriodResult,
    ScoredDossiers,
    Tally,
    is_scored_in,
    rank_levels,
    subject_score,
    tally_dossier,
)
from tthc.engine.columns import SATISFACTIONS, STATUSES, Columns
from tthc.engine.dossier import Context, DossierResult, Point, effective_due
from tthc.engine.facts import NOT_SCORED_STATUSES, Dossier
from tthc.engine.method import PeriodInputs
from tthc.engine.rules import RuleError

FULL = 10


@dataclass(frozen=True)
class Parameters:
    supplement_points: int
    petition_deduction: Decimal


def _on_time(finished_day: np.ndarray, due_day: np.ndarray) -> np.ndarray:
    """DH: 10 when finished by its due day, 0 when late, N/A (-1) without a due day."""
    return np.where(due_day < 0, -1, np.where(finished_day <= due_day, FULL, 0))


def _no_supplement(requests: np.ndarray, p: Parameters) -> np.ndarray:
    """BS: 10 without a supplement request the applicant was not at fault for."""
    return np.where(requests == 0, FULL, p.supplement_points)


class ThuNghiem:
    def read_parameters(self, values: Mapping[str, Any]) -> Parameters:
        try:
            return Parameters(int(values["bo_sung.diem"]), Decimal(str(values["phan_anh.tru"])))
        except (KeyError, ValueError, ArithmeticError) as error:
            raise RuleError(f"phương pháp thử nghiệm: tham số sai ({error})") from error

    def explain(self, dossier: Dossier, ctx: Context) -> DossierResult:
        p = ctx.rules.params
        due, source, _ = effective_due(dossier, ctx)
        finished = dossier.finished_at.date().toordinal() if dossier.finished_at else -1
        due_day = due.date().toordinal() if due else -1
        dh = int(_on_time(np.array([finished]), np.array([due_day]))[0])
        requests = sum(1 for s in dossier.supplements if s.applicant_fault is not True)
        bs = int(_no_supplement(np.array([requests]), p)[0])
        why = (f"Hạn {due:%d/%m/%Y}, kết thúc {dossier.finished_at:%d/%m/%Y} → {dh} điểm."
               if due and dossier.finished_at else "Không có hạn: không chấm.")
        indicators = {
            "DH": Point(None if dh < 0 else dh, "record", (why,)),
            "BS": Point(bs, "record", (f"{requests} lần yêu cầu bổ sung → {bs} điểm.",)),
        }
        return DossierResult(dossier.code, dossier.unit_code, dossier.received_by, due, source,
                             None, indicators)

    def score_dossiers(self, inputs: PeriodInputs, dossiers: Iterable[Dossier]) -> PeriodResult:
        rules = inputs.rules
        tallies: dict[str, Tally] = defaultdict(Tally)
        scored = ScoredDossiers(rules.methodology.dossier_indicators)
        details = []
        for dossier in dossiers:
            if is_scored_in(dossier, inputs.period):
                result = self.explain(dossier, inputs.ctx)
                details.append(result)
                scored.add(result)
                tally_dossier([tallies[dossier.unit_code]],
                              {c: result.points(c) for c in scored.indicators},
                              dossier.rating.satisfaction if dossier.rating else None, rules)
        return self._finish(inputs, tallies, scored, details)

    def score_columns(self, inputs: PeriodInputs, columns: Columns) -> PeriodResult:
        rules, period = inputs.rules, inputs.period
        cols = columns.dossiers
        not_scored = np.isin(cols.status, [STATUSES.index(s.value) for s in NOT_SCORED_STATUSES])
        mask = ~not_scored & (cols.finished_day >= period.start.toordinal()) & (
            cols.finished_day <= period.end.toordinal())
        rows = np.flatnonzero(mask)
        counted = columns.supplements.applicant_fault != 1
        requests = np.bincount(columns.supplements.dossier[counted], minlength=len(cols))[rows]
        points = {"DH": _on_time(cols.finished_day[rows], cols.due_day[rows]),
                  "BS": _no_supplement(requests, rules.params)}
        tallies: dict[str, Tally] = defaultdict(Tally)
        positive = {SATISFACTIONS.index(s) for s in rules.positive_satisfaction}
        for k, row in enumerate(rows.tolist()):
            tally = tallies[cols.unit_codes[cols.unit[row]]]
            tally.dossiers += 1
            for code, column in points.items():
                tally.add(code, None if column[k] < 0 else int(column[k]))
            answer = int(cols.rating_satisfaction[row])
            if answer >= 0:
                tally.responses += 1
                tally.positive += answer in positive
        codes = rules.methodology.dossier_indicators
        scored = ScoredDossiers(
            codes, codes=[cols.codes[i] for i in rows.tolist()],
            units=[cols.unit_codes[u] for u in cols.unit[rows].tolist()],
            points={c: [None if v < 0 else int(v) for v in points[c].tolist()] for c in codes},
            keys=None if cols.keys is None else cols.keys[rows].tolist())
        return self._finish(inputs, tallies, scored, [])

    def _finish(self, inputs: PeriodInputs, tallies: Mapping[str, Tally], scored: ScoredDossiers,
                details: list[DossierResult]) -> PeriodResult:
        rules, period, p = inputs.rules, inputs.period, inputs.rules.params
        subject = rules.methodology.subjects["agency"]
        scores = []
        for unit in inputs.units:
            if unit.kind not in subject.levels or not unit.valid_during(period.start, period.end):
                continue
            tally = tallies.get(unit.code, Tally())
            petitions = [x for x in inputs.petitions if x.unit_code == unit.code
                         and period.contains(x.received_at.date())]
            pa = max(Decimal(0), Decimal(FULL) - p.petition_deduction * len(petitions))
            values = {"DH": tally.mean("DH", 2), "BS": tally.mean("BS", 2),
                      "PA": pa.quantize(Decimal("0.01"))}
            evidence = {"PA": (f"{len(petitions)} phản ánh về đơn vị trong kỳ, trừ "
                               f"{p.petition_deduction} điểm mỗi phản ánh → {values['PA']} điểm.",)}
            scores.append(subject_score(subject_type="agency", code=unit.code, unit_code=unit.code,
                                        kind=unit.kind, tally=tally, values=values, rules=rules,
                                        evidence=evidence))
        return PeriodResult(period, rules, rank_levels(scores, subject.levels), [], {}, scored,
                            details)


METHOD = ThuNghiem()
