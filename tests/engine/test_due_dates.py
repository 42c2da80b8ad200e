"""Computed due dates: the golden cases of tests/golden/due_dates.yaml and edge rules."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from tthc.engine.calendar import WorkingCalendar
from tthc.engine.due import DueDate, WorkingHours, compute_due_at
from tthc.engine.facts import Supplement, TimeUnit

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "due_dates.yaml"
DATA = yaml.safe_load(GOLDEN.read_text(encoding="utf-8"))
CASES: list[dict[str, Any]] = DATA["cases"]
HOURS = WorkingHours.from_mapping(DATA["working_hours"])
# Scoring "now" for cases that do not set one: later than every case's dates.
FAR_AS_OF = datetime(2030, 1, 1)


@pytest.fixture(scope="module")
def calendar() -> WorkingCalendar:
    return WorkingCalendar.from_library(range(2018, 2028))


def _when(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(str(value))


def _compute(case: dict[str, Any], calendar: WorkingCalendar) -> DueDate:
    received_at = _when(case["received_at"])
    assert received_at is not None
    return compute_due_at(
        received_at=received_at,
        time_limit=case["time_limit"],
        time_unit=TimeUnit(case["time_unit"]),
        supplements=[
            Supplement(
                seq=s["seq"],
                requested_at=_when(s.get("requested_at")),
                completed_at=_when(s.get("completed_at")),
            )
            for s in case.get("supplements", [])
        ],
        finished_at=_when(case.get("finished_at")),
        as_of=_when(case.get("as_of")) or FAR_AS_OF,
        calendar=calendar,
        hours=HOURS,
    )


def test_golden_file_is_readable_and_covers_every_unit() -> None:
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), "tên trường hợp trùng nhau / duplicate case names"
    assert {c["time_unit"] for c in CASES} == {u.value for u in TimeUnit}
    assert len(CASES) >= 25


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_golden_due_date(case: dict[str, Any], calendar: WorkingCalendar) -> None:
    result = _compute(case, calendar)
    assert result.due_at == _when(case["expected_due_at"]), "\n".join(result.evidence)
    if "expected_base_due_at" in case:
        assert result.base_due_at == _when(case["expected_base_due_at"])
    if "expected_paused_working_days" in case:
        assert result.paused_working_days == case["expected_paused_working_days"]
    else:
        assert result.paused_working_days == 0
        assert result.due_at == result.base_due_at
    text = "\n".join(result.evidence)
    for phrase in case.get("expected_evidence_contains", []):
        assert phrase in text
    # The explanation always ends with the date it explains.
    assert result.evidence[-1] == f"Hạn: {result.due_at:%d/%m/%Y %H:%M}."


def test_evidence_explains_tet_2020_in_vietnamese(calendar: WorkingCalendar) -> None:
    result = compute_due_at(
        received_at=datetime(2020, 1, 22, 9), time_limit=5,
        time_unit=TimeUnit.WORKING_DAYS, supplements=(), finished_at=None,
        as_of=FAR_AS_OF, calendar=calendar, hours=HOURS,
    )
    assert result.evidence == (
        "Tiếp nhận 22/01/2020 09:00 (thứ Tư).",
        "Thời hạn 5 ngày làm việc, tính từ ngày làm việc tiếp theo (30/01/2020).",
        "Trong khoảng này: nghỉ 23/01–29/01/2020 (29 Tết; Giao thừa Tết Nguyên Đán; "
        "Tết Nguyên Đán; …).",
        "Hạn theo thời hạn: 05/02/2020 17:00.",
        "Hạn: 05/02/2020 17:00.",
    )


def test_pause_evidence_names_each_request(calendar: WorkingCalendar) -> None:
    result = compute_due_at(
        received_at=datetime(2020, 3, 2, 9), time_limit=10,
        time_unit=TimeUnit.WORKING_DAYS,
        supplements=(
            Supplement(seq=2, requested_at=datetime(2020, 3, 11), completed_at=None),
            Supplement(seq=1, requested_at=datetime(2020, 3, 4), completed_at=datetime(2020, 3, 6)),
        ),
        finished_at=datetime(2020, 3, 16, 10), as_of=FAR_AS_OF,
        calendar=calendar, hours=HOURS,
    )
    assert result.paused_working_days == 2 + 3
    assert (
        "Yêu cầu bổ sung lần 1 ngày 04/03/2020, hoàn thành 06/03/2020: "
        "tạm dừng 2 ngày làm việc (05/03–06/03/2020)." in result.evidence
    )
    assert (
        "Tổng thời gian tạm dừng 5 ngày làm việc: hạn lùi từ 16/03/2020 đến 23/03/2020."
        in result.evidence
    )
    # Requests are explained in their order, whatever order the data gave them in.
    lines = [e for e in result.evidence if e.startswith("Yêu cầu bổ sung")]
    assert [line.split()[5] for line in lines] == ["1", "2"]


def test_completion_before_the_next_working_day_pauses_nothing(
    calendar: WorkingCalendar,
) -> None:
    result = compute_due_at(
        received_at=datetime(2020, 3, 2, 9), time_limit=3,
        time_unit=TimeUnit.WORKING_DAYS,
        supplements=(Supplement(seq=1, requested_at=datetime(2020, 3, 6, 9),
                                completed_at=datetime(2020, 3, 7, 9)),),
        finished_at=None, as_of=FAR_AS_OF, calendar=calendar, hours=HOURS,
    )
    assert result.paused_working_days == 0
    assert result.due_at == datetime(2020, 3, 5, 17)
    assert any("không tạm dừng ngày làm việc nào" in e for e in result.evidence)


def test_zero_limit_is_the_receipt_day_or_moment(calendar: WorkingCalendar) -> None:
    common: dict[str, Any] = {
        "supplements": (), "finished_at": None, "as_of": FAR_AS_OF,
        "calendar": calendar, "hours": HOURS, "time_limit": 0,
    }
    assert compute_due_at(received_at=datetime(2020, 3, 2, 9),
                          time_unit=TimeUnit.WORKING_DAYS, **common
                          ).due_at == datetime(2020, 3, 2, 17)
    assert compute_due_at(received_at=datetime(2020, 3, 2, 12, 30),
                          time_unit=TimeUnit.WORKING_HOURS, **common
                          ).due_at == datetime(2020, 3, 2, 13, 30)


def test_timezone_of_the_receipt_is_kept(calendar: WorkingCalendar) -> None:
    from zoneinfo import ZoneInfo

    hanoi = ZoneInfo("Asia/Ho_Chi_Minh")
    result = compute_due_at(
        received_at=datetime(2020, 3, 2, 10, 30, tzinfo=hanoi), time_limit=4,
        time_unit=TimeUnit.WORKING_HOURS,
        supplements=(Supplement(seq=1, requested_at=datetime(2020, 3, 2, 14, tzinfo=hanoi),
                                completed_at=datetime(2020, 3, 3, 9, tzinfo=hanoi)),),
        finished_at=None, as_of=datetime(2020, 4, 1, tzinfo=hanoi),
        calendar=calendar, hours=HOURS,
    )
    assert result.due_at == datetime(2020, 3, 3, 16, tzinfo=hanoi)
    assert result.due_at.tzinfo is hanoi


def test_negative_limit_is_refused(calendar: WorkingCalendar) -> None:
    with pytest.raises(ValueError, match="không thể âm"):
        compute_due_at(
            received_at=datetime(2020, 3, 2, 9), time_limit=-1,
            time_unit=TimeUnit.WORKING_DAYS, supplements=(), finished_at=None,
            as_of=FAR_AS_OF, calendar=calendar, hours=HOURS,
        )


def test_time_unit_given_as_text_from_rule_data(calendar: WorkingCalendar) -> None:
    result = compute_due_at(
        received_at=datetime(2020, 3, 2, 9), time_limit=15,
        time_unit="days",  # type: ignore[arg-type]
        supplements=(), finished_at=None, as_of=FAR_AS_OF, calendar=calendar, hours=HOURS,
    )
    assert result.due_at == datetime(2020, 3, 17, 17)


def test_working_hours_from_mapping() -> None:
    assert HOURS.label() == "08:00–12:00, 13:30–17:00"
    assert HOURS.day_length.total_seconds() == 7.5 * 3600
    other = WorkingHours.from_mapping({"morning": ["07:30", "11:30"],
                                       "afternoon": ["13:00", "16:30"]})
    assert other.afternoon_end.hour == 16 and other.afternoon_end.minute == 30


@pytest.mark.parametrize(
    "mapping",
    [
        {"morning": ["08:00", "12:00"]},
        {"morning": ["08:00"], "afternoon": ["13:30", "17:00"]},
        {"morning": ["8h", "12:00"], "afternoon": ["13:30", "17:00"]},
        {"morning": ["12:00", "08:00"], "afternoon": ["13:30", "17:00"]},
        {"morning": ["08:00", "14:00"], "afternoon": ["13:30", "17:00"]},
    ],
)
def test_working_hours_refuse_bad_rule_data(mapping: dict[str, list[str]]) -> None:
    with pytest.raises(ValueError, match=r"Giờ làm việc|Mỗi buổi"):
        WorkingHours.from_mapping(mapping)
