"""The working calendar (lịch làm việc): which days count when a time limit runs.

Monday–Friday are working days, minus holidays and compensatory days off, plus the
weekend days the government swaps into working days (làm bù) — methodology §1. The
exceptions are data: seeded from the maintained ``holidays`` library, then editable
per year by an administrator (the Django side stores them in ``CalendarDay``).

Scoring computes due dates for millions of dossiers, so the calendar answers from
precomputed arrays indexed by day ordinal (O(1) per call) instead of walking days.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

import holidays

CalendarKind = Literal["holiday", "day_off", "workday"]

HOLIDAY: CalendarKind = "holiday"
DAY_OFF: CalendarKind = "day_off"
WORKDAY: CalendarKind = "workday"

COUNTRY = "VN"
LIBRARY_SOURCE = f"holidays {holidays.__version__}"  # type: ignore[attr-defined]

_WEEKEND_NAMES = {5: "Thứ Bảy", 6: "Chủ nhật"}
# The library names a substituted day off after the weekend day worked in exchange;
# the same format finds that pairing back to name the make-up working day.
_SUBSTITUTE_DATE_FORMAT = "%d/%m/%Y"


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    """One exception to the Monday–Friday week, as seeded or entered."""

    date: date
    kind: CalendarKind
    name_vi: str
    source: str = LIBRARY_SOURCE


def _library_days(years: Iterable[int], *, observed: bool) -> holidays.HolidayBase:
    return holidays.country_holidays(
        COUNTRY, years=sorted(set(years)), language="vi", observed=observed
    )


def seed_days(year: int) -> list[CalendarEntry]:
    """The library's holidays, days off and make-up working days of one year, by date.

    A day the library adds only when observance is on (a Tết day or holiday moved
    off a weekend) or that it substitutes for a worked weekend day is a ``day_off``
    (nghỉ bù / hoán đổi); the holidays themselves are ``holiday``.
    """
    # Neighbouring years are loaded because a swap announced under one year can move a
    # day into the next (e.g. 31/12/2018 off, worked back on 05/01/2019).
    span = (year - 1, year, year + 1)
    with_observed = _library_days(span, observed=True)
    without_observed = _library_days(span, observed=False)
    swapped_workdays = sorted(getattr(with_observed, "weekend_workdays", ()))
    # Each substituted day off names, in its label, the weekend day worked for it.
    off_day_for: dict[date, date] = {}
    for day, name in with_observed.items():
        for workday in swapped_workdays:
            if workday.strftime(_SUBSTITUTE_DATE_FORMAT) in str(name):
                off_day_for[workday] = day
    substituted = set(off_day_for.values())

    entries: list[CalendarEntry] = []
    for day, name in sorted(with_observed.items()):
        if day.year == year:
            kind = DAY_OFF if day not in without_observed or day in substituted else HOLIDAY
            # NFC: decomposed Vietnamese breaks comparisons and some renderers.
            name_vi = unicodedata.normalize("NFC", str(name))
            entries.append(CalendarEntry(date=day, kind=kind, name_vi=name_vi))
    for workday in swapped_workdays:
        if workday.year != year:
            continue
        name = "Ngày làm việc bù"
        if workday in off_day_for:
            name += f" (cho ngày nghỉ {off_day_for[workday]:%d/%m/%Y})"
        entries.append(CalendarEntry(date=workday, kind=WORKDAY, name_vi=name))
    entries.sort(key=lambda e: e.date)
    return entries


@dataclass(frozen=True, slots=True)
class _Span:
    """Working days of the years [lo_year, hi_year], indexed by ordinal - base.

    ``flags[i]`` is 1 when day base+i is worked, ``count[i]`` the working days in
    [base, base+i], ``ordinals`` the working days themselves. Immutable, so a widening
    swaps one reference and a concurrent reader never sees half-built arrays.
    """

    lo_year: int
    hi_year: int
    base: int
    flags: bytes
    count: list[int]
    ordinals: list[int]

    @classmethod
    def build(cls, lo_year: int, hi_year: int, off: set[int], work: set[int]) -> _Span:
        base = date(lo_year, 1, 1).toordinal()
        size = date(hi_year, 12, 31).toordinal() - base + 1
        flags = bytearray(size)
        count = [0] * size
        ordinals: list[int] = []
        running = 0
        for i in range(size):
            ordinal = base + i
            # date.weekday() is (ordinal + 6) % 7, Monday = 0.
            if ordinal in work or ((ordinal + 6) % 7 < 5 and ordinal not in off):
                flags[i] = 1
                running += 1
                ordinals.append(ordinal)
            count[i] = running
        return cls(lo_year, hi_year, base, bytes(flags), count, ordinals)


class WorkingCalendar:
    """Answers working-day questions for any date; exceptions are fixed at construction.

    ``days_off`` and ``workdays`` map a date to the Vietnamese reason shown in
    explanations. A date cannot be in both. Dates outside the precomputed years widen
    them on first use, so any date works and the common ones stay O(1).
    """

    __slots__ = ("_days_off", "_exception_dates", "_exceptions", "_off", "_span", "_work",
                 "_workdays")

    def __init__(self, days_off: Mapping[date, str], workdays: Mapping[date, str]) -> None:
        both = set(days_off) & set(workdays)
        if both:
            listed = ", ".join(f"{d:%d/%m/%Y}" for d in sorted(both))
            raise ValueError(
                f"Một ngày không thể vừa là ngày nghỉ vừa là ngày làm bù: {listed} / "
                f"A date cannot be both a day off and a working day: {listed}"
            )
        self._days_off = dict(days_off)
        self._workdays = dict(workdays)
        self._off = {d.toordinal() for d in self._days_off}
        self._work = {d.toordinal() for d in self._workdays}
        self._exceptions = sorted(
            [(d, r, False) for d, r in self._days_off.items()]
            + [(d, r, True) for d, r in self._workdays.items()]
        )
        self._exception_dates = [e[0] for e in self._exceptions]
        known_years = {d.year for d in self._exception_dates} or {date.today().year}
        self._span = _Span.build(min(known_years) - 1, max(known_years) + 2,
                                 self._off, self._work)

    @classmethod
    def from_entries(cls, entries: Iterable[CalendarEntry]) -> WorkingCalendar:
        days_off: dict[date, str] = {}
        workdays: dict[date, str] = {}
        for entry in entries:
            target = workdays if entry.kind == WORKDAY else days_off
            target[entry.date] = entry.name_vi
        return cls(days_off, workdays)

    @classmethod
    def from_library(cls, years: Iterable[int]) -> WorkingCalendar:
        return cls.from_entries(e for year in sorted(set(years)) for e in seed_days(year))

    def _widen(self, span: _Span, lo_year: int, hi_year: int) -> _Span:
        lo_year = max(min(span.lo_year, lo_year), date.min.year)
        hi_year = min(max(span.hi_year, hi_year), date.max.year)
        if (lo_year, hi_year) == (span.lo_year, span.hi_year):
            raise OverflowError("Vượt quá giới hạn lịch / beyond the calendar's range")
        self._span = _Span.build(lo_year, hi_year, self._off, self._work)
        return self._span

    def _locate(self, ordinal: int) -> tuple[_Span, int]:
        """The span covering ``ordinal`` and its position in it."""
        span = self._span
        i = ordinal - span.base
        if 0 <= i < len(span.flags):
            return span, i
        year = date.fromordinal(ordinal).year
        span = self._widen(span, year - 1, year + 1)
        return span, ordinal - span.base

    def is_working_day(self, d: date) -> bool:
        span, i = self._locate(d.toordinal())
        return span.flags[i] == 1

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        return self.add_working_days(d, 1)

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day strictly after ``d`` (n = 0 → ``d``; n < 0 → before it)."""
        if n == 0:
            return d
        span, i = self._locate(d.toordinal())
        while True:
            # count[i] working days lie in [base, d]; the n-th after d comes next.
            position = span.count[i] + n - 1 if n > 0 else span.count[i] - span.flags[i] + n
            if 0 <= position < len(span.ordinals):
                return date.fromordinal(span.ordinals[position])
            years = span.hi_year - span.lo_year + 1
            if position < 0:
                span = self._widen(span, span.lo_year - years, span.hi_year)
            else:
                span = self._widen(span, span.lo_year, span.hi_year + years)
            i = d.toordinal() - span.base

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in [a, b], both included; 0 when b is before a."""
        if b < a:
            return 0
        self._locate(a.toordinal())
        span, ib = self._locate(b.toordinal())
        # Locating b may have widened the span: a's position is read from the final one.
        ia = a.toordinal() - span.base
        return span.count[ib] - span.count[ia] + span.flags[ia]

    def reason(self, d: date) -> str | None:
        """Why ``d`` is off or exceptionally worked, in Vietnamese; None for a plain day."""
        if d in self._days_off:
            return self._days_off[d]
        if d in self._workdays:
            return self._workdays[d]
        weekend = _WEEKEND_NAMES.get(d.weekday())
        return f"{weekend} (nghỉ cuối tuần)" if weekend else None

    def exceptions(self, a: date, b: date) -> list[tuple[date, str, bool]]:
        """Days off and make-up working days in [a, b]: (date, reason, is_working)."""
        lo = bisect_left(self._exception_dates, a)
        hi = bisect_right(self._exception_dates, b)
        return self._exceptions[lo:hi]
