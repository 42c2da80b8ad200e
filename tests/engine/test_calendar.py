"""The working calendar: library seeding (Tết years checked by date) and arithmetic."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tthc.engine.calendar import (
    DAY_OFF,
    HOLIDAY,
    LIBRARY_SOURCE,
    WORKDAY,
    CalendarEntry,
    WorkingCalendar,
    seed_days,
)

YEARS = range(2018, 2028)
CALENDAR = WorkingCalendar.from_library(YEARS)
DAYS = st.dates(min_value=date(2016, 1, 1), max_value=date(2030, 12, 31))
LIMITS = st.integers(min_value=0, max_value=400)


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _naive_is_working(cal: WorkingCalendar, d: date) -> bool:
    """The definition, read from the reasons: a weekday without a day off, or a swap."""
    why = cal.reason(d)
    if why is None:
        return True
    return why.startswith("Ngày làm việc bù")


# --- Seeding from the holidays library -------------------------------------------------

@pytest.mark.parametrize(
    ("first_off", "last_off"),
    [
        (date(2020, 1, 23), date(2020, 1, 29)),  # Tết Canh Tý
        (date(2021, 2, 10), date(2021, 2, 16)),  # Tết Tân Sửu
        (date(2026, 2, 16), date(2026, 2, 20)),  # Tết Bính Ngọ (with the weekends: 14–22/02)
    ],
)
def test_tet_break_is_off_and_the_days_around_it_are_worked(first_off: date,
                                                            last_off: date) -> None:
    assert all(not CALENDAR.is_working_day(d) for d in _days(first_off, last_off))
    before = first_off - timedelta(days=1)
    while before.weekday() >= 5:
        before -= timedelta(days=1)
    assert CALENDAR.is_working_day(before)
    assert CALENDAR.next_working_day(last_off).toordinal() - last_off.toordinal() in (1, 3)
    names = {CALENDAR.reason(d) for d in _days(first_off, last_off)}
    assert "Tết Nguyên Đán" in names


def test_tet_2026_weekdays_off_are_exactly_16_to_20_february() -> None:
    february = _days(date(2026, 2, 9), date(2026, 2, 27))
    off_weekdays = [d for d in february if d.weekday() < 5 and not CALENDAR.is_working_day(d)]
    assert off_weekdays == _days(date(2026, 2, 16), date(2026, 2, 20))


def test_seed_days_kinds_names_and_source() -> None:
    entries = {e.date: e for e in seed_days(2020)}
    assert entries[date(2020, 1, 1)] == CalendarEntry(
        date(2020, 1, 1), HOLIDAY, "Tết Dương lịch", LIBRARY_SOURCE
    )
    assert entries[date(2020, 1, 25)].name_vi == "Tết Nguyên Đán"
    # 29 Tết is given instead of a Tết day falling on the weekend: a compensatory day off.
    assert entries[date(2020, 1, 23)].kind == DAY_OFF
    assert entries[date(2020, 4, 2)].name_vi == "Ngày Giỗ Tổ Hùng Vương"
    assert LIBRARY_SOURCE.startswith("holidays 0.")
    assert all(e.date.year == 2020 for e in entries.values())
    for entry in entries.values():
        assert unicodedata.is_normalized("NFC", entry.name_vi)


def test_seed_days_has_the_2019_swap_and_the_cross_year_one() -> None:
    days_2019 = {e.date: e for e in seed_days(2019)}
    assert days_2019[date(2019, 5, 4)].kind == WORKDAY
    assert days_2019[date(2019, 5, 4)].name_vi == "Ngày làm việc bù (cho ngày nghỉ 29/04/2019)"
    assert days_2019[date(2019, 4, 29)].kind == DAY_OFF
    # 31/12/2018 off, worked back on Saturday 05/01/2019: each half in its own year.
    assert days_2019[date(2019, 1, 5)].name_vi == "Ngày làm việc bù (cho ngày nghỉ 31/12/2018)"
    assert {e.date: e.kind for e in seed_days(2018)}[date(2018, 12, 31)] == DAY_OFF


def test_national_day_has_an_adjacent_day_from_2021() -> None:
    assert not CALENDAR.is_working_day(date(2021, 9, 3))
    assert CALENDAR.is_working_day(date(2020, 9, 3))
    assert CALENDAR.reason(date(2021, 9, 3)) == "Quốc khánh"


def test_compensatory_day_off_and_made_up_saturday() -> None:
    assert CALENDAR.reason(date(2021, 5, 3)) == "Ngày Quốc tế Lao động (nghỉ bù)"
    assert not CALENDAR.is_working_day(date(2021, 5, 3))
    assert CALENDAR.is_working_day(date(2025, 4, 26))  # a Saturday worked for 2 May
    assert not CALENDAR.is_working_day(date(2025, 5, 2))


# --- Arithmetic -----------------------------------------------------------------------

def test_plain_week_without_exceptions() -> None:
    cal = WorkingCalendar({}, {})
    friday = date(2020, 3, 6)
    assert cal.is_working_day(friday)
    assert not cal.is_working_day(friday + timedelta(days=1))
    assert cal.next_working_day(friday) == date(2020, 3, 9)
    assert cal.add_working_days(friday, 0) == friday
    assert cal.add_working_days(friday, 5) == date(2020, 3, 13)
    assert cal.add_working_days(date(2020, 3, 9), -1) == friday
    assert cal.working_days_between(date(2020, 3, 2), date(2020, 3, 8)) == 5
    assert cal.working_days_between(date(2020, 3, 8), date(2020, 3, 2)) == 0
    assert cal.reason(date(2020, 3, 7)) == "Thứ Bảy (nghỉ cuối tuần)"
    assert cal.reason(date(2020, 3, 8)) == "Chủ nhật (nghỉ cuối tuần)"
    assert cal.reason(friday) is None


def test_a_date_cannot_be_both_off_and_worked() -> None:
    with pytest.raises(ValueError, match="vừa là ngày nghỉ vừa là ngày làm bù"):
        WorkingCalendar({date(2020, 3, 7): "nghỉ"}, {date(2020, 3, 7): "làm bù"})


def test_far_dates_widen_the_precomputed_range() -> None:
    cal = WorkingCalendar({date(2020, 1, 1): "Tết Dương lịch"}, {})
    assert cal.is_working_day(date(2045, 6, 5))  # a Monday
    assert cal.add_working_days(date(1990, 1, 5), 1) == date(1990, 1, 8)
    assert cal.working_days_between(date(1999, 12, 27), date(2040, 1, 6)) == sum(
        1 for d in _days(date(1999, 12, 27), date(2040, 1, 6))
        if d.weekday() < 5 and d != date(2020, 1, 1)
    )
    # 2000 working days are 400 weeks, plus one day for 1/1/2020.
    assert cal.add_working_days(date(2019, 12, 31), 2000) == date(2019, 12, 31) + timedelta(
        weeks=400, days=1
    )


def test_the_ends_of_the_date_range_are_reported() -> None:
    cal = WorkingCalendar({}, {})
    assert cal.add_working_days(date(1, 1, 3), -1) == date(1, 1, 2)
    with pytest.raises(OverflowError, match="Vượt quá giới hạn lịch"):
        cal.add_working_days(date(1, 1, 3), -5)
    with pytest.raises(OverflowError):
        cal.add_working_days(date(9999, 12, 28), 5)


def test_exceptions_lists_days_off_and_workdays_in_order() -> None:
    found = CALENDAR.exceptions(date(2019, 4, 26), date(2019, 5, 6))
    assert [(d, working) for d, _, working in found] == [
        (date(2019, 4, 29), False), (date(2019, 4, 30), False),
        (date(2019, 5, 1), False), (date(2019, 5, 4), True),
    ]


# --- Properties -------------------------------------------------------------------------

@given(DAYS, LIMITS)
def test_add_working_days_lands_on_a_working_day(d: date, n: int) -> None:
    result = CALENDAR.add_working_days(d, n)
    assert n == 0 or CALENDAR.is_working_day(result)
    assert result >= d


@given(DAYS, LIMITS, LIMITS)
def test_add_working_days_is_monotonic(d: date, n: int, m: int) -> None:
    low, high = sorted((n, m))
    assert CALENDAR.add_working_days(d, low) <= CALENDAR.add_working_days(d, high)
    if low < high:
        assert CALENDAR.add_working_days(d, low) < CALENDAR.add_working_days(d, high)


@given(DAYS, st.integers(min_value=1, max_value=400))
def test_counting_back_the_days_added_gives_n(d: date, n: int) -> None:
    assert CALENDAR.working_days_between(
        CALENDAR.next_working_day(d), CALENDAR.add_working_days(d, n)
    ) == n


@given(DAYS, st.integers(min_value=1, max_value=200))
def test_negative_steps_undo_positive_ones(d: date, n: int) -> None:
    back = CALENDAR.add_working_days(CALENDAR.add_working_days(d, n), -n)
    # From a day off, stepping back stops at the last working day before it.
    expected = d if CALENDAR.is_working_day(d) else CALENDAR.add_working_days(d, -1)
    assert back == expected


@settings(max_examples=200)
@given(DAYS, st.integers(min_value=0, max_value=70))
def test_arithmetic_matches_walking_day_by_day(d: date, span: int) -> None:
    window = _days(d, d + timedelta(days=span))
    working = [day for day in window if _naive_is_working(CALENDAR, day)]
    assert [day for day in window if CALENDAR.is_working_day(day)] == working
    assert CALENDAR.working_days_between(window[0], window[-1]) == len(working)
    after = [day for day in working if day > d]
    for n, expected in enumerate(after, start=1):
        assert CALENDAR.add_working_days(d, n) == expected
