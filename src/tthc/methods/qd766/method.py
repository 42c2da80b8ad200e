"""qd766 as a plug-in (``tthc.engine.method.Method``): the national index's metrics put
together, per dossier with evidence or column by column, to the same integer tallies.

Both paths count, per unit and metric, the dossiers in the denominator and in the
numerator (``metrics``: each dossier-level rule written once per dossier and once as
columns, side by side in its group's module) and hand them to ``_finish``, which
computes the unit-level metrics (petitions, procedures), the points from the exact
ratios, and the totals through ``engine.aggregate.subject_score`` with each metric's
figures: a metric without figures has unknown points.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import numpy as np

from tthc.engine.aggregate import (
    NO_SOURCE,
    PORTAL,
    RECORDS,
    Figure,
    PeriodResult,
    ScoredDossiers,
    SubjectScore,
    Tally,
    is_overdue_unfinished,
    rank_levels,
    subject_score,
)
from tthc.engine.columns import MISSING, SATISFACTIONS, STATUSES, Columns
from tthc.engine.dossier import Context, DossierResult, Point, Timing, effective_due
from tthc.engine.facts import NOT_SCORED_STATUSES, Dossier, Procedure, UnitProcedure
from tthc.engine.items import ItemSection
from tthc.engine.method import PeriodInputs, Published, StoredDossier
from tthc.engine.periods import Period
from tthc.engine.reconcile import FormulaCheck, PublishedFigure
from tthc.engine.rules import RuleSet
from tthc.engine.stake import AtStake

from . import ckmb, clgq, formula, mdhl, mdsh, ratios, tdgq, tttt
from .metrics import (
    DossierMetric,
    Figures,
    Rows,
    Situation,
    column_points,
    known_columns,
    known_fields,
    point,
)
from .metrics import procedure_flags as flags_of
from .parameters import params, read_parameters

DOSSIER_METRICS: tuple[DossierMetric, ...] = (
    ckmb.DOSSIER_SYNC, tdgq.ON_TIME, tttt.ONLINE_PAYMENT, *mdsh.METRICS, mdhl.SATISFACTION)
_BY_CODE = {m.code: m for m in DOSSIER_METRICS}
# Metrics the province's records cannot compute: their figures come from the portal.
NOT_FROM_RECORDS = {**{code: ckmb.PORTAL_ONLY for code in ckmb.FROM_PORTAL},
                    clgq.CODE: clgq.NOT_REPRODUCED, mdsh.CERTIFIED_COPY: ckmb.PORTAL_ONLY}
_FIELDS_VI = {
    "dossiers.synced_at": "ngày đồng bộ lên Cổng DVC quốc gia (synced_at)",
    "dossiers.result_electronic": "có kết quả điện tử (result_electronic)",
    "dossiers.components_digitised": "thành phần được số hóa (components_digitised)",
    "dossiers.reused_data": "tái sử dụng dữ liệu số hóa (reused_data)",
    "dossiers.personal_storage": "kho dữ liệu cá nhân (personal_storage)",
    "dossiers.vneid_verified": "xác thực VNeID (vneid_verified)",
    "dossiers.fee_due": "có nghĩa vụ tài chính (fee_due)",
    "dossiers.paid_online": "thanh toán trực tuyến (paid_online)",
    "procedures.paper_result_required": "thủ tục có kết quả bằng giấy tờ (paper_result_required)",
    "procedures.has_fee": "thủ tục có phí, lệ phí (has_fee)",
    "procedures.citizen_applicants": "thủ tục cho công dân (citizen_applicants)",
}


@dataclass(slots=True)
class _Tallies:
    """Integer counts a period's index is computed from (both paths fill them)."""

    # metric → unit → [numerator, denominator]
    counts: dict[str, dict[str, list[int]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(lambda: [0, 0])))
    subjects: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    # unit → procedure codes with a dossier in a metric's numerator (or denominator)
    verified: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    paid: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    with_fee: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    overdue: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    known: frozenset[str] = frozenset()

    def add(self, unit: str, procedure: str, points: Mapping[str, int | None],
            maxima: Mapping[str, int]) -> None:
        for code, value in points.items():
            if value is None:
                continue
            pair = self.counts[code][unit]
            pair[1] += 1
            pair[0] += value == maxima[code]
        if points.get(mdsh.CITIZEN_DOSSIER) == maxima[mdsh.CITIZEN_DOSSIER]:
            self.verified[unit].add(procedure)
        payment = points.get(tttt.CODE)
        if payment is not None:
            self.with_fee[unit].add(procedure)
            if payment == maxima[tttt.CODE]:
                self.paid[unit].add(procedure)


def _closed_note(dossier: Dossier, indicators: Mapping[str, Point], rules: RuleSet,
                 period: Period) -> tuple[str, ...]:
    """A refused or withdrawn dossier's place in the index (methodology-qd766 §3): its
    refusal or withdrawal ends its processing; it stays in the metrics it belongs to."""
    if dossier.status not in NOT_SCORED_STATUSES:
        return ()
    shorts = [rules.methodology.indicators[code].short for code, found in indicators.items()
              if found.points is not None]
    where = (f"trong kỳ {period.code} hồ sơ thuộc mẫu số các chỉ số {', '.join(shorts)}" if shorts
             else f"hồ sơ không thuộc mẫu số chỉ số nào của kỳ {period.code}")
    return (f"Hồ sơ {tdgq.CLOSED_VI[dossier.status]}: theo Quyết định 766, việc từ chối hoặc rút là kết thúc xử lý "
            f"của hồ sơ (so với hạn giải quyết như ngày kết thúc), hồ sơ vẫn được tính; {where}.",)


def _maxima(rules: RuleSet) -> dict[str, int]:
    return {m.code: int(rules.methodology.indicators[m.code].max_points) for m in DOSSIER_METRICS}


def _default_period(dossier: Dossier, ctx: Context) -> Period:
    """The month a dossier is explained in when no period is given: that of its end, or
    of the reference time for one still open."""
    day = (dossier.finished_at or ctx.as_of).date()
    return Period.parse(f"{day.year}-{day.month:02d}")


def situation_of(dossier: Dossier, ctx: Context, period: Period) -> tuple[Situation, datetime | None, str]:
    """A dossier's situation in the period as every metric reads it, with its due date and
    where that came from."""
    petitions = tuple(x for x in dossier.petitions
                      if x.received_at is not None and x.received_at.date() <= period.end)
    p = params(ctx.rules)
    due, due_source, due_evidence = effective_due(dossier, ctx)
    handling = tdgq.handling(dossier, due, dossier.due_at is not None, period, p)
    if due_source == "computed" or due is None:
        handling = replace(handling, evidence=(*due_evidence, *handling.evidence))
    return (Situation(dossier, ctx.procedures.get(dossier.procedure_code), period, handling, petitions, p),
            due, due_source)


class Qd766:
    """The plug-in; the module's ``METHOD``."""

    def read_parameters(self, values: Mapping[str, Any]) -> Any:
        return read_parameters(values)

    def explain(self, dossier: Dossier, ctx: Context) -> DossierResult:
        """One dossier's part in each metric counted dossier by dossier, with evidence, in
        the context's period (else the month of its end)."""
        return self._explain(dossier, ctx, ctx.period or _default_period(dossier, ctx))

    def _explain(self, dossier: Dossier, ctx: Context, period: Period) -> DossierResult:
        maxima = _maxima(ctx.rules)
        situation, due, due_source = situation_of(dossier, ctx, period)
        handling = situation.handling
        indicators = {m.code: point(m, maxima[m.code], situation) for m in DOSSIER_METRICS}
        timing = None if not handling.handled else Timing.LATE if handling.late else Timing.ON_TIME
        return DossierResult(dossier.code, dossier.unit_code, dossier.received_by, due, due_source,
                             timing, indicators, notes=_closed_note(dossier, indicators, ctx.rules, period))

    def explain_items(self, inputs: PeriodInputs, unit_code: str, code: str,
                      dossiers: Iterable[StoredDossier]) -> tuple[ItemSection, ...] | None:
        """The petitions behind 5.2 and 5.3, and the procedures behind online payment's B
        and C and 4.5's procedure ratio, that did not count; the procedure-level ones
        from the unit's stored points, as ``_Tallies`` counted them when scoring."""
        period, p = inputs.period, params(inputs.rules)
        found = mdhl.petition_sections(code, unit_code, inputs.petitions, period, inputs.ctx.calendar, p)
        if found is not None or code not in (tttt.CODE, mdsh.FORMALITY):
            return found
        maxima = _maxima(inputs.rules)
        tallies = _Tallies()
        column = tttt.CODE if code == tttt.CODE else mdsh.CITIZEN_DOSSIER
        in_denominator: Counter[str] = Counter()
        for procedure, points, count in dossiers:
            tallies.add(unit_code, procedure, points, maxima)  # the sets of procedures only
            if points.get(column) is not None:
                in_denominator[procedure] += count
        assigned = _assigned(inputs.unit_procedures, period.end).get(unit_code, [])
        if code == tttt.CODE:
            return tttt.procedure_sections(assigned, inputs.procedures, tallies.paid[unit_code],
                                           tallies.with_fee[unit_code], in_denominator)
        return (mdsh.formality_section(assigned, inputs.procedures, tallies.verified[unit_code], in_denominator),)

    def at_stake(self, inputs: PeriodInputs, dossiers: Iterable[Dossier], unit_code: str) -> AtStake:
        """What one unit may still lose in an open period (``stake``)."""
        from .stake import at_stake  # stake reads this module's metrics

        return at_stake(inputs, dossiers, unit_code)

    def formula_points(self, rules: RuleSet, code: str, figure: PublishedFigure) -> FormulaCheck | None:
        """The points the rule set gives for a metric's published figures (``formula``)."""
        return formula.formula_points(rules, code, figure)

    def score_dossiers(self, inputs: PeriodInputs, dossiers: Iterable[Dossier]) -> PeriodResult:
        period, rules = inputs.period, inputs.rules
        maxima = _maxima(rules)
        tallies = _Tallies()
        results: list[DossierResult] = []
        seen: list[Dossier] = []
        for dossier in dossiers:
            seen.append(dossier)
            result = self._explain(dossier, inputs.ctx, period)
            if result.timing is None:  # neither received nor handled in the period: in no metric
                continue
            results.append(result)
            subject = tallies.subjects[dossier.unit_code]
            subject.dossiers += 1
            answer = dossier.rating.satisfaction if dossier.rating else None
            if answer is not None:
                subject.responses += 1
                subject.positive += answer in rules.positive_satisfaction
            if is_overdue_unfinished(dossier, result.due_at, period):
                tallies.overdue[dossier.unit_code] += 1
        tallies.known = known_fields(seen, inputs.procedures)
        unknown = self._unknown(tallies.known)
        scored = ScoredDossiers(rules.methodology.dossier_indicators)
        by_code = {d.code: d for d in seen}
        details = []
        for result in results:
            if unknown:
                result = _without(result, unknown)
            details.append(result)
            scored.add(result)
            dossier = by_code[result.code]
            tallies.add(dossier.unit_code, dossier.procedure_code,
                        {c: result.points(c) for c in scored.indicators}, maxima)
        return _finish(inputs, tallies, scored, details)

    @staticmethod
    def _unknown(known: frozenset[str]) -> frozenset[str]:
        """Dossier-level metrics needing a field no record of the period carries."""
        return frozenset(m.code for m in DOSSIER_METRICS if not set(m.fields) <= known)

    def score_columns(self, inputs: PeriodInputs, columns: Columns) -> PeriodResult:
        period, rules, p = inputs.period, inputs.rules, params(inputs.rules)
        cols = columns.dossiers
        maxima = _maxima(rules)
        h = tdgq.handling_columns(columns, period, p)
        about = mdhl.petitions_about_dossiers(inputs.petitions, period)
        petitioned = np.zeros(len(cols), dtype=np.bool_)
        if about:
            petitioned[[i for i, code in enumerate(cols.codes) if code in about]] = True
        rows = Rows(cols, h.handled, h.received, h.finished, h.late, petitioned,
                    flags_of(cols, inputs.procedures), p)
        tallies = _Tallies(known=known_columns(cols, inputs.procedures))
        unknown = self._unknown(tallies.known)
        points = {m.code: (np.full(len(cols), MISSING, dtype=np.int64) if m.code in unknown
                           else column_points(m, maxima[m.code], rows)) for m in DOSSIER_METRICS}
        handled = np.flatnonzero(h.handled)
        unit_of = cols.unit[handled]
        for code, column in points.items():
            values = column[handled]
            counted = values >= 0
            dens = np.bincount(unit_of[counted], minlength=len(cols.unit_codes))
            nums = np.bincount(unit_of[counted & (values == maxima[code])], minlength=len(cols.unit_codes))
            for u in np.flatnonzero(dens).tolist():
                tallies.counts[code][cols.unit_codes[u]] = [int(nums[u]), int(dens[u])]
        _add_pairs(tallies.verified, cols, handled, points[mdsh.CITIZEN_DOSSIER], maxima[mdsh.CITIZEN_DOSSIER])
        _add_pairs(tallies.paid, cols, handled, points[tttt.CODE], maxima[tttt.CODE])
        _add_pairs(tallies.with_fee, cols, handled, points[tttt.CODE], None)
        satisfaction = cols.rating_satisfaction[handled]
        positive = np.isin(satisfaction, [SATISFACTIONS.index(s) for s in rules.positive_satisfaction])
        n_units = len(cols.unit_codes)
        counts = np.bincount(unit_of, minlength=n_units)
        responses = np.bincount(unit_of[satisfaction >= 0], minlength=n_units)
        positives = np.bincount(unit_of[positive], minlength=n_units)
        for u in np.flatnonzero(counts).tolist():
            tally = tallies.subjects[cols.unit_codes[u]]
            tally.dossiers, tally.responses, tally.positive = int(counts[u]), int(responses[u]), int(positives[u])
        end = period.end.toordinal()
        closed = np.isin(cols.status, [STATUSES.index(s.value) for s in NOT_SCORED_STATUSES])
        overdue = (~closed & ((cols.finished_day < 0) | (cols.finished_day > end))
                   & (cols.received_day <= end) & (cols.due_day >= 0) & (cols.due_day <= end))
        for u, n in enumerate(np.bincount(cols.unit[overdue], minlength=n_units).tolist()):
            if n:
                tallies.overdue[cols.unit_codes[u]] = n
        codes = rules.methodology.dossier_indicators
        scored = ScoredDossiers(
            codes, codes=[cols.codes[i] for i in handled.tolist()],
            units=[cols.unit_codes[u] for u in unit_of.tolist()],
            points={c: [None if v < 0 else v for v in points[c][handled].tolist()] for c in codes},
            keys=None if cols.keys is None else cols.keys[handled].tolist())
        return _finish(inputs, tallies, scored, [])


def _add_pairs(found: dict[str, set[str]], cols: Any, rows: np.ndarray, points: np.ndarray,
               value: int | None) -> None:
    """(unit, procedure) pairs of the dossiers with `value` points (any, when None)."""
    values = points[rows]
    chosen = rows[values >= 0] if value is None else rows[values == value]
    for unit, procedure in set(zip(cols.unit[chosen].tolist(), cols.procedure[chosen].tolist(), strict=True)):
        if procedure >= 0:
            found[cols.unit_codes[unit]].add(cols.procedure_codes[procedure])


def _without(result: DossierResult, unknown: frozenset[str]) -> DossierResult:
    """A dossier's result with the metrics the period's records cannot compute as N/A."""
    indicators = dict(result.indicators)
    for code in unknown:
        old = indicators[code]
        indicators[code] = Point(None, NO_SOURCE, (*old.evidence, "Không hồ sơ nào của kỳ ghi trường dữ liệu chỉ số "
                                                   "cần: chỉ số không tính được từ dữ liệu."))
    return DossierResult(result.code, result.unit_code, result.received_by, result.due_at, result.due_source,
                         result.timing, indicators, result.steps, result.conflicts)


def _assigned(unit_procedures: Mapping[tuple[str, str], Sequence[UnitProcedure]], day: date
              ) -> dict[str, list[UnitProcedure]]:
    by_unit: dict[str, list[UnitProcedure]] = defaultdict(list)
    for entries in unit_procedures.values():
        for entry in entries:
            if entry.valid_on(day):
                by_unit[entry.unit_code].append(entry)
    return by_unit


def _none(why: str) -> tuple[Figure, None, tuple[str, ...]]:
    return Figure(None, None, NO_SOURCE), None, (why,)


def _missing(fields: Iterable[str], known: frozenset[str]) -> str | None:
    absent = [_FIELDS_VI.get(name, name) for name in fields if name not in known]
    if not absent:
        return None
    return (f"Không bản ghi nào của kỳ có trường {', '.join(absent)}: chỉ số không tính được từ dữ liệu, "
            "chưa biết điểm (không phải 0).")


def _finish(inputs: PeriodInputs, tallies: _Tallies, scored: ScoredDossiers,
            details: list[DossierResult]) -> PeriodResult:
    """From integer tallies to points, groups, totals, classes and ranks (both paths)."""
    period, rules, p = inputs.period, inputs.rules, params(inputs.rules)
    methodology = rules.methodology
    subject = methodology.subjects["agency"]
    maxima = {code: spec.max_points for code, spec in methodology.indicators.items()}
    assigned = _assigned(inputs.unit_procedures, period.end)
    procedures: Mapping[str, Procedure] = inputs.procedures
    scores: list[SubjectScore] = []
    for unit in inputs.units:
        if unit.kind not in subject.levels or not unit.valid_during(period.start, period.end):
            continue
        petitions = mdhl.petition_figures(unit.code, inputs.petitions, period, inputs.ctx.calendar, p, maxima)
        values: dict[str, Decimal | None] = {}
        figures: dict[str, Figure] = {}
        evidence: dict[str, tuple[str, ...]] = {}
        published = inputs.published.get(unit.code, {})
        for code in subject.indicators:
            found = _metric(code, unit.code, tallies, petitions, assigned.get(unit.code, []), procedures,
                            maxima, p)
            if not found[0].known and code in published:  # the records cannot compute it
                found = _published(published[code], found[2])
            figures[code], values[code], evidence[code] = found
        scores.append(subject_score(subject_type="agency", code=unit.code, unit_code=unit.code,
                                    kind=unit.kind, tally=tallies.subjects.get(unit.code, Tally()),
                                    values=values, rules=rules, evidence=evidence, figures=figures))
    overdue = {code: n for code, n in sorted(tallies.overdue.items()) if n}
    return PeriodResult(period, rules, rank_levels(scores, subject.levels), [], overdue, scored, details)


def _metric(code: str, unit: str, tallies: _Tallies, petitions: Mapping[str, Figures],
            assigned: Sequence[UnitProcedure], procedures: Mapping[str, Procedure],
            maxima: Mapping[str, Decimal], p: Any) -> tuple[Figure, Decimal | None, tuple[str, ...]]:
    """One metric of one unit: its figures, points and evidence."""
    if code in NOT_FROM_RECORDS:
        return _none(NOT_FROM_RECORDS[code])
    if code in petitions:
        found = petitions[code]
    else:
        fields = _BY_CODE[code].fields if code in _BY_CODE else mdsh.FORMALITY_FIELDS
        missing = _missing(fields, tallies.known)
        if missing is not None:
            return _none(missing)
        numerator, denominator = tallies.counts[code].get(unit, [0, 0]) if code in tallies.counts else (0, 0)
        if code == tttt.CODE:
            found = tttt.figures(numerator, denominator, assigned, procedures, tallies.paid.get(unit, set()),
                                 tallies.with_fee.get(unit, set()), maxima[code], p.payment)
        elif code == mdsh.FORMALITY:
            found = mdsh.formality(assigned, procedures, tallies.verified.get(unit, set()), maxima[code],
                                   p.scales[code])
        else:
            found = _ratio_figures(numerator, denominator, maxima[code], p.scales[code])
    return Figure(found.numerator, found.denominator, RECORDS, found.parts), found.points, found.evidence


def _published(figure: Published, why_not: tuple[str, ...]) -> tuple[Figure, Decimal, tuple[str, ...]]:
    """A metric the records cannot compute, taken from the portal's published figures
    (source `portal`): its points are the portal's, never recomputed (methodology §5)."""
    return (Figure(figure.numerator, figure.denominator, PORTAL), figure.points,
            (*why_not, figure.evidence))


def _ratio_figures(numerator: int, denominator: int, maximum: Decimal, scale: Any) -> Figures:
    return ratios.scaled(numerator, denominator, maximum, scale, what="", empty="Không có hồ sơ thuộc mẫu số")


METHOD = Qd766()

__all__ = ["METHOD", "Qd766"]
