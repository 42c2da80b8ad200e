"""The stored working calendar: seeding, administrators' edits, the engine calendar."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tthc.engine.calendar import LIBRARY_SOURCE, seed_days
from tthc.organisation.models import CalendarDay, CalendarDayKind
from tthc.organisation.selectors import working_calendar
from tthc.organisation.services import MANUAL_SOURCE, calendar_seed_year

pytestmark = pytest.mark.django_db


def test_seeding_inserts_the_library_days_once() -> None:
    expected = len(seed_days(2020))
    assert calendar_seed_year(year=2020) == expected
    assert calendar_seed_year(year=2020) == 0
    rows = CalendarDay.objects.filter(date__year=2020)
    assert rows.count() == expected
    tet = rows.get(date=date(2020, 1, 25))
    assert (tet.kind, tet.name, tet.source) == (
        CalendarDayKind.HOLIDAY, "Tết Nguyên Đán", LIBRARY_SOURCE
    )
    assert rows.get(date=date(2020, 1, 23)).kind == CalendarDayKind.DAY_OFF


def test_seeding_stores_make_up_working_days() -> None:
    calendar_seed_year(year=2019)
    saturday = CalendarDay.objects.get(date=date(2019, 5, 4))
    assert saturday.kind == CalendarDayKind.WORKDAY
    assert "29/04/2019" in saturday.name


def test_fresh_database_seeds_the_years_asked_for_and_the_next() -> None:
    assert not CalendarDay.objects.exists()
    calendar = working_calendar(years=[2020])
    assert not calendar.is_working_day(date(2020, 1, 28))
    # A limit running from December 2020 meets Tết 2021.
    assert not calendar.is_working_day(date(2021, 2, 12))
    assert set(CalendarDay.objects.dates("date", "year")) == {date(2020, 1, 1), date(2021, 1, 1)}
    added = CalendarDay.objects.count()
    working_calendar(years=[2020, 2021])
    assert CalendarDay.objects.count() - added == len(seed_days(2022))


def test_extra_day_off_announced_by_the_province_survives_reseeding() -> None:
    calendar_seed_year(year=2020)
    friday = date(2020, 3, 6)
    assert working_calendar(years=[2020]).is_working_day(friday)
    CalendarDay.objects.create(date=friday, kind=CalendarDayKind.DAY_OFF,
                               name="Nghỉ theo thông báo của UBND tỉnh", source=MANUAL_SOURCE)
    assert calendar_seed_year(year=2020) == 0
    calendar = working_calendar(years=[2020])
    assert not calendar.is_working_day(friday)
    assert calendar.reason(friday) == "Nghỉ theo thông báo của UBND tỉnh"
    assert calendar.add_working_days(date(2020, 3, 5), 1) == date(2020, 3, 9)


def test_administrator_turns_a_library_day_into_a_working_day() -> None:
    calendar_seed_year(year=2020)
    # The province keeps its desk open on 29 Tết (a compensatory day in the library).
    row = CalendarDay.objects.get(date=date(2020, 1, 23))
    row.kind, row.name, row.source = (CalendarDayKind.WORKDAY, "Trực Bộ phận Một cửa",
                                      MANUAL_SOURCE)
    row.save()
    assert calendar_seed_year(year=2020) == 0
    row.refresh_from_db()
    assert (row.kind, row.source) == (CalendarDayKind.WORKDAY, MANUAL_SOURCE)
    calendar = working_calendar(years=[2020])
    assert calendar.is_working_day(date(2020, 1, 23))
    assert calendar.add_working_days(date(2020, 1, 22), 1) == date(2020, 1, 23)


def test_swapped_working_saturday_entered_before_seeding() -> None:
    saturday = date(2027, 3, 13)
    CalendarDay.objects.create(date=saturday, kind=CalendarDayKind.WORKDAY,
                               name="Làm bù theo quyết định của tỉnh", source=MANUAL_SOURCE)
    # The year holds only an administrator's row: it has not been seeded yet.
    calendar = working_calendar(years=[2027])
    assert calendar.is_working_day(saturday)
    assert CalendarDay.objects.filter(date__year=2027).exclude(source=MANUAL_SOURCE).exists()
    assert CalendarDay.objects.get(date=saturday).source == MANUAL_SOURCE
    assert calendar.add_working_days(date(2027, 3, 12), 1) == saturday


def test_calendar_seed_command_reports_in_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("calendar_seed", "2021", "2020")
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"Năm 2020: thêm {len(seed_days(2020))} ngày vào lịch làm việc ({LIBRARY_SOURCE}).",
        f"Năm 2021: thêm {len(seed_days(2021))} ngày vào lịch làm việc ({LIBRARY_SOURCE}).",
    ]
    call_command("calendar_seed", "2020")
    assert capsys.readouterr().out.strip() == (
        f"Năm 2020: thêm 0 ngày vào lịch làm việc ({LIBRARY_SOURCE})."
    )


def test_calendar_seed_command_refuses_an_impossible_year() -> None:
    with pytest.raises(CommandError, match="Năm không hợp lệ"):
        call_command("calendar_seed", "20")
    assert not CalendarDay.objects.exists()
