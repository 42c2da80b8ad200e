"""The points still at stake in an open period ("điểm còn giữ được"), methodology-qd766
§3 read forward from a moment.

The unit's figures as they stand are its period cut at the reference day: a dossier
still open counts up to that day (``tdgq.handling``), so one within its due date is on
time. A dossier is at stake when it is on time today and would be late at the period's
end if still open then — its due date (plus the citizen's supplement time already
subtracted) falls before the period's last day; one due after the period's end cannot
turn late in this period, one waiting for the citizen's supplement has its clock stopped.
What it would cost: every dossier-level metric asked again of the dossier moved to late
(``DossierMetric.explain``), each changed metric's ratio recomputed from the unit's
integer figures, its points rounded as always and subtracted.

A petition is at stake when it is not answered, not late today, and its answer deadline
(``mdhl.answer_deadline``: 15 working days, 2 for a refusal) falls before the period's
last day; what it would cost is the petition metrics recomputed with it counted as
answered late (``mdhl.petition_figures``'s `assumed_late`).

"Soonest first" is by that last on-time day, then by code; each item's cumulative loss
is that of it and every item before it turning late together, so the loss of all the
dossiers due within N working days is read off the list (``AtStake.within``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from tthc.engine.dossier import Context
from tthc.engine.facts import NOT_SCORED_STATUSES, Dossier
from tthc.engine.method import PeriodInputs
from tthc.engine.periods import Period
from tthc.engine.stake import ZERO, AtStake, Item, Loss, MetricNow

from . import mdhl, ratios, tdgq
from .method import DOSSIER_METRICS, situation_of
from .metrics import DossierMetric, Situation
from .parameters import Qd766Parameters, params

# The metrics a record turning late may cost, shown with their figures as they stand
# even when nothing is at stake (any other metric a lateness changes is shown too).
SHOWN = (tdgq.CODE, mdhl.SATISFACTION.code, mdhl.ON_TIME, mdhl.SATISFIED)

Counts = dict[str, list[int]]  # metric → [numerator, denominator]


def cut_at(period: Period, day: date) -> Period:
    """The period as it stands on `day`: its records up to that day, open ones counted
    up to it."""
    return Period(period.start, min(period.end, day), period.code)


def _parts(s: Situation, metrics: Iterable[DossierMetric] = DOSSIER_METRICS) -> dict[str, tuple[int, int]]:
    """The dossier's (numerator, denominator) part in each metric."""
    found = {}
    for m in metrics:
        in_denominator, in_numerator, _evidence, _lost = m.explain(s)
        found[m.code] = (int(in_numerator and in_denominator), int(in_denominator))
    return found


def _is_open(dossier: Dossier, day: date) -> bool:
    return dossier.status not in NOT_SCORED_STATUSES and (
        dossier.finished_at is None or dossier.finished_at.date() > day)


class _Points:
    """A unit's metrics' points from integer figures, as ``method._finish`` computes them."""

    def __init__(self, inputs: PeriodInputs) -> None:
        self.p: Qd766Parameters = params(inputs.rules)
        self.specs = inputs.rules.methodology.indicators
        self.maxima = {code: spec.max_points for code, spec in self.specs.items()}

    def of(self, code: str, numerator: int, denominator: int) -> Decimal | None:
        scale = self.p.scales.get(code)
        if scale is None:  # not a plain ratio (payment, formality): no lateness touches one
            return None
        return ratios.points(numerator, denominator, self.maxima[code], scale)

    def loss(self, before: Mapping[str, Decimal | None], after: Mapping[str, Decimal | None]) -> Loss:
        metrics = {code: before[code] - after[code] for code in before  # type: ignore[operator]
                   if before[code] is not None and after.get(code) is not None and before[code] != after[code]}
        groups: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for code, lost in metrics.items():
            groups[self.specs[code].group or ""] += lost
        return Loss(metrics, dict(groups), sum(metrics.values(), ZERO))


def _dossier_items(points: _Points, situations: list[Situation], candidates: list[tuple[date, Situation]],
                   left: Callable[[date], int]) -> tuple[tuple[Item, ...], Counts]:
    """The dossiers at stake, soonest first, and the unit's figures (as they stand) of the
    metrics shown or changed by a lateness."""
    changes = []
    for due, s in sorted(candidates, key=lambda c: (c[0], c[1].dossier.code)):
        now = _parts(s)
        late = _parts(replace(s, handling=tdgq.assumed_late(s.handling)))
        changes.append((due, s, {code: [late[code][0] - now[code][0], late[code][1] - now[code][1]]
                                 for code in now if late[code] != now[code]}))
    # Only the metrics a lateness changes (and those shown) are counted over every dossier.
    touched = set(SHOWN) | {code for _, _, alone in changes for code in alone}
    counts: Counts = defaultdict(lambda: [0, 0])
    metrics = [m for m in DOSSIER_METRICS if m.code in touched]
    for s in situations:
        for code, (n, d) in _parts(s, metrics).items():
            counts[code][0] += n
            counts[code][1] += d
    base = {code: points.of(code, n, d) for code, (n, d) in counts.items()}

    def after(change: Mapping[str, list[int]]) -> dict[str, Decimal | None]:
        return {code: points.of(code, counts[code][0] + dn, counts[code][1] + dd)
                for code, (dn, dd) in change.items()}

    items = []
    together: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for due, s, alone in changes:
        for code, (dn, dd) in alone.items():
            together[code][0] += dn
            together[code][1] += dd
        items.append(Item(s.dossier.code, due, left(due), points.loss(base, after(alone)),
                          points.loss(base, after(together))))
    return tuple(items), counts


def at_stake(inputs: PeriodInputs, dossiers: Iterable[Dossier], unit_code: str) -> AtStake:
    """What the unit may still lose in `inputs.period` as of `inputs.ctx.as_of`."""
    ctx: Context = inputs.ctx
    period, today = inputs.period, ctx.as_of.date()
    now = cut_at(period, today)
    points = _Points(inputs)

    def left(due: date) -> int:
        return ctx.calendar.working_days_between(today + timedelta(days=1), due)

    situations: list[Situation] = []
    candidates: list[tuple[date, Situation]] = []
    waiting = 0
    for dossier in dossiers:
        if dossier.unit_code != unit_code:
            continue
        s, due, _source = situation_of(dossier, ctx, now)
        if not s.handling.handled:
            continue
        situations.append(s)
        h = s.handling
        if h.late or h.deadline is None or not _is_open(dossier, today):
            continue
        if tdgq.handling(dossier, due, dossier.due_at is not None, period, points.p).late:
            candidates.append((h.deadline, s))
        elif h.deadline < period.end:
            waiting += 1  # within the period, yet not late at its end: the clock is stopped

    dossier_items, counts = _dossier_items(points, situations, candidates, left)
    petition_items, petition_now = _petitions(inputs, unit_code, now, points, left)
    shown = [*SHOWN, *(c for item in dossier_items for c in item.loss.metrics if c not in SHOWN)]
    metrics = []
    for code in dict.fromkeys(shown):
        if code in petition_now:
            numerator, denominator, value = petition_now[code]
        else:
            numerator, denominator = counts.get(code, [0, 0])
            value = points.of(code, numerator, denominator)
        metrics.append(MetricNow(code, numerator, denominator, value))
    return AtStake(period, ctx.as_of, tuple(metrics), dossier_items, petition_items, waiting, _rule(points))


def _rule(points: _Points) -> tuple[str, ...]:
    p = points.p
    on_time, satisfaction, petitions_on_time, petitions_satisfied = (points.specs[c].short for c in SHOWN)
    return (
        "Hồ sơ còn giữ được điểm: chưa giải quyết xong, chưa quá hạn hôm nay và sẽ trễ hạn nếu đến cuối kỳ "
        "vẫn chưa xong — hạn giải quyết (cộng thời gian người nộp bổ sung hồ sơ đã được trừ) trước ngày cuối kỳ. "
        "Hồ sơ có hạn sau ngày cuối kỳ không thể trễ hạn trong kỳ này; hồ sơ đang chờ người nộp bổ sung tạm dừng "
        "tính thời gian.",
        f"Điểm mất nếu trễ hạn: tính lại tỷ lệ của từng chỉ số ({on_time} đúng hạn, {satisfaction} hài lòng trong "
        "tiếp nhận, giải quyết) với hồ sơ đó chuyển sang trễ hạn, theo đúng công thức điểm của chỉ số, làm tròn hai "
        "chữ số.",
        f"Phản ánh, kiến nghị (PAKN) phải được trả lời trong {p.answer_working_days} ngày làm việc kể từ ngày "
        f"tiếp nhận (từ chối: {p.refusal_working_days} ngày làm việc); PAKN chưa trả lời, chưa quá hạn và có hạn "
        f"trước ngày cuối kỳ được liệt kê với điểm mất ở {petitions_on_time} và {petitions_satisfied} nếu trả lời "
        "trễ hạn.",
    )


def _petitions(inputs: PeriodInputs, unit_code: str, now: Period, points: _Points,
               left: Callable[[date], int]) -> tuple[tuple[Item, ...], dict[str, tuple[int, int, Decimal | None]]]:
    ctx, p, today, end = inputs.ctx, points.p, now.end, inputs.period.end
    mine = [x for x in inputs.petitions if x.unit_code == unit_code]

    def scored(late: frozenset[str]) -> dict[str, Decimal | None]:
        found = mdhl.petition_figures(unit_code, mine, now, ctx.calendar, p, points.maxima, late)
        return {code: f.points for code, f in found.items() if f.points is not None}

    base = mdhl.petition_figures(unit_code, mine, now, ctx.calendar, p, points.maxima)
    figures: dict[str, tuple[int, int, Decimal | None]] = {
        code: (f.numerator, f.denominator, f.points) for code, f in base.items() if f.points is not None}
    candidates = []
    for x in mdhl.unit_petitions(unit_code, mine, now):
        deadline = mdhl.answer_deadline(x, ctx.calendar, p)
        if (x.answered_at is None or x.answered_at.date() > today) and today <= deadline < end:
            candidates.append((deadline, x.code))
    before = {code: f[2] for code, f in figures.items()}
    items, together = [], frozenset[str]()
    for deadline, code in sorted(candidates):
        together |= {code}
        items.append(Item(code, deadline, left(deadline), points.loss(before, scored(frozenset({code}))),
                          points.loss(before, scored(together))))
    return tuple(items), figures
