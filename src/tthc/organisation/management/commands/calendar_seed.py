"""`tthc calendar_seed 2020 2021`: seed the working calendar from the holiday library."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tthc.engine.calendar import LIBRARY_SOURCE
from tthc.organisation.services import calendar_seed_year


class Command(BaseCommand):
    help = (
        "Nạp ngày nghỉ lễ, Tết, nghỉ bù và ngày làm bù của các năm từ thư viện holidays; "
        "không ghi đè ngày đã có (kể cả ngày quản trị viên đã sửa). / Seed the working "
        "calendar's holidays, days off and make-up working days for the given years."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("years", nargs="+", type=int, help="năm / year, e.g. 2020")

    def handle(self, *args: Any, **options: Any) -> None:
        years: list[int] = options["years"]
        bad = [y for y in years if not 1995 <= y <= 2100]
        if bad:
            raise CommandError(
                f"Năm không hợp lệ (1995–2100): {', '.join(map(str, bad))} / "
                "invalid year (1995–2100)"
            )
        for year in sorted(set(years)):
            added = calendar_seed_year(year=year)
            self.stdout.write(
                f"Năm {year}: thêm {added} ngày vào lịch làm việc ({LIBRARY_SOURCE})."
            )
