"""Evaluation periods: quarters, halves and years (``2020-Q1``, ``2020-H2``, ``2020``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?P<kind>[QH])(?P<n>\d))?$")


class PeriodError(ValueError):
    """A period code that is not 2020-Q1…Q4, 2020-H1, 2020-H2 or 2020."""


@dataclass(frozen=True, slots=True, order=True)
class Period:
    start: date
    end: date  # inclusive
    code: str

    @classmethod
    def parse(cls, code: str) -> Period:
        match = _PATTERN.match(code.strip().upper())
        if not match:
            raise PeriodError(
                f"kỳ '{code}' không hợp lệ: dùng 2020-Q1…Q4, 2020-H1, 2020-H2 hoặc 2020"
            )
        year = int(match["year"])
        kind, n = match["kind"], match["n"]
        if kind is None:
            return cls(date(year, 1, 1), date(year, 12, 31), f"{year}")
        number = int(n)
        months_per = 3 if kind == "Q" else 6
        if not 1 <= number <= 12 // months_per:
            raise PeriodError(f"kỳ '{code}' không hợp lệ")
        first_month = (number - 1) * months_per + 1
        start = date(year, first_month, 1)
        after = date(year + 1, 1, 1) if first_month + months_per > 12 else date(
            year, first_month + months_per, 1
        )
        return cls(start, after - timedelta(days=1), f"{year}-{kind}{number}")

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def end_of_last_day(self) -> datetime:
        return datetime.combine(self.end, time.max)

    @property
    def label_vi(self) -> str:
        year = self.code[:4]
        if len(self.code) == 4:
            return f"Năm {year}"
        kind, number = self.code[5], self.code[6]
        roman = {"1": "I", "2": "II", "3": "III", "4": "IV"}[number]
        return f"Quý {roman} năm {year}" if kind == "Q" else f"6 tháng {'đầu' if number == '1' else 'cuối'} năm {year}"
