"""Evaluation periods: months, quarters, halves and years (``2026-09``, ``2020-Q1``,
``2020-H2``, ``2020``).

Decision 766's index is published by month as well as by quarter and year; a month's
figures are computed from its records like any other period's, never summed into a
quarter (methodology-qd766.md §1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

# The period codes as a regular expression without anchors: URL patterns match periods
# with it, so that a page accepts exactly the codes ``Period.parse`` does.
CODE_PATTERN = r"\d{4}(?:-(?:[QH]\d|\d{2}))?"
_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<kind>[QH])(?P<n>\d)|(?P<month>\d{2})))?$")
_HINT = "dùng 2026-09 (tháng), 2020-Q1…Q4, 2020-H1, 2020-H2 hoặc 2020"


class PeriodError(ValueError):
    """A period code that is not a month (2026-09), 2020-Q1…Q4, 2020-H1, 2020-H2 or 2020."""


def _months(year: int, first_month: int, count: int) -> tuple[date, date]:
    start = date(year, first_month, 1)
    last = first_month + count - 1
    after = date(year + 1, 1, 1) if last == 12 else date(year, last + 1, 1)
    return start, after - timedelta(days=1)


@dataclass(frozen=True, slots=True, order=True)
class Period:
    start: date
    end: date  # inclusive
    code: str

    @classmethod
    def parse(cls, code: str) -> Period:
        match = _PATTERN.match(code.strip().upper())
        if not match:
            raise PeriodError(f"kỳ '{code}' không hợp lệ: {_HINT}")
        year = int(match["year"])
        if match["month"] is not None:
            month = int(match["month"])
            if not 1 <= month <= 12:
                raise PeriodError(f"kỳ '{code}' không hợp lệ: tháng phải từ 01 đến 12")
            return cls(*_months(year, month, 1), f"{year}-{month:02d}")
        kind, n = match["kind"], match["n"]
        if kind is None:
            return cls(date(year, 1, 1), date(year, 12, 31), f"{year}")
        number = int(n)
        months_per = 3 if kind == "Q" else 6
        if not 1 <= number <= 12 // months_per:
            raise PeriodError(f"kỳ '{code}' không hợp lệ: {_HINT}")
        return cls(*_months(year, (number - 1) * months_per + 1, months_per), f"{year}-{kind}{number}")

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def is_month(self) -> bool:
        return self.start.month == self.end.month and self.start.year == self.end.year

    @property
    def end_of_last_day(self) -> datetime:
        return datetime.combine(self.end, time.max)

    @property
    def label_vi(self) -> str:
        year = self.code[:4]
        if len(self.code) == 4:
            return f"Năm {year}"
        if self.is_month:
            return f"Tháng {self.start.month} năm {year}"
        kind, number = self.code[5], self.code[6]
        roman = {"1": "I", "2": "II", "3": "III", "4": "IV"}[number]
        return f"Quý {roman} năm {year}" if kind == "Q" else f"6 tháng {'đầu' if number == '1' else 'cuối'} năm {year}"

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Newest year first; within a year by last month, then the shorter period first:
        01, 02, 03, Q1, 04, 05, 06, Q2, H1, …, 12, Q4, H2, the year."""
        return (-self.start.year, self.end.month, -self.start.month)
