"""Dossiers of one year as a one-stop system would have recorded them.

Each dossier is played out in order: received (at the desk or online), its due date
set by the procedure's time limit on the working calendar, perhaps a supplement
request or two that move the due date, processing steps through the divisions and
any liên thông agencies, the end of processing (mostly early, some on the due date,
some late — more around Tết, more at weaker units and slower officials), the result's
return and perhaps a citizen's rating. Everything after the snapshot (the last minute
of the year) is cut: such dossiers are still processing, their last steps unrecorded.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from itertools import accumulate
from typing import NamedTuple, Protocol

from tthc.demo.catalogue import DAYS, WD, WH, CatalogueEntry
from tthc.demo.clock import DAY, END_OF_DAY, Clock
from tthc.demo.organisation import (
    LEVEL_SHARE,
    TIERS,
    OfficialPlan,
    UnitPlan,
    level_size,
)
from tthc.demo.people import rating_comment

REFUSED_SHARE = 0.012
WITHDRAWN_SHARE = 0.006
POSTAL_SHARE = 0.02
RATED_SHARE = 0.35
RECORDED_CONTACTS_SHARE = 0.12
TET_SLOWDOWN = 2.5

# Dossiers received per month, relative; the year starts with last December's tail.
_MONTH_WEIGHT = {1: 1.1, 2: 0.8, 3: 1.0, 4: 1.0, 5: 1.0, 6: 1.05, 7: 1.0, 8: 0.95, 9: 1.0,
                 10: 1.05, 11: 1.05, 12: 1.15}
_PREVIOUS_DECEMBER_WEIGHT = 0.5
# April 2020: nationwide social distancing (Directive 16/CT-TTg) emptied the desks.
_SPECIAL_MONTHS = {(2020, 4): 0.6}

Draw = tuple[tuple[str, ...], tuple[float, ...]]


@dataclass(frozen=True, slots=True)
class Span:
    """The days dossiers arrive on, how many on each, and the snapshot (the end of ``last``).

    A demonstration year starts with the previous December's tail; the 2026 data set
    runs from the first day of the two-level organisation to its snapshot month.
    """

    first: date
    last: date
    weight: Callable[[date], float]  # relative arrivals on a day (desk and online alike)
    # Relative weight of online arrivals on a day: above 1 where online filing grew.
    online_growth: Callable[[date], float] = lambda day: 1.0
    tet_years: tuple[int, ...] = ()


def year_span(year: int) -> Span:
    """One demonstration year (the 2020 data set)."""
    def weight(day: date) -> float:
        if day.year < year:
            return _PREVIOUS_DECEMBER_WEIGHT
        return _MONTH_WEIGHT[day.month] * _SPECIAL_MONTHS.get((day.year, day.month), 1)
    return Span(date(year - 1, 12, 1), date(year, 12, 31), weight, tet_years=(year,))


class Extras(Protocol):
    """More dossier columns (format version 2), drawn after the dossier is played out."""

    columns: tuple[str, ...]

    def row(self, rng: random.Random, unit: UnitPlan, entry: CatalogueEntry, channel: str,
            received: int, status: str, finished: int | None) -> tuple[str, ...]: ...


def _draw(options: tuple[str, ...], weights: tuple[float, ...]) -> Draw:
    """Options with cumulative weights: ``random.choices`` would re-add them every call."""
    return options, tuple(accumulate(weights))


def pick(rng: random.Random, draw: Draw) -> str:
    options, cum = draw
    return options[bisect_right(cum, rng.random() * cum[-1])]


_RETURN = {
    "online": _draw(("online", "postal", "direct"), (55, 25, 20)),
    "postal": _draw(("postal", "direct"), (90, 10)),
    "direct": _draw(("direct", "postal"), (85, 15)),
}
_PICKUP_DELAY = _draw(("0", "1", "2", "3", "5"), (35, 30, 15, 10, 10))
_RATING_CHANNEL = {
    "online": _draw(("online", "qr", "kiosk", "paper"), (45, 30, 10, 15)),
    "other": _draw(("paper", "kiosk", "qr", "online"), (40, 35, 20, 5)),
}
_SATISFACTION = ("very_satisfied", "satisfied", "neutral", "dissatisfied", "very_dissatisfied")
_SATISFACTION_BY_OUTCOME = {
    "early": _draw(_SATISFACTION, (58, 36, 4, 1.5, 0.5)),
    "on_time": _draw(_SATISFACTION, (40, 45, 10, 4, 1)),
    "late": _draw(_SATISFACTION, (15, 35, 25, 18, 7)),
}
_FAULT = _draw(("true", "false", ""), (45, 35, 20))
_CONTACTS_AT_DESK = _draw(("1", "2", "0"), (93, 5, 2))
_CONTACTS_ONLINE = _draw(("0", "1"), (90, 10))
# Citizens who saw the procedure posted and online: fewer where disclosure is patchy.
_DISCLOSURE_SEEN = {
    name: _draw(("both", "one", "none"), (t.disclosure * 90, 10, 40 * (1 - t.disclosure) + 1))
    for name, t in TIERS.items()
}
_STEP_WEIGHT = {"division": 0.6, "partner": 0.25, "approval": 0.15}
MAX_STEPS = 4

DOSSIER_COLUMNS = ("code", "procedure_code", "unit_code", "desk_code", "received_by", "channel",
                   "return_channel", "received_at", "due_at", "finished_at", "returned_at",
                   "status", "agencies_contacted")
STEP_COLUMNS = ("dossier_code", "seq", "unit_code", "official_code", "started_at", "due_at",
                "finished_at")
SUPPLEMENT_COLUMNS = ("dossier_code", "seq", "requested_at", "completed_at", "applicant_fault",
                      "new_due_at")
RATING_COLUMNS = ("dossier_code", "channel", "submitted_at", "satisfaction",
                  "agencies_contacted", "disclosure_seen", "comment", "entered_by", "batch")


Row = tuple[str, ...]


class DossierTrace(NamedTuple):
    """What petitions need to know about a dossier."""

    code: str
    unit_code: str
    official: str
    received: int


@dataclass(slots=True)
class Timeline:
    """One dossier's moments (minutes) and working-day indexes, as the steps need them."""

    code: str
    unit: UnitPlan
    desk: UnitPlan
    official: str
    entry: CatalogueEntry
    received: int
    handed_on: int  # the desk passed it to the division (end of the receiving step)
    start_idx: int  # working day the time limit starts running
    due: int
    due_idx: int
    finish_idx: int  # planned end, even when it falls after the snapshot
    finished: int | None  # recorded end: None when withdrawn or after the snapshot
    n_steps: int


@dataclass(slots=True)
class Activity:
    dossiers: list[Row] = field(default_factory=list)
    steps: list[Row] = field(default_factory=list)
    supplements: list[Row] = field(default_factory=list)
    ratings: list[Row] = field(default_factory=list)
    traces: list[DossierTrace] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Workload:
    """The (unit, procedure) pairs dossiers fall on, cumulative weights, online chances."""

    pairs: tuple[tuple[UnitPlan, CatalogueEntry, float], ...]
    cum: tuple[float, ...]


def plan_workload(units: list[UnitPlan], assigned: list[tuple[str, CatalogueEntry]],
                  level_share: dict[str, float] = LEVEL_SHARE) -> Workload:
    by_code = {u.code: u for u in units}
    raw: list[tuple[UnitPlan, CatalogueEntry, float]] = [
        (by_code[code], entry, level_size(by_code[code]) * entry.spec.weight)
        for code, entry in assigned
    ]
    level_total = {kind: sum(w for u, _, w in raw if u.kind == kind) for kind in level_share}
    unit_total: dict[str, float] = {}
    unit_online: dict[str, float] = {}
    for unit, entry, weight in raw:
        unit_total[unit.code] = unit_total.get(unit.code, 0.0) + weight
        if entry.spec.online_level != "none":
            unit_online[unit.code] = unit_online.get(unit.code, 0.0) + weight
    pairs = []
    weights = []
    for unit, entry, weight in raw:
        online = 0.0
        if entry.spec.online_level != "none":
            # Online dossiers can only come for online procedures; scale their chance so
            # that the unit as a whole reaches its online share where it can.
            capable = unit_online[unit.code] / unit_total[unit.code]
            online = min(0.9, unit.online_share / capable)
        pairs.append((unit, entry, online))
        weights.append(level_share[unit.kind] * weight / level_total[unit.kind])
    return Workload(tuple(pairs), tuple(accumulate(weights)))


def _tet_window(clock: Clock, year: int) -> tuple[int, int]:
    """Ordinals of the weeks around Tết: the longest run of days off in Jan–Feb."""
    best = (0, 0)
    run_start = None
    for ordinal in range(date(year, 1, 1).toordinal(), date(year, 3, 1).toordinal()):
        if not clock.is_working(ordinal):
            run_start = ordinal if run_start is None else run_start
            if ordinal - run_start > best[1] - best[0]:
                best = (run_start, ordinal)
        else:
            run_start = None
    return best[0] - 10, best[1] + 21


class Simulation:
    def __init__(self, *, rng: random.Random, clock: Clock, span: Span, units: list[UnitPlan],
                 officials: list[OfficialPlan], workload: Workload,
                 extras: Extras | None = None) -> None:
        self.rng = rng
        self.clock = clock
        self.span = span
        self.units = {u.code: u for u in units}
        self.officials = {o.code: o for o in officials}
        self.workload = workload
        self.extras = extras
        self.snapshot = span.last.toordinal() * DAY + DAY - 1
        self.tet = tuple(_tet_window(clock, year) for year in span.tet_years)
        self.activity = Activity()
        self._serial: dict[tuple[str, int], int] = {}

    @property
    def dossier_columns(self) -> tuple[str, ...]:
        return DOSSIER_COLUMNS + (self.extras.columns if self.extras else ())

    # -- arrivals ----------------------------------------------------------------------
    def _day_weights(self, *, online: bool) -> tuple[list[int], list[float]]:
        span = self.span
        days, weights = [], []
        for ordinal in range(span.first.toordinal(), self.snapshot // DAY + 1):
            day = date.fromordinal(ordinal)
            weight = span.weight(day)
            if online:
                weight *= span.online_growth(day)
            if not self.clock.is_working(ordinal):
                if not online:
                    continue
                weight *= 0.3
            days.append(ordinal)
            weights.append(weight)
        return days, list(accumulate(weights))

    def arrivals(self, count: int) -> list[tuple[int, int, str]]:
        """(received moment, pair index, channel) for ``count`` dossiers, in time order."""
        rng = self.rng
        pair_ids = rng.choices(range(len(self.workload.pairs)), cum_weights=self.workload.cum,
                               k=count)
        channels = []
        for pid in pair_ids:
            if rng.random() < self.workload.pairs[pid][2]:
                channels.append("online")
            else:
                channels.append("postal" if rng.random() < POSTAL_SHARE else "direct")
        online_n = channels.count("online")
        days, cum = self._day_weights(online=True)
        online_days = iter(rng.choices(days, cum_weights=cum, k=online_n))
        days, cum = self._day_weights(online=False)
        desk_days = iter(rng.choices(days, cum_weights=cum, k=count - online_n))
        arrivals = []
        for pid, channel in zip(pair_ids, channels, strict=True):
            if channel == "online":
                moment = next(online_days) * DAY + 6 * 60 + int(rng.random() * 17 * 60)
            else:
                moment = self.clock.work_moment(rng, self.clock.index_on_or_after(next(desk_days)))
            arrivals.append((moment, pid, channel))
        arrivals.sort()
        return arrivals

    # -- one dossier -------------------------------------------------------------------
    def run(self, count: int) -> Activity:
        for received, pid, channel in self.arrivals(count):
            unit, entry, _ = self.workload.pairs[pid]
            self.dossier(received, unit, entry, channel)
        return self.activity

    def _code(self, unit: UnitPlan, received: int) -> str:
        year = self.clock.year_of(received)
        serial = self._serial.get((unit.code, year), 0) + 1
        self._serial[unit.code, year] = serial
        return f"DEMO-{unit.code}-{year}-{serial:06d}"

    def _due(self, entry: CatalogueEntry, received: int) -> int:
        spec = entry.spec
        if spec.time_unit == WD:
            return self.clock.due_working_days(received, spec.time_limit)
        if spec.time_unit == DAYS:
            return self.clock.due_days(received, spec.time_limit)
        return self.clock.due_working_hours(received, spec.time_limit)

    def _desk(self, unit: UnitPlan, entry: CatalogueEntry) -> UnitPlan:
        """The unit whose officials receive the dossier (its ``desk`` may be elsewhere)."""
        if entry.spec.at_commune_desk and unit.children and self.rng.random() < 0.8:
            return self.units[self.rng.choice(unit.children)]
        return unit

    def dossier(self, received: int, unit: UnitPlan, entry: CatalogueEntry, channel: str) -> None:
        rng, clock = self.rng, self.clock
        receiver = self._desk(unit, entry)
        official = receiver.officials[
            bisect_right(receiver.official_cum, rng.random() * receiver.official_cum[-1])]
        # A province agency's officials sit at the provincial service centre (2026).
        desk = self.units[receiver.desk] if receiver.desk else receiver
        code = self._code(unit, received)
        due = self._due(entry, received)
        start_idx = clock.index_of(clock.count_start(received))
        due_idx = clock.index_of(due)

        fate = rng.random()
        status = ("refused" if fate < REFUSED_SHARE
                  else "withdrawn" if fate < REFUSED_SHARE + WITHDRAWN_SHARE else "finished")
        # The desk hands the dossier on within the day (Decree 61, art. 19).
        handed_on = clock.count_start(received) + 5 + int(rng.random() * 35)

        ready_idx, ready = start_idx, handed_on
        if status == "finished" and due_idx > start_idx and rng.random() < unit.tier.supplement:
            due, due_idx, ready_idx, ready = self._supplements(code, due, due_idx, ready_idx,
                                                               ready)

        online = channel == "online"
        outcome = self._outcome(unit, official, due, online)
        n_steps = self._step_count(entry, status)
        after = max(ready, handed_on + 5 * (n_steps - 1), received + 10)
        finished: int | None
        if status == "withdrawn":
            finished = None
            finish_idx = start_idx
        else:
            if status == "refused":
                finish_idx = start_idx + int(rng.random() * (due_idx - start_idx + 1))
            elif outcome == "early" and due_idx > ready_idx:
                finish_idx = ready_idx + int((due_idx - ready_idx) * rng.random() ** 0.8)
            elif outcome == "late":
                finish_idx = due_idx + 1 + min(30, int(rng.expovariate(0.45)))
            else:
                outcome = "on_time"
                finish_idx = max(due_idx, ready_idx)
            finished = clock.work_moment(rng, finish_idx, after)
            if finished > self.snapshot:
                finished, status = None, "processing"

        return_channel = pick(rng, _RETURN[channel])
        returned = None
        if finished is not None:
            returned = self._returned(finished, return_channel)
            if status == "finished" and returned is not None:
                status = "returned"
        contacts = ""
        if rng.random() < RECORDED_CONTACTS_SHARE:
            remote = online and return_channel != "direct"
            contacts = ("2" if entry.spec.partners and rng.random() < 0.1
                        else "0" if remote else "1")

        self._steps(Timeline(code, unit, desk, official, entry, received, handed_on, start_idx,
                             due, due_idx, finish_idx, finished, n_steps))
        iso = clock.iso
        row: Row = (
            code, entry.code, unit.code, desk.code, official, channel, return_channel,
            iso(received), iso(due), iso(finished) if finished is not None else "",
            iso(returned) if returned is not None else "", status, contacts,
        )
        if self.extras is not None:
            row += self.extras.row(rng, unit, entry, channel, received, status, finished)
        self.activity.dossiers.append(row)
        self.activity.traces.append(DossierTrace(code, unit.code, official, received))
        if finished is not None and status in ("finished", "returned") \
                and rng.random() < RATED_SHARE:
            self._rating(code, receiver, desk, unit, channel, outcome,
                         finished if returned is None else returned)

    def _supplements(self, code: str, due: int, due_idx: int, ready_idx: int,
                     ready: int) -> tuple[int, int, int, int]:
        rng, clock = self.rng, self.clock
        count = 2 if rng.random() < 0.2 else 1
        for seq in range(1, count + 1):
            if due_idx <= ready_idx:
                break
            asked_idx = ready_idx + int(rng.random() * (due_idx - ready_idx))
            asked = clock.work_moment(rng, asked_idx, ready)
            if asked > self.snapshot:
                break
            days = 1 + min(9, int(rng.expovariate(0.35)))
            completed = clock.work_moment(rng, asked_idx + days)
            if completed > self.snapshot:
                # A request still open at year end would have no new due date yet and read
                # as overdue; the demonstration keeps to requests already settled.
                break
            fault = pick(rng, _FAULT)
            # The clock stops from the day after the request to the completion day.
            due_idx += days
            due = clock.at(due_idx, due % DAY)
            self.activity.supplements.append(
                (code, str(seq), clock.iso(asked), clock.iso(completed), fault, clock.iso(due)))
            ready_idx, ready = asked_idx + days, completed
        return due, due_idx, ready_idx, ready

    def _outcome(self, unit: UnitPlan, official: str, due: int, online: bool) -> str:
        tier = unit.tier
        late = (1 - tier.early - tier.on_time) * self.officials[official].late_factor
        if any(low <= due // DAY <= high for low, high in self.tet):
            late *= TET_SLOWDOWN
        if online:
            late *= tier.online_late
        draw = self.rng.random()
        if draw < late:
            return "late"
        return "on_time" if draw < late + tier.on_time else "early"

    def _returned(self, finished: int, return_channel: str) -> int | None:
        rng, clock = self.rng, self.clock
        finish_idx = clock.index_of(finished)
        if return_channel == "online":
            returned = finished + 5 + int(rng.random() * 120)
        elif return_channel == "postal":
            returned = clock.work_moment(rng, finish_idx + 1 + int(rng.random() * 3), finished)
        else:
            delay = int(pick(rng, _PICKUP_DELAY))
            returned = clock.work_moment(rng, finish_idx + delay, finished)
        return returned if returned <= self.snapshot else None

    @staticmethod
    def _step_count(entry: CatalogueEntry, status: str) -> int:
        if status == "withdrawn" or entry.spec.time_unit == WH:
            return 1
        if status == "refused":
            return 2
        return min(MAX_STEPS, 3 + len(entry.spec.partners))

    def _steps(self, t: Timeline) -> None:
        rng, clock, snapshot = self.rng, self.clock, self.snapshot
        rows = self.activity.steps
        iso = clock.iso
        if t.n_steps == 1 and t.entry.spec.time_unit == WH:
            # Certified on the spot: the desk's one step is the whole processing. A step
            # still under way (or abandoned) is not in the record yet.
            if t.finished is not None:
                rows.append((t.code, "1", t.desk.code, t.official, iso(t.received), iso(t.due),
                             iso(t.finished)))
            return
        if t.handed_on > snapshot:
            return
        # The receiving step is due by the next working day (Decree 61, art. 19).
        receive_due = clock.at(min(t.start_idx + 1, t.due_idx), END_OF_DAY)
        rows.append((t.code, "1", t.desk.code, t.official, iso(t.received), iso(receive_due),
                     iso(t.handed_on)))
        if t.n_steps == 1:
            return
        partners = t.entry.spec.partners
        kinds = ["division", *(("partner",) * len(partners)), "approval"]
        step_units = [t.unit.code, *partners, t.unit.code]
        if t.n_steps == MAX_STEPS and len(kinds) >= MAX_STEPS:
            # Two liên thông agencies: the competent unit's division works inside approval.
            del kinds[0], step_units[0]
        kinds, step_units = kinds[:t.n_steps - 1], step_units[:t.n_steps - 1]
        planned = list(accumulate(_STEP_WEIGHT[k] for k in kinds))
        actual_weights = []
        for kind, step_unit in zip(kinds, step_units, strict=True):
            weight = _STEP_WEIGHT[kind] * (0.6 + 0.8 * rng.random())
            if kind == "partner" and rng.random() < self.units[step_unit].tier.slip:
                weight *= 3
            actual_weights.append(weight)
        actual = list(accumulate(actual_weights))
        # A dossier still processing at the snapshot follows its planned end; the steps
        # after the snapshot are cut below.
        span_due, span_done = t.due_idx - t.start_idx, t.finish_idx - t.start_idx
        bounds = []
        for j in range(len(kinds) - 1):
            done_idx = t.start_idx + round(actual[j] / actual[-1] * span_done)
            bounds.append(clock.work_moment(rng, done_idx, t.handed_on))
        last = (t.finished if t.finished is not None
                else clock.work_moment(rng, t.finish_idx, t.handed_on))
        bounds = [*sorted(min(b, last) for b in bounds), last]
        started = t.handed_on
        for j, (step_unit, done) in enumerate(zip(step_units, bounds, strict=True)):
            if done > snapshot:
                break
            if j == len(kinds) - 1:
                step_due = t.due
            else:
                share = max(1, round(planned[j] / planned[-1] * span_due))
                step_due = clock.at(min(t.due_idx, t.start_idx + share), END_OF_DAY)
            rows.append((t.code, str(j + 2), step_unit, "", iso(started), iso(step_due),
                         iso(done)))
            started = done

    def _rating(self, code: str, receiver: UnitPlan, desk: UnitPlan, unit: UnitPlan,
                channel: str, outcome: str, base: int) -> None:
        rng, clock = self.rng, self.clock
        rating_channel = pick(rng, _RATING_CHANNEL["online" if channel == "online" else "other"])
        if rating_channel in ("paper", "kiosk"):
            submitted = base + 2 + int(rng.random() * 30)
        else:
            submitted = base + int(rng.random() * 3 * DAY)
        if submitted > self.snapshot:
            return
        satisfaction = pick(rng, _SATISFACTION_BY_OUTCOME[outcome])
        contacts = ""
        if rng.random() < 0.4:
            contacts = pick(rng, _CONTACTS_ONLINE if channel == "online" else _CONTACTS_AT_DESK)
        seen = ""
        if rng.random() < 0.5:
            seen = pick(rng, _DISCLOSURE_SEEN[unit.tier.name])
        comment = rating_comment(rng, satisfaction) if rng.random() < 0.08 else ""
        entered_by = batch = ""
        if rating_channel == "paper":
            entered_by = rng.choice(receiver.officials)
            batch = f"LO-{desk.code}-{clock.iso_date(submitted)[:7]}"
        self.activity.ratings.append((code, rating_channel, clock.iso(submitted), satisfaction,
                                      contacts, seen, comment, entered_by, batch))
