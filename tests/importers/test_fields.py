"""The field parsers, one criterion each (no database)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from tthc.catalogue.models import OnlineLevel
from tthc.importers.fields import (
    Choice,
    Count,
    Day,
    Flag,
    Instant,
    Invalid,
    Text,
    check_text,
    normalise_text,
)
from tthc.importers.kinds import KINDS

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(("raw", "expected"), [
    ("2020-03-02", datetime(2020, 3, 2, tzinfo=HCM)),
    ("2020-03-02T14:05:00", datetime(2020, 3, 2, 14, 5, tzinfo=HCM)),
    ("2020-03-02 14:05", datetime(2020, 3, 2, 14, 5, tzinfo=HCM)),
    ("2020-03-02T07:05:00Z", datetime(2020, 3, 2, 7, 5, tzinfo=UTC)),
    ("2020-03-02T14:05:00+09:00", datetime(2020, 3, 2, 14, 5,
                                           tzinfo=timezone(timedelta(hours=9)))),
])
def test_instants_without_an_offset_are_local_time(raw: str, expected: datetime) -> None:
    value = Instant().parse(raw)
    assert value == expected and value.tzinfo is not None


@pytest.mark.parametrize("raw", ["02/03/2020", "2020-02-30", "20200302T25", "hôm qua", 20200302,
                                 "9999-12-31T23:00:00Z", "0001-01-01T03:00:00"])
def test_instants_reject_what_is_not_iso_8601(raw: object) -> None:
    with pytest.raises(Invalid) as raised:
        Instant().parse(raw)
    assert raised.value.code == "invalid_date"
    assert "ISO 8601" in raised.value.vi


def test_days_are_dates_only() -> None:
    assert Day().parse("2025-06-30") == date(2025, 6, 30)
    with pytest.raises(Invalid):
        Day().parse("2025-06-30T10:00:00")


@pytest.mark.parametrize(("raw", "expected"), [
    ("true", True), ("TRUE", True), ("1", True), ("có", True), ("Có", True), ("CÓ", True),
    ("false", False), ("0", False), ("không", False), ("KHÔNG", False), (True, True), (0, False),
])
def test_booleans(raw: object, expected: bool) -> None:
    assert Flag().parse(raw) is expected


@pytest.mark.parametrize("raw", ["yes", "co", "2", 2, "đúng"])
def test_booleans_reject_other_spellings(raw: object) -> None:
    with pytest.raises(Invalid) as raised:
        Flag().parse(raw)
    assert raised.value.code == "invalid_boolean"


def test_legacy_online_levels_map_to_today_s_names() -> None:
    level = KINDS["procedures"].field("online_level").parser
    assert [level.parse(raw) for raw in ("2", "3", "4", 4, "Full", "partial", "none")] == [
        "none", "partial", "full", "full", "full", "partial", "none"]
    with pytest.raises(Invalid):
        level.parse("5")


def test_choices_name_the_allowed_values() -> None:
    with pytest.raises(Invalid) as raised:
        Choice(OnlineLevel).parse("toàn trình")
    assert raised.value.vi == "giá trị (toàn trình) không hợp lệ, phải là một trong: none, partial, full"


def test_counts_are_whole_numbers_within_the_column() -> None:
    assert Count().parse("0") == 0 and Count(1).parse(3) == 3
    for raw in ("-1", "1.5", "x", True, "٣", "99999999999"):
        with pytest.raises(Invalid):
            Count().parse(raw)
    with pytest.raises(Invalid):
        Count(1).parse("0")


def test_text_length_is_checked() -> None:
    assert Text(3).parse("Sở") == "Sở"
    assert Text(3).parse(12) == "12"
    with pytest.raises(Invalid) as raised:
        Text(3).parse("Sở Y tế")
    assert raised.value.code == "too_long"


def test_text_checks_find_bad_bytes_and_control_characters() -> None:
    assert check_text("Sở Tư pháp") is None
    assert check_text("a\udce1b").code == "invalid_utf8"  # type: ignore[union-attr]
    assert check_text("a\x00b").code == "control_character"  # type: ignore[union-attr]
    assert check_text("a\x85b").code == "control_character"  # type: ignore[union-attr]
    assert check_text("a\tb\nc", multiline=True) is None
    assert check_text("a\x00b", multiline=True).code == "control_character"  # type: ignore[union-attr]
    assert normalise_text(" So\u031b\u0309 ") == "Sở"
