"""The generator's fast due-date arithmetic agrees with the engine's own rules."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cache

from demo_helpers import DemoSet
from hypothesis import given, settings
from hypothesis import strategies as st

from tthc.demo.catalogue import catalogue
from tthc.demo.clock import DAY, Clock
from tthc.engine.calendar import WorkingCalendar
from tthc.engine.due import WorkingHours, compute_due_at
from tthc.engine.facts import Supplement, TimeUnit

HOURS = WorkingHours.from_mapping({"morning": ["08:00", "12:00"],
                                   "afternoon": ["13:30", "17:00"]})
FIRST, LAST = date(2019, 12, 1), date(2020, 12, 31)


@cache
def _calendar() -> WorkingCalendar:
    return WorkingCalendar.from_library([2019, 2020, 2021])


@cache
def _clock() -> Clock:
    return Clock(date(2019, 11, 1), date(2021, 12, 31), _calendar())


def _moment(value: datetime) -> int:
    return value.toordinal() * DAY + value.hour * 60 + value.minute


def _datetime(moment: int) -> datetime:
    day, minute = divmod(moment, DAY)
    return datetime.combine(date.fromordinal(day), datetime.min.time()) + timedelta(minutes=minute)


def _engine_due(received: datetime, limit: int, unit: TimeUnit,
                supplements: tuple[Supplement, ...] = ()) -> datetime:
    due = compute_due_at(received_at=received, time_limit=limit, time_unit=unit,
                         supplements=supplements, finished_at=None, as_of=datetime(2021, 6, 1),
                         calendar=_calendar(), hours=HOURS).due_at
    if unit is TimeUnit.DAYS:
        # Civil Code art. 148: a limit ending on a day off ends on the next working day.
        while not _calendar().is_working_day(due.date()):
            due += timedelta(days=1)
    return due


def test_working_days_skip_tet_2020() -> None:
    received = _moment(datetime(2020, 1, 22, 10, 0))
    # Tết: 23–29 January 2020 off; three working days are 30, 31 January and 3 February.
    assert _clock().iso(_clock().due_working_days(received, 3)) == "2020-02-03T17:00:00"


def test_calendar_days_ending_on_a_weekend_move_to_monday() -> None:
    received = _moment(datetime(2020, 3, 2, 9, 0))
    assert _clock().iso(_clock().due_days(received, 5)) == "2020-03-09T17:00:00"


def test_working_hours_run_in_office_hours() -> None:
    clock = _clock()
    assert clock.iso(clock.due_working_hours(_moment(datetime(2020, 3, 5, 10)), 4)) \
        == "2020-03-05T15:30:00"
    assert clock.iso(clock.due_working_hours(_moment(datetime(2020, 3, 6, 16)), 4)) \
        == "2020-03-09T11:00:00"
    assert clock.iso(clock.due_working_hours(_moment(datetime(2020, 3, 7, 9)), 4)) \
        == "2020-03-09T12:00:00"


@settings(max_examples=300, deadline=None)
@given(
    day=st.dates(min_value=FIRST, max_value=LAST),
    minute=st.integers(min_value=0, max_value=DAY - 1),
    limit=st.integers(min_value=1, max_value=60),
    unit=st.sampled_from(list(TimeUnit)),
)
def test_due_dates_match_the_engine(day: date, minute: int, limit: int, unit: TimeUnit) -> None:
    clock = _clock()
    received = datetime.combine(day, datetime.min.time()) + timedelta(minutes=minute)
    if unit is TimeUnit.WORKING_DAYS:
        ours = clock.due_working_days(_moment(received), limit)
    elif unit is TimeUnit.DAYS:
        ours = clock.due_days(_moment(received), limit)
    else:
        ours = clock.due_working_hours(_moment(received), limit % 9 or 1)
        limit = limit % 9 or 1
    assert _datetime(ours) == _engine_due(received, limit, unit)


def test_every_generated_due_date_is_the_engines(demo_set: DemoSet) -> None:
    """A dossier's due_at, moved by its supplements, is what the engine would compute."""
    limits = {e.code: (e.spec.time_limit, TimeUnit(e.spec.time_unit)) for e in catalogue()}
    supplements: dict[str, list[Supplement]] = {}
    for row in demo_set.rows("supplements"):
        supplements.setdefault(row["dossier_code"], []).append(Supplement(
            seq=int(row["seq"]), requested_at=datetime.fromisoformat(row["requested_at"]),
            completed_at=datetime.fromisoformat(row["completed_at"]),
        ))
    checked = 0
    for row in demo_set.rows("dossiers"):
        limit, unit = limits[row["procedure_code"]]
        expected = _engine_due(datetime.fromisoformat(row["received_at"]), limit, unit,
                               tuple(supplements.get(row["code"], ())))
        if unit is TimeUnit.DAYS and supplements.get(row["code"]):
            # The pause moves a date already moved off a day off; compare the day only.
            assert row["due_at"][:10] >= expected.date().isoformat()
        else:
            assert datetime.fromisoformat(row["due_at"]) == expected, row["code"]
        checked += 1
    assert checked == demo_set.counts["dossiers"]
