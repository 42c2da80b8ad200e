"""Field parsers for the canonical interchange format (interchange.md §1).

Each parser checks one kind of value and describes itself, in the manner of Django's
password validators; a row is checked field by field so that every problem of the row
is reported, not only the first.
"""

from __future__ import annotations

import functools
import math
import re
import reprlib
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import Enum
from typing import Any

from django.utils import timezone


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (or odd) with one field of one row.

    ``vi`` and ``en`` are reasons without the location, starting in lower case and
    without a final full stop, so that they read inside "Dòng 12, trường …: <reason>."
    """

    code: str
    field: str
    vi: str
    en: str


class Invalid(Exception):
    """Raised by a parser; the caller attaches the field name."""

    def __init__(self, code: str, vi: str, en: str) -> None:
        super().__init__(en)
        self.code = code
        self.vi = vi
        self.en = en


# Surrogate escapes are how undecodable bytes survive `errors="surrogateescape"`; a
# lone surrogate escaped in JSON is just as unstorable.
_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 and C1 control characters and DEL. PostgreSQL refuses NUL outright, and the others
# are never meant in a name or a code: they come from binary files or broken exports.
# Every Instant parser, whose caches `clear_caches` empties.
_INSTANTS: list[Instant] = []
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROL_MULTILINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Both problems in one scan: almost every cell is clean, and one search is half the cost
# of two on the import's hot path; `check_text` then says which problem it is.
SUSPECT = re.compile("[\ud800-\udfff\x00-\x1f\x7f-\x9f]").search
SUSPECT_MULTILINE = re.compile("[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]").search


def check_text(value: str, *, multiline: bool = False) -> Invalid | None:
    """The encoding and control-character problem of a raw text cell, if any."""
    if _SURROGATE.search(value):
        return Invalid(
            "invalid_utf8",
            "chứa byte không hợp lệ theo UTF-8",
            "holds bytes that are not valid UTF-8",
        )
    found = (_CONTROL_MULTILINE if multiline else _CONTROL).search(value)
    if found:
        char = f"U+{ord(found.group()):04X}"
        return Invalid(
            "control_character",
            f"chứa ký tự điều khiển {char}",
            f"holds the control character {char}",
        )
    return None


def normalise_text(value: str) -> str:
    # NFC first: decomposed Vietnamese (e.g. "ư" as u + horn) breaks comparisons. ASCII
    # text (codes, dates) is NFC already.
    if not value.isascii():
        value = unicodedata.normalize("NFC", value)
    return value.strip()


# repr() of a deeply nested JSON value recurses once per level, and of a huge integer
# builds thousands of digits only to cut them: the quoted value is bounded as it is built.
_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict = 3, 10, 10
_REPR.maxstring = _REPR.maxlong = _REPR.maxother = 60


def shown(raw: object) -> str:
    """A raw value as quoted in a message, cut short so a report stays readable."""
    text = raw if isinstance(raw, str) else _REPR.repr(raw)
    return text if len(text) <= 60 else text[:57] + "…"


class Parser:
    """Turns one non-empty cell (a string, or a JSON value) into a stored value."""

    code = "invalid_value"
    multiline = False
    describe_vi = ""
    describe_en = ""

    def parse(self, raw: object) -> Any:
        raise NotImplementedError

    def wrong(self, raw: object) -> Invalid:
        return Invalid(
            self.code,
            f"giá trị ({shown(raw)}) không phải {self.describe_vi}",
            f"the value ({shown(raw)}) is not {self.describe_en}",
        )


class Text(Parser):
    code = "invalid_text"
    describe_vi = "văn bản"
    describe_en = "text"

    def __init__(self, max_length: int | None = None, *, multiline: bool = False) -> None:
        self.max_length = max_length
        self.multiline = multiline

    def parse(self, raw: object) -> str:
        # A JSON integer code (e.g. 12) is the same code as the text "12".
        if isinstance(raw, int) and not isinstance(raw, bool):
            raw = str(raw)
        if not isinstance(raw, str):
            raise self.wrong(raw)
        if self.max_length is not None and len(raw) > self.max_length:
            raise Invalid(
                "too_long",
                f"dài {len(raw)} ký tự, tối đa {self.max_length}",
                f"is {len(raw)} characters long, at most {self.max_length} allowed",
            )
        return raw


def clear_caches() -> None:
    """Forget the values remembered while a file was read (a long-lived process)."""
    for parser in _INSTANTS:
        parser.seen.clear()


class Instant(Parser):
    """ISO 8601 date or date-time; without an offset it is Asia/Ho_Chi_Minh time."""

    code = "invalid_date"
    describe_vi = "ngày giờ ISO 8601 (vd. 2020-03-02 hoặc 2020-03-02T14:05:00)"
    describe_en = "an ISO 8601 date or date-time (e.g. 2020-03-02 or 2020-03-02T14:05:00)"

    def __init__(self) -> None:
        # Text → instant. Equal instants share one object, whose hash (used when it is
        # written) is then computed once; due dates and rounded times repeat a lot.
        self.seen: dict[str, datetime] = {}
        _INSTANTS.append(self)

    def parse(self, raw: object) -> datetime:
        if not isinstance(raw, str):
            raise self.wrong(raw)
        value = self.seen.get(raw)
        if value is None:
            value = self._parse(raw)
            if len(self.seen) >= 100_000:
                self.seen.clear()
            self.seen[raw] = value
        return value

    def _parse(self, raw: str) -> datetime:
        if len(raw) == 19 and raw[13] == ":" and raw[16] == ":":
            # The common case, "2020-03-02T14:05:00" in a year the zone keeps one offset:
            # parsed with that offset in one call (a tzinfo replace costs ten times it).
            suffix = _OFFSET_SUFFIX.get(raw[:4])
            if suffix is None:
                suffix = _offset_suffix(raw[:4])
            if suffix:
                try:
                    return datetime.fromisoformat(raw + suffix)
                except ValueError:
                    raise self.wrong(raw) from None
        try:
            value = datetime.fromisoformat(raw)
        except ValueError:
            raise self.wrong(raw) from None
        if value.tzinfo is None:
            value = value.replace(tzinfo=local_zone())
        if 1 < value.year < 9999:
            return value
        try:
            # Dates compare in local time and are stored in UTC; an instant at the edge
            # of the calendar (01/01/0001 00:00 here) has no UTC or local equivalent.
            value.astimezone(local_zone())
            value.astimezone(UTC)
        except OverflowError:
            raise self.wrong(raw) from None
        return value


@functools.cache
def local_zone() -> tzinfo:
    """The project's time zone (settings are read once: this is on the hot path)."""
    return timezone.get_default_timezone()


# Year ("2020") → the local offset as ISO text ("+07:00"), or "" when the zone changes
# its offset that year (summer time) or the year is out of the ordinary range.
_OFFSET_SUFFIX: dict[str, str] = {}
# Year → the fixed offset that is local time all that year.
_YEAR_OFFSET: dict[int, tzinfo] = {}


def _offset_suffix(year_text: str) -> str:
    suffix = ""
    if year_text.isdigit() and 1900 < int(year_text) < 9999:
        zone, year = local_zone(), int(year_text)
        start = datetime(year, 1, 1, tzinfo=zone)
        offsets = {(start + timedelta(hours=12 * half)).utcoffset() for half in range(2 * 367)}
        if len(offsets) == 1:
            (offset,) = offsets
            assert offset is not None
            sign, size = ("-", -offset) if offset < timedelta(0) else ("+", offset)
            minutes = int(size.total_seconds()) // 60
            suffix = f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
            fixed = datetime.fromisoformat(f"{year_text}-06-01T00:00:00{suffix}").tzinfo
            assert fixed is not None
            _YEAR_OFFSET[year] = fixed
    _OFFSET_SUFFIX[year_text] = suffix
    return suffix


def has_time(raw: object) -> bool:
    """Whether an instant was given with its time of day (not a bare date)."""
    return isinstance(raw, str) and len(raw) > 10


def local_date(value: datetime) -> date:
    zone = local_zone()
    if value.tzinfo is zone or value.tzinfo == _YEAR_OFFSET.get(value.year):
        return value.date()  # its own wall clock is local time
    return value.astimezone(zone).date()


class Day(Parser):
    code = "invalid_date"
    describe_vi = "ngày ISO 8601 (vd. 2020-03-02)"
    describe_en = "an ISO 8601 date (e.g. 2020-03-02)"

    def parse(self, raw: object) -> date:
        if not isinstance(raw, str):
            raise self.wrong(raw)
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise self.wrong(raw) from None


_TRUE = frozenset({"true", "1", "có"})
_FALSE = frozenset({"false", "0", "không"})


class Flag(Parser):
    code = "invalid_boolean"
    describe_vi = "giá trị đúng/sai (true/false, 1/0, có/không)"
    describe_en = "a boolean (true/false, 1/0, có/không)"

    def parse(self, raw: object) -> bool:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, int) and raw in (0, 1):
            return bool(raw)
        if isinstance(raw, str):
            # Input is already NFC, so "CÓ".lower() meets the NFC "có" of the table.
            folded = raw.lower()
            if folded in _TRUE:
                return True
            if folded in _FALSE:
                return False
        raise self.wrong(raw)


# One optional sign, then ASCII digits: "+-1" is not a number, and a bound on the digits
# keeps int() from refusing (or spending time on) a value thousands of digits long.
_INTEGER = re.compile(r"[+-]?0*[0-9]{1,18}").fullmatch


class Count(Parser):
    code = "invalid_integer"

    def __init__(self, minimum: int = 0, maximum: int = 2_147_483_647) -> None:
        # The maximum is the column's: PostgreSQL refuses an out-of-range integer.
        self.minimum = minimum
        self.maximum = maximum
        self.describe_vi = f"số nguyên từ {minimum:,} đến {maximum:,}".replace(",", ".")
        self.describe_en = f"a whole number from {minimum:,} to {maximum:,}"

    def parse(self, raw: object) -> int:
        if isinstance(raw, int) and not isinstance(raw, bool):
            value = raw
        elif isinstance(raw, str) and ((raw.isdigit() and raw.isascii() and len(raw) < 19)
                                       or _INTEGER(raw)):  # the common case, then any other
            value = int(raw)
        else:
            raise self.wrong(raw)
        if not self.minimum <= value <= self.maximum:
            raise self.wrong(raw)
        return value


class Choice(Parser):
    """One code of an enumeration, case-insensitive, plus documented legacy aliases."""

    code = "invalid_choice"

    def __init__(self, choices: type[Enum], aliases: dict[str, str] | None = None) -> None:
        self.values = {str(member.value).lower(): str(member.value) for member in choices}
        self.values.update(aliases or {})
        listed = ", ".join(str(member.value) for member in choices)
        self.describe_vi = f"một trong: {listed}"
        self.describe_en = f"one of: {listed}"

    def parse(self, raw: object) -> str:
        if isinstance(raw, int) and not isinstance(raw, bool):
            raw = str(raw)
        if isinstance(raw, str):
            value = self.values.get(raw.lower())
            if value is not None:
                return value
        raise Invalid(
            self.code,
            f"giá trị ({shown(raw)}) không hợp lệ, phải là {self.describe_vi}",
            f"the value ({shown(raw)}) is unknown, expected {self.describe_en}",
        )


class Record(Parser):
    """A JSON object kept as the source gave it (the portal keys we have no column for).

    Its text is checked and normalised like any cell, keys included: PostgreSQL refuses
    a NUL even inside JSON. Line breaks and tabs are allowed (notes, addresses).
    """

    code = "invalid_record"
    multiline = True
    describe_vi = "một đối tượng JSON"
    describe_en = "a JSON object"

    def parse(self, raw: object) -> dict[str, Any]:
        if not isinstance(raw, dict):
            raise self.wrong(raw)
        return self._clean(raw, "")  # type: ignore[no-any-return]

    def _clean(self, value: Any, path: str) -> Any:
        if isinstance(value, float) and not math.isfinite(value):
            # Python's json reads NaN and Infinity, which are not JSON: stored, they make
            # the column invalid (PostgreSQL refuses them, SQLite's JSON_VALID check too).
            text = "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
            raise Invalid("invalid_number", f"{path}: {text} không phải một số JSON hợp lệ",
                          f"{path}: {text} is not a valid JSON number")
        if isinstance(value, str):
            bad = check_text(value, multiline=True)
            if bad:
                raise Invalid(bad.code, f"{path}: {bad.vi}", f"{path}: {bad.en}")
            return value if value.isascii() else unicodedata.normalize("NFC", value)
        if isinstance(value, dict):
            return {self._clean(str(k), path): self._clean(v, f"{path}.{k}" if path else str(k))
                    for k, v in value.items()}
        if isinstance(value, list):
            return [self._clean(v, f"{path}[{i}]") for i, v in enumerate(value)]
        return value
