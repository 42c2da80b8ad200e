"""The reconciliation with the portal (issue 12; interchange §6 `tthc reconcile`): for a
period, each unit and metric the portal published, its figures beside those our records
give (the period's current run), the difference, and the formula check — whether the
portal's points follow from its own ratio by our rule set (asked of the methodology,
``engine.reconcile.formula_check``).

Reads only: the portal's current answers of the period, the current run, the rule set of
the period. The lines are sorted by the points at stake: the larger of the gap between
published and computed points and the gap between published points and those their
ratio gives — what the unit stands to win or lose once the difference is explained.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tthc.engine.aggregate import RECORDS, Figure
from tthc.engine.contract import percent
from tthc.engine.periods import Period
from tthc.engine.reconcile import FormulaCheck, PublishedFigure, formula_check
from tthc.engine.rules import RuleSet, load_rules
from tthc.scoring import rule_sets
from tthc.scoring.models import ScoringRun, SubjectScore, SubjectType
from tthc.scoring.selectors import current_run

from .models import PublishedMetric, PublishedUnit

FORMAT_VERSION = 1
_CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def _cents(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(_CENT)


def _minus(ours: Any, theirs: Any) -> Any:
    return None if ours is None or theirs is None else ours - theirs


@dataclass(frozen=True, slots=True)
class Computed:
    """A metric as our records give it in the period's current run."""

    numerator: int | None
    denominator: int | None
    ratio: Decimal | None
    points: Decimal | None
    source: str


@dataclass(slots=True)
class Line:
    """One metric of one unit: published, its formula check, computed, the differences."""

    group: str
    metric: str
    short: str
    name: str
    published: PublishedFigure
    formula: FormulaCheck | None  # None: the rule set has no formula for the metric
    computed: Computed | None  # None: no run, or the records cannot compute it
    quality_status: str | None
    quality_message: str | None

    @property
    def formula_points(self) -> Decimal | None:
        return None if self.formula is None else self.formula.points

    @property
    def formula_mismatch(self) -> bool:
        """The portal's points do not follow from its ratio (by our rule set)."""
        return self.formula is not None and not self.formula.follows(self.published.points)

    @property
    def numerator_difference(self) -> int | None:
        """Computed − published: how many dossiers more (or fewer) our records count."""
        return None if self.computed is None else _minus(self.computed.numerator, self.published.numerator)

    @property
    def denominator_difference(self) -> int | None:
        return None if self.computed is None else _minus(self.computed.denominator, self.published.denominator)

    @property
    def points_difference(self) -> Decimal | None:
        return None if self.computed is None else _minus(self.computed.points, self.published.points)

    @property
    def at_stake(self) -> Decimal:
        gaps = [abs(self.points_difference or ZERO)]
        if self.formula_mismatch and self.published.points is not None and self.formula_points is not None:
            gaps.append(abs(self.published.points - self.formula_points))
        return max(gaps)


@dataclass(slots=True)
class UnitLines:
    unit_id: int
    code: str
    name: str
    published_code: str
    published_name: str
    lines: list[Line] = field(default_factory=list)
    published_total: Decimal | None = None  # the sum of the groups' published totals
    computed_total: Decimal | None = None  # the current run's total (its known part)
    unknown_points: Decimal | None = None

    @property
    def at_stake(self) -> Decimal:
        return sum((line.at_stake for line in self.lines), ZERO)

    @property
    def mismatches(self) -> int:
        return sum(line.formula_mismatch for line in self.lines)

    @property
    def flagged(self) -> int:
        return sum(line.quality_status is not None or bool(line.quality_message) for line in self.lines)

    @property
    def total_difference(self) -> Decimal | None:
        return _minus(self.computed_total, self.published_total)  # type: ignore[no-any-return]


@dataclass(slots=True)
class Reconciliation:
    period: str
    rule_version: str
    run: ScoringRun | None
    units: list[UnitLines]
    unmatched: list[dict[str, str]]

    @property
    def lines(self) -> list[tuple[UnitLines, Line]]:
        """Every line of every unit, the most points at stake first."""
        found = [(unit, line) for unit in self.units for line in unit.lines]
        found.sort(key=lambda pair: (-pair[1].at_stake, pair[0].code, pair[1].group, pair[1].metric))
        return found


def _rules(period: Period, run: ScoringRun | None) -> RuleSet:
    method, profile = (run.method, run.profile) if run is not None else rule_sets.for_period(period.code)
    return load_rules(method, profile, period.end)


def _figure(metric: PublishedMetric) -> PublishedFigure:
    return PublishedFigure(metric.numerator, metric.denominator, _cents(metric.ratio), _cents(metric.score),
                           _cents(metric.max_score), metric.raw if isinstance(metric.raw, dict) else {})


def _computed(score: SubjectScore | None, code: str) -> Computed | None:
    if score is None:
        return None
    stored = (score.figures or {}).get(code)
    if not stored or stored.get("source") != RECORDS:
        return None  # the records cannot compute it (taken from the portal, or unknown)
    figure = Figure(stored.get("n"), stored.get("d"), RECORDS)
    value = score.values.get(code)
    return Computed(figure.numerator, figure.denominator, percent(figure),
                    None if value is None else _cents(Decimal(value)), RECORDS)


def reconciliation(*, period: str, unit_ids: Collection[int] | None = None) -> Reconciliation:
    """The period's reconciliation: every unit (or those of `unit_ids`) with published
    figures, and — when all units are asked for — the published units left unmatched."""
    span = Period.parse(period)
    run = current_run(period=span.code)
    rules = _rules(span, run)
    specs = rules.methodology.indicators
    order = {code: index for index, code in enumerate(specs)}
    published = PublishedUnit.objects.filter(answer__period=span.code, answer__current=True, overview=False)
    if unit_ids is not None:
        published = published.filter(unit_id__in=list(unit_ids))
    rows = list(published.select_related("unit", "answer").order_by("answer__group", "position"))
    metrics: dict[int, list[PublishedMetric]] = defaultdict(list)
    for metric in PublishedMetric.objects.filter(unit__in=[r.pk for r in rows if r.unit_id is not None]):
        metrics[metric.unit_id].append(metric)
    scores = {} if run is None else {
        s.unit_id: s for s in SubjectScore.objects.filter(run=run, subject_type=SubjectType.AGENCY)}
    units: dict[int, UnitLines] = {}
    unmatched: dict[tuple[str, str], dict[str, str]] = {}
    for row in rows:
        if row.unit is None:
            unmatched.setdefault((row.code, row.name), {"published_code": row.code, "published_name": row.name})
            continue
        unit = units.get(row.unit_id)
        if unit is None:
            unit = units[row.unit_id] = UnitLines(row.unit_id, row.unit.code, row.unit.name, row.code, row.name)
            score = scores.get(row.unit_id)
            if score is not None:
                unit.computed_total, unit.unknown_points = _cents(score.total), _cents(score.unknown_points)
        unit.published_code = unit.published_code or row.code
        if row.total_score is not None:
            unit.published_total = (unit.published_total or ZERO) + _cents(row.total_score)  # type: ignore[operator]
        seen = {line.metric for line in unit.lines}
        for metric in metrics.get(row.pk, []):
            if metric.code in seen:
                continue  # the unit matched twice in one answer: its first figures count
            spec = specs.get(metric.code)
            figure = _figure(metric)
            unit.lines.append(Line(
                group=(spec.group if spec is not None else None) or row.answer.group, metric=metric.code,
                short=spec.short if spec is not None else "", name=spec.name_vi if spec is not None else metric.name,
                published=figure,
                formula=formula_check(rules, metric.code, figure) if spec is not None else None,
                computed=_computed(scores.get(row.unit_id), metric.code),
                quality_status=metric.quality_status, quality_message=metric.quality_message))
    for unit in units.values():
        unit.lines.sort(key=lambda line: (-line.at_stake, order.get(line.metric, len(order)), line.metric))
    ordered = sorted(units.values(), key=lambda u: (-u.at_stake, u.code))
    return Reconciliation(span.code, rules.version, run, ordered,
                          [] if unit_ids is not None else sorted(unmatched.values(), key=lambda u: (
                              u["published_code"], u["published_name"])))


# --- interchange §6: `tthc reconcile --json` ------------------------------------------

def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _line_json(line: Line) -> dict[str, Any]:
    p, c = line.published, line.computed
    quality = None if line.quality_status is None and line.quality_message is None else {
        "status": line.quality_status, "message": line.quality_message}
    difference = None
    if line.computed is not None:
        difference = {"numerator": line.numerator_difference, "denominator": line.denominator_difference,
                      "points": _number(line.points_difference)}
    return {
        "group": line.group, "metric": line.metric,
        "published": {"numerator": p.numerator, "denominator": p.denominator, "ratio": _number(p.ratio),
                      "points": _number(p.points), "max": _number(p.maximum)},
        "formula_points": _number(line.formula_points),
        "formula_follows": None if line.formula is None else not line.formula_mismatch,
        "computed": None if c is None else {"numerator": c.numerator, "denominator": c.denominator,
                                            "ratio": _number(c.ratio), "points": _number(c.points),
                                            "source": c.source},
        "difference": difference,
        "data_quality": quality,
        "points_at_stake": _number(line.at_stake),
    }


def reconciliation_json(found: Reconciliation) -> dict[str, Any]:
    return {
        "format_version": FORMAT_VERSION,
        "period": found.period,
        "rule_version": found.rule_version,
        "run": None if found.run is None else found.run.pk,
        "units": [{"unit": u.code, "published_code": u.published_code, "published_name": u.published_name,
                   "metrics": [_line_json(line) for line in u.lines],
                   "published_total": _number(u.published_total), "computed_total": _number(u.computed_total),
                   "points_at_stake": _number(u.at_stake)} for u in found.units],
        "unmatched": found.unmatched,
    }
