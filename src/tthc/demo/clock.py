"""Time for the generator: whole minutes, working days by index, ISO text by table lookup.

A moment is an ``int`` of minutes since 0001-01-01 (local time, Asia/Ho_Chi_Minh), so
adding, comparing and formatting hundreds of thousands of them costs almost nothing.
Working days come from the engine's ``WorkingCalendar`` (holidays library, Tết and
swapped days included) and are numbered, so "n working days later" is an index sum.

Due dates follow the engine's default rules (``tthc.engine.due``) so that the data's
``due_at`` is what the engine would have computed, except that a calendar-day limit
ending on a day off moves to the next working day (Civil Code 2015, art. 148).
"""

from __future__ import annotations

import random
from bisect import bisect_right
from datetime import date

from tthc.engine.calendar import WorkingCalendar

DAY = 1440
MORNING = (8 * 60, 12 * 60)
AFTERNOON = (13 * 60 + 30, 17 * 60)
END_OF_DAY = AFTERNOON[1]
# Minutes of the day inside office hours, to draw a working moment with one index.
WORK_MINUTES: tuple[int, ...] = (*range(*MORNING), *range(*AFTERNOON))


class Clock:
    """Working days between two dates, numbered 0, 1, 2 … in order."""

    def __init__(self, first: date, last: date, calendar: WorkingCalendar) -> None:
        self.base = first.toordinal()
        size = last.toordinal() - self.base + 1
        self.working = bytearray(size)
        self.ordinals: list[int] = []
        # first_on_or_after[i]: index of the first working day on or after base + i.
        self.first_on_or_after = [0] * size
        for i in range(size):
            if calendar.is_working_day(date.fromordinal(self.base + i)):
                self.working[i] = 1
                self.ordinals.append(self.base + i)
        pending = len(self.ordinals)
        for i in range(size - 1, -1, -1):
            if self.working[i]:
                pending -= 1
            self.first_on_or_after[i] = pending
        self._iso_day = [date.fromordinal(self.base + i).isoformat() for i in range(size)]
        self._iso_time = [f"T{m // 60:02d}:{m % 60:02d}:00" for m in range(DAY)]

    # -- days --------------------------------------------------------------------------
    def is_working(self, ordinal: int) -> bool:
        return self.working[ordinal - self.base] == 1

    def index_on_or_after(self, ordinal: int) -> int:
        return self.first_on_or_after[ordinal - self.base]

    def index_after(self, ordinal: int) -> int:
        """Index of the first working day strictly after ``ordinal``."""
        return self.first_on_or_after[ordinal + 1 - self.base]

    def day(self, index: int) -> int:
        """Ordinal of the working day numbered ``index``."""
        return self.ordinals[index]

    def at(self, index: int, minute_of_day: int) -> int:
        return self.ordinals[index] * DAY + minute_of_day

    def index_of(self, moment: int) -> int:
        """Index of the working day on or after the moment's date."""
        return self.first_on_or_after[moment // DAY - self.base]

    # -- due dates (engine defaults) ---------------------------------------------------
    def due_working_days(self, received: int, limit: int) -> int:
        """Counted from the next working day; due at the end of the last one."""
        return self.at(self.index_after(received // DAY) + limit - 1, END_OF_DAY)

    def due_days(self, received: int, limit: int) -> int:
        return self.at(self.index_on_or_after(received // DAY + limit), END_OF_DAY)

    def due_working_hours(self, received: int, hours: int) -> int:
        remaining = hours * 60
        moment = self.count_start(received)
        while True:
            ordinal, minute = divmod(moment, DAY)
            for start, end in (MORNING, AFTERNOON):
                if minute >= end:
                    continue
                begin = max(minute, start)
                if remaining <= end - begin:
                    return ordinal * DAY + begin + remaining
                remaining -= end - begin
            moment = self.at(self.index_after(ordinal), MORNING[0])

    def count_start(self, moment: int) -> int:
        """The moment itself inside office hours, else the start of the next period."""
        ordinal, minute = divmod(moment, DAY)
        if self.is_working(ordinal):
            for start, end in (MORNING, AFTERNOON):
                if minute < end:
                    return ordinal * DAY + max(minute, start)
        return self.at(self.index_after(ordinal), MORNING[0])

    # -- moments -----------------------------------------------------------------------
    def work_moment(self, rng: random.Random, index: int, after: int = 0) -> int:
        """A moment in office hours on working day ``index``, later than ``after``.

        When the day has no office time left after ``after``, a few minutes after it.
        """
        moment = self.at(index, WORK_MINUTES[int(rng.random() * len(WORK_MINUTES))])
        if moment > after:
            return moment
        ordinal = self.ordinals[index]
        if after // DAY == ordinal:
            first = bisect_right(WORK_MINUTES, after % DAY)
            if first < len(WORK_MINUTES):
                pick = first + int(rng.random() * (len(WORK_MINUTES) - first))
                return ordinal * DAY + WORK_MINUTES[pick]
        return after + 5 + int(rng.random() * 20)

    def iso(self, moment: int) -> str:
        day, minute = divmod(moment, DAY)
        return self._iso_day[day - self.base] + self._iso_time[minute]

    def iso_date(self, moment: int) -> str:
        return self._iso_day[moment // DAY - self.base]

    def year_of(self, moment: int) -> int:
        return int(self._iso_day[moment // DAY - self.base][:4])
