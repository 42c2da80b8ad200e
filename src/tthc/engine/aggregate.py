"""Score a period: which dossiers count, per-subject means, totals, classes, ranks.

Methodology §1 (which dossiers a period scores) and §3 (aggregation and classes).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from .agency import assigned_procedures, desk_point, online_point, petitions_point
from .arithmetic import Proportion, mean_points, wilson
from .facts import (
    NOT_SCORED_STATUSES,
    SCORED_KINDS,
    Dossier,
    Official,
    Petition,
    Procedure,
    Unit,
    UnitKind,
    UnitProcedure,
)
from .indicators import DOSSIER_INDICATORS, Context, DossierResult, Point, effective_due, evaluate_dossier
from .periods import Period
from .rules import Band, RuleSet, classify

NOT_ENOUGH_DATA = "khong_du_du_lieu"
NOT_ENOUGH_DATA_VI = "Không đủ dữ liệu"


@dataclass(slots=True)
class _Tally:
    """Integer sums and counts per indicator, so that means are exact fractions."""

    sums: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    dossiers: int = 0
    positive: int = 0
    responses: int = 0

    def add(self, number: str, points: int | None) -> None:
        if points is not None:
            self.sums[number] += points
            self.counts[number] += 1

    def mean(self, number: str) -> Decimal | None:
        return mean_points(self.sums[number], self.counts[number])


@dataclass(frozen=True, slots=True)
class SubjectScore:
    subject_type: str  # agency, official
    code: str  # unit code or official code
    unit_code: str
    kind: UnitKind
    dossiers: int
    indicators: dict[str, Decimal | None]
    total: Decimal | None
    band: Band | None
    rank: int | None
    satisfaction: Proportion
    small_sample: bool
    evidence: dict[str, tuple[str, ...]]  # agency-level indicators' evidence

    @property
    def class_code(self) -> str:
        return self.band.code if self.band is not None else NOT_ENOUGH_DATA

    @property
    def class_label_vi(self) -> str:
        return self.band.label_vi if self.band is not None else NOT_ENOUGH_DATA_VI


@dataclass(slots=True)
class ScoredDossiers:
    """Per-dossier points of the dossiers a period scored, column by column.

    Both paths fill it: the per-dossier path from its results, the bulk path from its
    arrays. `points[n][i]` is indicator n of dossier `codes[i]` (None: N/A).
    """

    codes: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)  # each dossier's competent unit
    points: dict[str, list[int | None]] = field(
        default_factory=lambda: {n: [] for n in DOSSIER_INDICATORS})
    conflicts: list[tuple[str, str]] = field(default_factory=list)
    # The caller's own identifiers of the dossiers (database ids), when it gave them.
    keys: list[int] | None = None

    def __len__(self) -> int:
        return len(self.codes)

    def add(self, result: DossierResult) -> None:
        self.codes.append(result.code)
        self.units.append(result.unit_code)
        for number in DOSSIER_INDICATORS:
            self.points[number].append(result.points(number))
        self.conflicts.extend((result.code, c) for c in result.conflicts)

    def of(self, code: str) -> dict[str, int | None]:
        i = self.codes.index(code)
        return {n: self.points[n][i] for n in DOSSIER_INDICATORS}


@dataclass(slots=True)
class PeriodTallies:
    """Integer sums and counts a period's scores are computed from."""

    agency: dict[str, _Tally] = field(default_factory=lambda: defaultdict(_Tally))
    official: dict[str, _Tally] = field(default_factory=lambda: defaultdict(_Tally))
    steps: dict[str, _Tally] = field(default_factory=lambda: defaultdict(_Tally))
    received: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    received_online: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    online_late: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    overdue: dict[str, int] = field(default_factory=lambda: defaultdict(int))


@dataclass(frozen=True, slots=True)
class PeriodResult:
    period: Period
    rules: RuleSet
    agencies: list[SubjectScore]
    officials: list[SubjectScore]
    overdue_unfinished: dict[str, int]
    scored: ScoredDossiers
    # The explained results, when the per-dossier path produced them (empty in bulk).
    details: list[DossierResult]

    @property
    def conflicts(self) -> list[tuple[str, str]]:
        return self.scored.conflicts


def is_scored_in(dossier: Dossier, period: Period) -> bool:
    """Processing ended inside the period and the dossier was not refused or withdrawn."""
    return (dossier.status not in NOT_SCORED_STATUSES and dossier.finished_at is not None
            and period.contains(dossier.finished_at.date()))


def is_overdue_unfinished(dossier: Dossier, due: datetime | None, period: Period) -> bool:
    """Past due and unfinished at the period's end (methodology §1)."""
    return (dossier.status not in NOT_SCORED_STATUSES
            and dossier.received_at.date() <= period.end
            and due is not None and due.date() <= period.end
            and (dossier.finished_at is None or dossier.finished_at.date() > period.end))


def indicator_total(indicators: Mapping[str, Decimal | None]) -> Decimal:
    """The total over applicable indicators: N/A ones add nothing."""
    return sum((v for v in indicators.values() if v is not None), Decimal("0.0"))


def competition_ranks(totals: Mapping[str, Decimal | None]) -> dict[str, int]:
    """Competition ranking (1, 2, 2, 4) of subjects with a total; ties share a rank."""
    ordered = sorted(((total, code) for code, total in totals.items() if total is not None),
                     key=lambda item: item[0], reverse=True)
    ranks: dict[str, int] = {}
    previous: Decimal | None = None
    rank = 0
    for position, (total, code) in enumerate(ordered, start=1):
        if total != previous:
            rank, previous = position, total
        ranks[code] = rank
    return ranks


def _rank(scores: list[SubjectScore]) -> dict[str, int]:
    """Ranks within a level: subjects with a class, by total."""
    return competition_ranks({s.code: s.total for s in scores if s.band is not None})


def score_period(
    *,
    period: Period,
    ctx: Context,
    units: Sequence[Unit],
    officials: Sequence[Official],
    procedures: Mapping[str, Procedure],
    unit_procedures: Sequence[UnitProcedure],
    dossiers: Iterable[Dossier],
    petitions: Sequence[Petition],
) -> PeriodResult:
    """Score every agency and official for one period.

    `dossiers` must include every dossier finished in the period, received in it, or
    received before its end and not finished by then; others are ignored.
    """
    rules = ctx.rules
    tallies = PeriodTallies()
    scored = ScoredDossiers()
    results: list[DossierResult] = []

    for dossier in dossiers:
        if period.contains(dossier.received_at.date()):
            tallies.received[dossier.unit_code] += 1
            if dossier.channel == "online":
                tallies.received_online[dossier.unit_code] += 1
        if is_scored_in(dossier, period):
            result = evaluate_dossier(dossier, ctx)
            results.append(result)
            scored.add(result)
            _tally_dossier(dossier, result, rules, tallies)
            if dossier.channel == "online" and result.points("1") == 0:
                tallies.online_late[dossier.unit_code] += 1
        elif dossier.finished_at is None or dossier.finished_at.date() > period.end:
            due, _, _ = effective_due(dossier, ctx)
            if is_overdue_unfinished(dossier, due, period):
                tallies.overdue[dossier.unit_code] += 1
                if dossier.channel == "online":
                    tallies.online_late[dossier.unit_code] += 1

    return finish_period(period=period, rules=rules, units=units, officials=officials,
                         procedures=procedures, unit_procedures=unit_procedures,
                         petitions=petitions, tallies=tallies, scored=scored, details=results)


def finish_period(*, period: Period, rules: RuleSet, units: Sequence[Unit],
                  officials: Sequence[Official], procedures: Mapping[str, Procedure],
                  unit_procedures: Sequence[UnitProcedure], petitions: Sequence[Petition],
                  tallies: PeriodTallies, scored: ScoredDossiers,
                  details: list[DossierResult]) -> PeriodResult:
    """From integer tallies to rounded values, totals, classes and ranks (both paths)."""
    agencies = _score_agencies(period, rules, units, procedures, unit_procedures, petitions,
                               tallies.agency, tallies.steps, tallies.received,
                               tallies.received_online, tallies.online_late)
    unit_kinds = {u.code: u.kind for u in units}
    official_units = {o.code: o.unit_code for o in officials}
    officials_scored = [
        _subject("official", code, official_units.get(code, ""),
                 unit_kinds.get(official_units.get(code, ""), UnitKind.PROVINCE_AGENCY),
                 tally, {n: tally.mean(n) for n in rules.methodology.subject_indicators["official"]},
                 rules.official_bands, rules, {})
        for code, tally in sorted(tallies.official.items()) if tally.dossiers
    ]
    return PeriodResult(period, rules, agencies, officials_scored,
                        {code: n for code, n in sorted(tallies.overdue.items()) if n},
                        scored, details)


def _tally_dossier(dossier: Dossier, result: DossierResult, rules: RuleSet,
                   period_tallies: PeriodTallies) -> None:
    satisfaction = dossier.rating.satisfaction if dossier.rating is not None else None
    tallies = [period_tallies.agency[dossier.unit_code]]
    if dossier.received_by is not None:
        tallies.append(period_tallies.official[dossier.received_by])
    for tally in tallies:
        tally.dossiers += 1
        for number in ("1", "2", "3", "4", "6", "7"):
            tally.add(number, result.points(number))
        if satisfaction is not None:
            tally.responses += 1
            tally.positive += satisfaction in rules.positive_satisfaction
    for step in result.steps:
        period_tallies.steps[step.unit_code].add("2", step.points)


def _score_agencies(period: Period, rules: RuleSet, units: Sequence[Unit],
                    procedures: Mapping[str, Procedure],
                    unit_procedures: Sequence[UnitProcedure], petitions: Sequence[Petition],
                    agency_tally: dict[str, _Tally], step_tally: dict[str, _Tally],
                    received: dict[str, int], received_online: dict[str, int],
                    online_late: dict[str, int]) -> list[SubjectScore]:
    by_unit: dict[str, list[UnitProcedure]] = defaultdict(list)
    for entry in unit_procedures:
        by_unit[entry.unit_code].append(entry)
    scored_units = [u for u in units if u.kind in SCORED_KINDS
                    and u.valid_during(period.start, period.end)]
    scores: list[SubjectScore] = []
    for unit in scored_units:
        tally = agency_tally.get(unit.code, _Tally())
        steps = step_tally.get(unit.code)
        assigned = assigned_procedures(unit, by_unit[unit.code], period)
        agency_points: dict[str, Point] = {
            "5": desk_point(unit, assigned, dict(procedures), rules),
            "8": petitions_point(unit, petitions, period, rules),
            "9": online_point(assigned=assigned, procedures=dict(procedures),
                              received=received.get(unit.code, 0),
                              received_online=received_online.get(unit.code, 0),
                              online_late=online_late.get(unit.code, 0), rules=rules),
        }
        values: dict[str, Decimal | None] = {}
        evidence: dict[str, tuple[str, ...]] = {}
        for number in rules.methodology.subject_indicators["agency"]:
            if number in agency_points:
                point = agency_points[number]
                values[number] = None if point.points is None else Decimal(point.points).quantize(Decimal("0.1"))
                evidence[number] = point.evidence
            elif number == "2" and steps is not None and steps.counts["2"]:
                # An agency's I2 is the mean of the steps it performed (liên thông included).
                values[number] = steps.mean("2")
                evidence[number] = (f"Trung bình điểm {steps.counts['2']} bước xử lý do đơn vị thực hiện.",)
            else:
                values[number] = tally.mean(number)
                if number == "2":
                    evidence[number] = ("Đơn vị không có bước xử lý: lấy điểm chỉ số 2 của hồ sơ đơn vị.",)
        scores.append(_subject("agency", unit.code, unit.code, unit.kind, tally, values,
                               rules.agency_bands, rules, evidence))
    ranked: list[SubjectScore] = []
    for kind in SCORED_KINDS:
        level = [s for s in scores if s.kind == kind]
        ranks = _rank(level)
        ranked.extend(_with_rank(s, ranks.get(s.code)) for s in level)
    order = {kind: i for i, kind in enumerate(SCORED_KINDS)}
    ranked.sort(key=lambda s: (order[s.kind], s.rank is None, s.rank or 0, s.code))
    return ranked


def _with_rank(score: SubjectScore, rank: int | None) -> SubjectScore:
    return SubjectScore(score.subject_type, score.code, score.unit_code, score.kind,
                        score.dossiers, score.indicators, score.total, score.band, rank,
                        score.satisfaction, score.small_sample, score.evidence)


def _subject(subject_type: str, code: str, unit_code: str, kind: UnitKind, tally: _Tally,
             values: dict[str, Decimal | None], bands: tuple[Band, ...], rules: RuleSet,
             evidence: dict[str, tuple[str, ...]]) -> SubjectScore:
    enough = tally.dossiers > 0
    total = indicator_total(values) if enough else None
    band = classify(bands, total) if total is not None else None
    satisfaction = wilson(tally.positive, tally.responses, rules.wilson_z)
    return SubjectScore(subject_type, code, unit_code, kind, tally.dossiers, values, total, band,
                        None, satisfaction, tally.responses < rules.small_sample, evidence)
