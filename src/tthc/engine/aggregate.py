"""What every methodology's period result is made of: which dossiers a period scores,
per-subject values and totals, classes, ranks within a level, satisfaction.

Methodology §1 (which dossiers a period scores) and §3 (aggregation and classes). A
methodology computes each subject's indicator values; ``subject_score`` and
``rank_levels`` turn them into totals, classes and ranks the same way for all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from fractions import Fraction

from .arithmetic import Proportion, mean_at, wilson
from .dossier import DossierResult
from .facts import NOT_SCORED_STATUSES, Dossier, UnitKind
from .periods import Period
from .rules import NOT_ENOUGH_DATA, NOT_ENOUGH_DATA_VI, UNCLASSED, UNCLASSED_VI, Band, RuleSet, classify


@dataclass(slots=True)
class Tally:
    """Integer sums and counts per indicator, so that means are exact fractions."""

    sums: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    dossiers: int = 0
    positive: int = 0
    responses: int = 0

    def add(self, code: str, points: int | None) -> None:
        if points is not None:
            self.sums[code] += points
            self.counts[code] += 1

    def mean(self, code: str, decimals: int = 1) -> Decimal | None:
        return mean_at(self.sums[code], self.counts[code], decimals)


# Where an indicator's figures came from (methodology-qd766 §3): the province's records,
# the portal's published figures, or nowhere — then its points are unknown, never 0.
RECORDS = "records"
PORTAL = "portal"
NO_SOURCE = "none"
SOURCES = (RECORDS, PORTAL, NO_SOURCE)


@dataclass(frozen=True, slots=True)
class Figure:
    """The figures behind one indicator of one subject, for a methodology that reports
    them (``Methodology.figures``): integer numerator and denominator (None without
    figures), their source, and named sub-ratios when the points combine several."""

    numerator: int | None
    denominator: int | None
    source: str
    parts: tuple[tuple[str, int, int], ...] = ()  # (name, numerator, denominator)

    @property
    def known(self) -> bool:
        return self.source != NO_SOURCE

    def ratio(self) -> Fraction | None:
        """The exact ratio (None without figures or with a zero denominator)."""
        if self.numerator is None or not self.denominator:
            return None
        return Fraction(self.numerator, self.denominator)


@dataclass(frozen=True, slots=True)
class SubjectScore:
    subject_type: str  # agency, official
    code: str  # unit code or official code
    unit_code: str
    kind: UnitKind
    dossiers: int
    indicators: dict[str, Decimal | None]  # by indicator code, the subject's indicators only
    total: Decimal | None
    band: Band | None
    rank: int | None
    satisfaction: Proportion
    small_sample: bool
    evidence: dict[str, tuple[str, ...]]  # unit-level indicators' evidence
    # A methodology reporting figures: each indicator's, and the points of the
    # indicators without figures (their maxima), which the total does not contain.
    figures: dict[str, Figure] = field(default_factory=dict)
    unknown_points: Decimal = Decimal(0)

    @property
    def class_code(self) -> str:
        if self.band is not None:
            return self.band.code
        return UNCLASSED if self.unknown_points else NOT_ENOUGH_DATA

    @property
    def class_label_vi(self) -> str:
        if self.band is not None:
            return self.band.label_vi
        return UNCLASSED_VI if self.unknown_points else NOT_ENOUGH_DATA_VI

@dataclass(slots=True)
class ScoredDossiers:
    """Per-dossier points of the dossiers a period scored, column by column.

    Both paths fill it: the per-dossier path from its results, the bulk path from its
    arrays. `points[c][i]` is indicator c of dossier `codes[i]` (None: N/A); the
    indicators are the methodology's per-dossier ones.
    """

    indicators: tuple[str, ...]
    codes: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)  # each dossier's competent unit
    points: dict[str, list[int | None]] = field(default_factory=dict)
    conflicts: list[tuple[str, str]] = field(default_factory=list)
    # The caller's own identifiers of the dossiers (database ids), when it gave them.
    keys: list[int] | None = None

    def __post_init__(self) -> None:
        for code in self.indicators:
            self.points.setdefault(code, [])

    def __len__(self) -> int:
        return len(self.codes)

    def add(self, result: DossierResult) -> None:
        self.codes.append(result.code)
        self.units.append(result.unit_code)
        for code in self.indicators:
            self.points[code].append(result.points(code))
        self.conflicts.extend((result.code, c) for c in result.conflicts)

    def of(self, code: str) -> dict[str, int | None]:
        i = self.codes.index(code)
        return {c: self.points[c][i] for c in self.indicators}


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
    # Data-quality problems met while scoring, (dossier code, message); never a score.
    problems: list[tuple[str, str]] = field(default_factory=list)

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


def subject_score(*, subject_type: str, code: str, unit_code: str, kind: UnitKind, tally: Tally,
                  values: dict[str, Decimal | None], rules: RuleSet,
                  evidence: dict[str, tuple[str, ...]],
                  figures: Mapping[str, Figure] | None = None) -> SubjectScore:
    """A subject's total (over its applicable indicators), class and satisfaction; a
    subject with no scored dossier has no total and is "not enough data".

    With `figures` (a methodology reporting them), the subject is scored whatever its
    number of dossiers (an indicator of its own decides what no dossier is worth), and
    an indicator without figures has unknown points: the total holds the known points
    only, `unknown_points` the maxima of the others, and the subject is neither classed
    nor ranked (class "chưa xếp loại") while any points are unknown — unless the
    profile's `ranking.known_part` says to class and rank on the known points."""
    unknown = Decimal(0)
    if figures is None:
        enough = tally.dossiers > 0
    else:
        enough = True
        indicators = rules.methodology.indicators
        unknown = sum((indicators[c].max_points for c, f in figures.items() if not f.known), Decimal(0))
    total = indicator_total(values) if enough else None
    classed = total is not None and (not unknown or rules.rank_known_part)
    band = classify(rules.bands[subject_type], total) if classed and total is not None else None
    satisfaction = wilson(tally.positive, tally.responses, rules.wilson_z)
    return SubjectScore(subject_type, code, unit_code, kind, tally.dossiers, values, total, band,
                        None, satisfaction, tally.responses < rules.small_sample, evidence,
                        dict(figures or {}), unknown)


def rank_levels(scores: Sequence[SubjectScore], levels: Sequence[str]) -> list[SubjectScore]:
    """Subjects ranked within each level (unit kind) by total, subjects without a class
    unranked; ordered by level, then rank, then code. Subjects of other kinds are dropped."""
    order = {level: i for i, level in enumerate(levels)}
    ranked: list[SubjectScore] = []
    for level in levels:
        here = [s for s in scores if s.kind == level]
        ranks = competition_ranks({s.code: s.total for s in here if s.band is not None})
        ranked.extend(replace(s, rank=ranks.get(s.code)) for s in here)
    ranked.sort(key=lambda s: (order[s.kind], s.rank is None, s.rank or 0, s.code))
    return ranked


def tally_dossier(tallies: Sequence[Tally], points: Mapping[str, int | None],
                  satisfaction: str | None, rules: RuleSet) -> None:
    """Add one scored dossier's points and citizen's answer to its subjects' tallies."""
    for tally in tallies:
        tally.dossiers += 1
        for code, value in points.items():
            tally.add(code, value)
        if satisfaction is not None:
            tally.responses += 1
            tally.positive += satisfaction in rules.positive_satisfaction
